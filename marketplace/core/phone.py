"""Phone numbers: parsed and normalised to E.164 (+62…) with Google's `phonenumbers`."""

from __future__ import annotations

import phonenumbers

from .exceptions import DomainError


def normalize_phone(raw: str, *, field: str = "phone", region: str = "ID") -> str:
    """Return the number in E.164 or raise a coded error (`INVALID_PHONE`)."""
    text = (raw or "").strip()
    if not text:
        raise DomainError("Nomor telepon wajib diisi.", code="REQUIRED", field=field)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise DomainError("Nomor telepon tidak valid.", code="INVALID_PHONE", field=field)
    if not phonenumbers.is_valid_number(number):
        raise DomainError("Nomor telepon tidak valid.", code="INVALID_PHONE", field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
