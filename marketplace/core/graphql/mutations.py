"""The base of every mutation: thin (validate input, call a service, translate errors).

A mutation's `perform_mutation` returns the payload; any `DomainError` (or Django
`ValidationError`) raised by a service becomes `errors: [{field, code, message}]` and the
transaction is rolled back, so invalid input never changes data and never raises a top-level error.
"""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.core.exceptions import DomainError, FieldError

from .errors import Error


def errors_from_validation_error(exc: ValidationError) -> list[FieldError]:
    errors: list[FieldError] = []
    if hasattr(exc, "error_dict"):
        for field_name, field_errors in exc.error_dict.items():
            for err in field_errors:
                errors.append(
                    FieldError(_code_for(err.code), " ".join(err.messages), _camel(field_name))
                )
    else:
        for err in exc.error_list:
            errors.append(FieldError(_code_for(err.code), " ".join(err.messages), None))
    return errors


def _code_for(django_code: str | None) -> str:
    return {
        "required": "REQUIRED",
        "blank": "REQUIRED",
        "null": "REQUIRED",
        "unique": "UNIQUE",
        "max_length": "MAX_LENGTH",
        "max_value": "OUT_OF_RANGE",
        "min_value": "OUT_OF_RANGE",
    }.get(django_code or "", "INVALID")


def _camel(name: str) -> str | None:
    if name == "__all__":
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class BaseMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(Error), required=True)

    # Set to False on a mutation that calls an outside service (payment, carrier) and manages its
    # own short transactions: a row lock must never be held across a network call.
    atomic = True

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, **options):
        # Every concrete mutation does its work in `perform_mutation(cls, root, info, **data)`;
        # a class without one is refused when the schema is built, not at the first request.
        if not callable(getattr(cls, "perform_mutation", None)):
            raise TypeError(f"{cls.__name__} must define perform_mutation(cls, root, info, **data)")
        super().__init_subclass_with_meta__(**options)

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            if cls.atomic:
                with transaction.atomic():
                    result = cls.perform_mutation(root, info, **data)
            else:
                result = cls.perform_mutation(root, info, **data)
        except DomainError as exc:
            return cls(errors=[_to_error(e) for e in exc.errors])
        except ValidationError as exc:
            return cls(errors=[_to_error(e) for e in errors_from_validation_error(exc)])
        if result.errors is None:
            result.errors = []
        return result


def _to_error(error: FieldError) -> Error:
    return Error(field=error.field, code=error.code, message=error.message)
