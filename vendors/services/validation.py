"""Field cleaning shared by the vendor services."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from marketplace.core.exceptions import DomainError, ErrorCollector
from marketplace.core.phone import normalize_phone

from ..models import Sentra

NPWP_RE = re.compile(r"^\d{15}(\d)?$")


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def clean_text(
    errors: ErrorCollector, field: str, value: Any, *, max_length: int, required: bool = False
) -> str:
    value = text(value)
    if required and not value:
        errors.add(field, "REQUIRED", "Wajib diisi.")
    elif len(value) > max_length:
        errors.add(field, "MAX_LENGTH", f"Maksimal {max_length} karakter.")
    return value


def clean_phone(errors: ErrorCollector, field: str, value: Any) -> str:
    try:
        return normalize_phone(text(value), field=field)
    except DomainError as exc:
        errors.errors.extend(exc.errors)
        return ""


def clean_email(errors: ErrorCollector, field: str, value: Any) -> str:
    value = text(value).lower()
    if not value:
        return ""
    if len(value) > 254:
        errors.add(field, "MAX_LENGTH", "Maksimal 254 karakter.")
        return value
    try:
        validate_email(value)
    except ValidationError:
        errors.add(field, "INVALID", "Alamat email tidak valid.")
    return value


def clean_npwp(errors: ErrorCollector, field: str, value: Any) -> str:
    """NPWP as digits only: 15 (old format) or 16 (NIK-based, since 2024)."""
    value = re.sub(r"[\s.\-]", "", text(value))
    if value and not NPWP_RE.match(value):
        errors.add(field, "INVALID", "NPWP harus 15 atau 16 angka.")
    return value


def clean_sentra(errors: ErrorCollector, field: str, value: Any) -> str:
    value = text(value) or Sentra.LAINNYA
    if value not in Sentra.values:
        errors.add(field, "INVALID", "Sentra tidak dikenal.")
    return value


def clean_int_range(
    errors: ErrorCollector, field: str, value: Any, *, low: int, high: int
) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors.add(field, "OUT_OF_RANGE", f"Harus antara {low} dan {high}.")
        return None
    return value
