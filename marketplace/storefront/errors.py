"""Domain errors → form errors, in the user's language.

Services raise `DomainError`s whose `field` is the API's camelCase name (`postalCode`,
`address.postalCode`); a page's form names its fields in snake_case. `apply_domain_error` puts each
message on the matching form field (or on the whole form), so the page shows it next to what the
user typed and nothing is lost.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext

from marketplace.core.exceptions import DomainError


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z0-9])", "_", name).lower().replace("__", "_")


def apply_domain_error(
    form: forms.Form, exc: DomainError, *, field_map: dict | None = None
) -> None:
    """Attach every error of `exc` to `form`: by `field_map[api_field]`, by the snake_case name of
    the field's last segment, or to the whole form."""
    field_map = field_map or {}
    for error in exc.errors:
        target = None
        if error.field:
            candidates = [error.field, error.field.split(".")[-1]]
            for candidate in candidates:
                name = field_map.get(candidate) or snake(candidate)
                if name in form.fields:
                    target = name
                    break
        # Services speak Indonesian; the English catalogue translates the messages it knows.
        message = gettext(error.message) if error.message else error.code
        if target and target in form.fields and target not in (form.errors or {}):
            form.add_error(target, message)
        elif target and target in form.fields:
            form.errors[target].append(message)
        else:
            form.add_error(None, message)


def error_messages(exc: DomainError) -> list[str]:
    return [gettext(e.message) if e.message else e.code for e in exc.errors]
