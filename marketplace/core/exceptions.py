"""Domain errors raised by services and translated to coded GraphQL/form errors by the API layer.

Services never import GraphQL or HTTP code; they raise these. `code` is one of
`marketplace.core.error_codes.ErrorCode`, `field` names the input field at fault (camelCase as the
API spells it) or None for errors about the whole request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str
    field: str | None = None


class DomainError(Exception):
    """One or more coded errors; nothing has been changed when a service raises it."""

    default_code = "INVALID"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        field: str | None = None,
        errors: Iterable[FieldError] | None = None,
    ) -> None:
        self.errors: list[FieldError] = list(errors or [])
        if message or not self.errors:
            self.errors.insert(0, FieldError(code or self.default_code, message, field))
        super().__init__(self.errors[0].message)

    @property
    def code(self) -> str:
        return self.errors[0].code

    @property
    def field(self) -> str | None:
        return self.errors[0].field


class NotFound(DomainError):
    """Also used when the caller may not see an object: the answer never reveals that it exists."""

    default_code = "NOT_FOUND"


class PermissionDenied(DomainError):
    default_code = "PERMISSION_DENIED"


class InvalidTransition(DomainError):
    default_code = "INVALID_TRANSITION"


class InsufficientStock(DomainError):
    default_code = "INSUFFICIENT_STOCK"

    def __init__(self, message: str = "", *, lines: list | None = None, **kwargs) -> None:
        self.lines = lines or []
        super().__init__(message, **kwargs)


@dataclass
class ErrorCollector:
    """Collects field errors during validation, then raises them together."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_name: str | None, code: str, message: str) -> None:
        self.errors.append(FieldError(code, message, field_name))

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(errors=self.errors)
