"""A vendor's own profile and legality documents, edited by its members (or curation staff)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from marketplace.accounts.services.addresses import validate_address
from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector

from ..lock_objects import lock_vendor
from ..models import Vendor, VendorDocument, VendorStatus
from ..permissions import is_marketplace_staff, require_signed_in, require_vendor_access
from . import validation as v
from .applications import MANAGE_VENDORS, clean_vendor_profile

DOCUMENT_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./\-]{2,63}$")
NIB_RE = re.compile(r"^\d{13}$")
PIRT_RE = re.compile(r"^\d{15}(-\d{2})?$")
STAFF_ONLY_FIELDS = {"is_gallery_tenant": "isGalleryTenant"}


def update_vendor(*, actor, vendor_id: int, data: dict[str, Any], field: str = "id") -> Vendor:
    """Change the fields present in `data`. `isGalleryTenant` is set by curation staff only."""
    require_signed_in(actor)
    require_vendor_access(actor, vendor_id, field=field, staff_permission=MANAGE_VENDORS)
    errors = ErrorCollector()
    cleaned = clean_vendor_profile(data, partial=True, errors=errors)
    if not is_marketplace_staff(actor, MANAGE_VENDORS):
        for key, api_name in STAFF_ONLY_FIELDS.items():
            if key in cleaned:
                errors.add(
                    api_name, "PERMISSION_DENIED", "Hanya staf marketplace yang boleh mengubah ini."
                )
    address = None
    if data.get("address") is not None:
        try:
            address = validate_address(data["address"], field="address")
        except DomainError as exc:
            errors.errors.extend(exc.errors)
    errors.raise_if_any()

    from marketplace.accounts.models import Address

    with transaction.atomic():
        vendor = lock_vendor(vendor_id, field=field)
        is_pkp = cleaned.get("is_pkp", vendor.is_pkp)
        npwp = cleaned.get("npwp", vendor.npwp)
        if is_pkp and not npwp:
            raise DomainError(
                "Pengusaha Kena Pajak wajib mengisi NPWP.", code="REQUIRED", field="npwp"
            )
        for key, value in cleaned.items():
            setattr(vendor, key, value)
        if address is not None:
            # A new row: orders and shipments that copied the old address keep it unchanged.
            vendor.address = Address.objects.create(user=None, **address)
        vendor.save()
        if vendor.status == VendorStatus.APPROVED:
            bump_catalog_version()  # name, sentra and handling days show in the catalogue
    return vendor


def add_vendor_document(
    *,
    actor,
    vendor_id: int,
    kind: str,
    number: str,
    valid_until: date | None = None,
    field: str = "vendorId",
) -> VendorDocument:
    """Record a legality number (NIB, P-IRT, halal, BPOM, SNI) for curation staff to verify."""
    require_signed_in(actor)
    require_vendor_access(actor, vendor_id, field=field, staff_permission=MANAGE_VENDORS)
    errors = ErrorCollector()
    number = v.text(number).upper()
    if kind not in VendorDocument.Kind.values:
        errors.add("kind", "INVALID", "Jenis dokumen tidak dikenal.")
    if not number:
        errors.add("number", "REQUIRED", "Nomor dokumen wajib diisi.")
    elif len(number) > 64:
        errors.add("number", "MAX_LENGTH", "Maksimal 64 karakter.")
    elif kind == VendorDocument.Kind.NIB and not NIB_RE.match(number):
        errors.add("number", "INVALID", "NIB harus 13 angka.")
    elif kind == VendorDocument.Kind.PIRT and not PIRT_RE.match(number):
        errors.add("number", "INVALID", "Nomor P-IRT harus 15 angka.")
    elif not DOCUMENT_NUMBER_RE.match(number):
        errors.add("number", "INVALID", "Nomor dokumen tidak valid.")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return VendorDocument.objects.create(
                vendor_id=vendor_id, kind=kind, number=number, valid_until=valid_until
            )
    except IntegrityError:
        raise DomainError("Dokumen ini sudah tercatat.", code="UNIQUE", field="number")
