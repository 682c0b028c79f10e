"""Indonesian addresses: validated against the packaged region data, phones in E.164.

`validate_address` is the one place that decides whether an address is good enough for a courier:
checkout (shipping address), warehouses (pickup address) and vendor applications all call it, so
the rules and the error fields (`address.postalCode`, ...) are the same everywhere.

Region names are matched case-insensitively and stored in their canonical spelling ("kota
semarang" → "Kota Semarang"), and the most precise matched Kemendagri code is kept in
`region_code` for tariff zones. The postal code must be five digits, known, and belong to the
matched kota/kabupaten (and kecamatan when one is given and matched). Kelurahan-level postal codes
are not enforced: the published data and what people write on parcels disagree too often there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.db import transaction

from marketplace.core import regions
from marketplace.core.exceptions import DomainError, ErrorCollector
from marketplace.core.phone import normalize_phone

from ..models import Address

# snake_case key → (API name, max length, required)
ADDRESS_FIELDS: dict[str, tuple[str, int, bool]] = {
    "first_name": ("firstName", 100, True),
    "last_name": ("lastName", 100, False),
    "phone": ("phone", 32, True),
    "street_address_1": ("streetAddress1", 255, True),
    "street_address_2": ("streetAddress2", 255, False),
    "subdistrict": ("subdistrict", 100, False),
    "district": ("district", 100, False),
    "city": ("city", 100, True),
    "province": ("province", 100, True),
    "postal_code": ("postalCode", 5, True),
    "country_code": ("countryCode", 2, False),
}
SUPPORTED_COUNTRIES = frozenset({"ID"})

# Common short forms people write for provinces whose official names are long.
PROVINCE_ALIASES = {
    "dki jakarta": "31",
    "jakarta": "31",
    "di yogyakarta": "34",
    "diy": "34",
    "yogyakarta": "34",
    "jogja": "34",
    "jateng": "33",
    "jatim": "35",
    "jabar": "32",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


@lru_cache(maxsize=4096)
def _postal_codes_for(region_code: str) -> frozenset[str]:
    return frozenset(regions.postal_codes_for(region_code))


def _find_province(name: str) -> regions.Region | None:
    found = regions.find_region(name)
    if found is None:
        alias = PROVINCE_ALIASES.get(name.casefold())
        if alias:
            found = regions.get_region(alias)
    return found


CITY_PREFIX_RE = re.compile(r"^(kota administrasi|kabupaten administrasi|kota|kabupaten|kab\.?)\s+")


def _find_city(name: str, province_code: str) -> regions.Region | None:
    """Kota/kabupaten by name; the prefix may be left out when that is unambiguous
    ("Jakarta Pusat" → "Kota Administrasi Jakarta Pusat", but "Semarang" stays ambiguous)."""
    found = regions.find_region(name, province_code)
    if found is not None:
        return found
    wanted = CITY_PREFIX_RE.sub("", name.casefold()).strip()
    matches = [
        region
        for region in regions.children_of(province_code)
        if CITY_PREFIX_RE.sub("", region.name.casefold()).strip() == wanted
    ]
    return matches[0] if len(matches) == 1 else None


def validate_address(data: dict, *, field: str = "address") -> dict:
    """The cleaned address (snake_case keys, canonical region names, `region_code`), or a
    DomainError carrying every field error at once (`field` prefixes the error fields)."""
    data = dict(data or {})
    errors = ErrorCollector()
    cleaned: dict[str, Any] = {}

    def err_field(api_name: str) -> str:
        return f"{field}.{api_name}" if field else api_name

    for key, (api_name, max_length, required) in ADDRESS_FIELDS.items():
        value = _text(data.get(key))
        if key == "country_code":
            value = (value or "ID").upper()
        if required and not value:
            errors.add(err_field(api_name), "REQUIRED", "Wajib diisi.")
        elif len(value) > max_length:
            errors.add(err_field(api_name), "MAX_LENGTH", f"Maksimal {max_length} karakter.")
        cleaned[key] = value

    failed = {e.field for e in errors.errors}

    if (
        err_field("countryCode") not in failed
        and cleaned["country_code"] not in SUPPORTED_COUNTRIES
    ):
        errors.add(err_field("countryCode"), "INVALID", "Saat ini hanya alamat di Indonesia.")

    if cleaned["phone"] and err_field("phone") not in failed:
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"], field=err_field("phone"))
        except DomainError as exc:
            errors.errors.extend(exc.errors)

    postal_ok = False
    if cleaned["postal_code"] and err_field("postalCode") not in failed:
        if not regions.is_known_postal_code(cleaned["postal_code"]):
            errors.add(
                err_field("postalCode"),
                "INVALID_POSTAL_CODE",
                "Kode pos harus 5 angka dan terdaftar.",
            )
        else:
            postal_ok = True

    region_code = ""
    province = city = district = None
    if cleaned["province"] and err_field("province") not in failed:
        province = _find_province(cleaned["province"])
        if province is None:
            errors.add(err_field("province"), "INVALID", "Provinsi tidak dikenal.")
        else:
            cleaned["province"] = province.name
            region_code = province.code
    if province is not None and cleaned["city"] and err_field("city") not in failed:
        city = _find_city(cleaned["city"], province.code)
        if city is None:
            errors.add(
                err_field("city"),
                "INVALID",
                "Kota/kabupaten tidak dikenal di provinsi ini (tulis lengkap, mis. "
                "'Kota Semarang' atau 'Kabupaten Semarang').",
            )
        else:
            cleaned["city"] = city.name
            region_code = city.code
    if city is not None and cleaned["district"] and err_field("district") not in failed:
        district = regions.find_region(cleaned["district"], city.code)
        if district is None:
            errors.add(err_field("district"), "INVALID", "Kecamatan tidak dikenal di kota ini.")
        else:
            cleaned["district"] = district.name
            region_code = district.code
    if district is not None and cleaned["subdistrict"] and err_field("subdistrict") not in failed:
        village = regions.find_region(cleaned["subdistrict"], district.code)
        if village is None:
            errors.add(
                err_field("subdistrict"),
                "INVALID",
                "Kelurahan/desa tidak dikenal di kecamatan ini.",
            )
        else:
            cleaned["subdistrict"] = village.name
            region_code = village.code

    if postal_ok:
        for region in (city, district):
            if region is not None and cleaned["postal_code"] not in _postal_codes_for(region.code):
                errors.add(
                    err_field("postalCode"),
                    "INVALID_POSTAL_CODE",
                    f"Kode pos tidak sesuai dengan {region.name}.",
                )
                break

    errors.raise_if_any()
    cleaned["region_code"] = region_code
    return cleaned


def create_address(*, data: dict, user=None, field: str = "address") -> Address:
    """Validate `data` and save it as a new Address (addresses are never edited in place)."""
    cleaned = validate_address(data, field=field)
    with transaction.atomic():
        return Address.objects.create(user=user, **cleaned)
