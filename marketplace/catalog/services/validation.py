"""Input rules shared by the catalogue services. Each helper records coded errors on an
`ErrorCollector` so a form can show every problem at once, and returns the cleaned value."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from marketplace.core.exceptions import ErrorCollector
from marketplace.core.money import MAX_PRICE

# Attribute keys sellers may use on products and variants (Bahasa Indonesia, as the storefront
# shows them). A closed set keeps filters and the search document meaningful.
ALLOWED_ATTRIBUTE_KEYS = frozenset(
    {
        "motif",
        "bahan",
        "ukuran",
        "warna",
        "rasa",
        "berat_bersih",
        "teknik",
        "pewarna",
        "asal",
        "isi",
        "kemasan",
        "masa_simpan",
        "finishing",
        "dimensi",
        "kapasitas",
        "perawatan",
    }
)
MAX_ATTRIBUTES = 20
MAX_ATTRIBUTE_VALUE_LENGTH = 100
CERTIFICATION_KINDS = frozenset({"HALAL", "PIRT", "BPOM", "SNI", "NIB", "OTHER"})
MAX_CERTIFICATIONS = 10
MAX_WEIGHT_GRAMS = 1_000_000
MAX_DIMENSION_CM = Decimal("1000")
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")

PRODUCT_NAME_MAX = 200
PRODUCT_DESCRIPTION_MAX = 10_000
VARIANT_NAME_MAX = 200
SKU_MAX = 64
ALT_MAX = 200
REASON_MAX = 2_000


def clean_text(
    errors: ErrorCollector,
    value: Any,
    *,
    field: str,
    max_length: int,
    required: bool = False,
) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        errors.add(field, "INVALID", "Teks mengandung karakter yang tidak diizinkan.")
        return ""
    if required and not text:
        errors.add(field, "REQUIRED", "Wajib diisi.")
    elif len(text) > max_length:
        errors.add(field, "MAX_LENGTH", f"Maksimal {max_length} karakter.")
    return text


def clean_attributes(errors: ErrorCollector, value: Any, *, field: str = "attributes") -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(field, "INVALID", "Atribut harus berupa objek JSON {kunci: nilai}.")
        return {}
    if len(value) > MAX_ATTRIBUTES:
        errors.add(field, "INVALID", f"Maksimal {MAX_ATTRIBUTES} atribut.")
        return {}
    cleaned: dict[str, str] = {}
    for key, raw in value.items():
        if key not in ALLOWED_ATTRIBUTE_KEYS:
            allowed = ", ".join(sorted(ALLOWED_ATTRIBUTE_KEYS))
            errors.add(
                field, "INVALID", f"Atribut '{str(key)[:40]}' tidak dikenal. Pilihan: {allowed}."
            )
            continue
        if not isinstance(raw, str):
            errors.add(field, "INVALID", f"Nilai atribut '{key}' harus berupa teks.")
            continue
        text = raw.strip()
        if not text:
            errors.add(field, "REQUIRED", f"Nilai atribut '{key}' wajib diisi.")
        elif len(text) > MAX_ATTRIBUTE_VALUE_LENGTH:
            errors.add(
                field,
                "MAX_LENGTH",
                f"Nilai atribut '{key}' maksimal {MAX_ATTRIBUTE_VALUE_LENGTH} karakter.",
            )
        else:
            cleaned[key] = text
    return cleaned


def clean_certifications(
    errors: ErrorCollector, value: Any, *, field: str = "certifications"
) -> list[dict]:
    if value is None:
        return []
    if len(value) > MAX_CERTIFICATIONS:
        errors.add(field, "INVALID", f"Maksimal {MAX_CERTIFICATIONS} sertifikasi.")
        return []
    cleaned = []
    for item in value:
        kind = str(item.get("kind") or "").strip().upper()
        number = str(item.get("number") or "").strip()
        if kind not in CERTIFICATION_KINDS:
            errors.add(
                field,
                "INVALID",
                f"Jenis sertifikasi harus salah satu dari {sorted(CERTIFICATION_KINDS)}.",
            )
            continue
        if not number:
            errors.add(field, "REQUIRED", "Nomor sertifikasi wajib diisi.")
            continue
        if len(number) > 64:
            errors.add(field, "MAX_LENGTH", "Nomor sertifikasi maksimal 64 karakter.")
            continue
        cleaned.append({"kind": kind, "number": number})
    return cleaned


def clean_price(errors: ErrorCollector, value: Any, *, field: str = "price") -> Decimal | None:
    if value is None:
        errors.add(field, "REQUIRED", "Harga wajib diisi.")
        return None
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, "INVALID", "Harga tidak valid.")
        return None
    if not price.is_finite():
        errors.add(field, "INVALID", "Harga tidak valid.")
        return None
    if price != price.to_integral_value():
        errors.add(field, "INVALID", "Harga harus bilangan bulat Rupiah (tanpa sen).")
        return None
    if price <= 0 or price > MAX_PRICE:
        errors.add(
            field,
            "OUT_OF_RANGE",
            f"Harga harus antara Rp 1 dan Rp {MAX_PRICE:,.0f}.".replace(",", "."),
        )
        return None
    return price.quantize(Decimal("1"))


def clean_weight(errors: ErrorCollector, value: Any, *, field: str = "weightGrams") -> int | None:
    if value is None:
        errors.add(field, "REQUIRED", "Berat wajib diisi (gram).")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, "INVALID", "Berat harus bilangan bulat gram.")
        return None
    if value < 1 or value > MAX_WEIGHT_GRAMS:
        errors.add(field, "OUT_OF_RANGE", f"Berat harus antara 1 dan {MAX_WEIGHT_GRAMS} gram.")
        return None
    return value


def clean_dimension(errors: ErrorCollector, value: Any, *, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        size = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, "INVALID", "Ukuran tidak valid.")
        return None
    if not size.is_finite() or size != size.quantize(Decimal("0.1")):
        errors.add(field, "INVALID", "Ukuran dalam cm dengan paling banyak satu angka desimal.")
        return None
    if size <= 0 or size > MAX_DIMENSION_CM:
        errors.add(field, "OUT_OF_RANGE", f"Ukuran harus antara 0,1 dan {MAX_DIMENSION_CM} cm.")
        return None
    return size.quantize(Decimal("0.1"))


def clean_sku(errors: ErrorCollector, value: Any, *, field: str = "sku") -> str:
    sku = clean_text(errors, value, field=field, max_length=SKU_MAX, required=True)
    if sku and len(sku) <= SKU_MAX and not SKU_PATTERN.match(sku):
        errors.add(
            field, "INVALID", "SKU hanya boleh berisi huruf, angka, titik, garis bawah, / dan -."
        )
    return sku
