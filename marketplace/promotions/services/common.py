"""Validation shared by every promotion service: who may run it, on what, when, for how much.

Authorisation lives here, not in resolvers, because it depends on the data: a vendor member may
only discount its own vendor's products, and a product of another vendor answers NOT_FOUND exactly
as a product that does not exist (the answer never reveals that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from marketplace.catalog.models import Category, Product
from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound, PermissionDenied
from marketplace.core.money import MAX_PRICE
from vendors.models import Vendor
from vendors.permissions import is_marketplace_staff, require_staff, require_vendor_access

from ..models import FundedBy

STAFF_PERMISSION = "manage_promotions"
MAX_NAME_LENGTH = 120


def is_promotions_staff(actor) -> bool:
    return is_marketplace_staff(actor, STAFF_PERMISSION)


def require_promotion_access(actor, vendor_id: int | None, *, field: str = "vendorId") -> None:
    """Staff (manage_promotions) for platform promotions; vendor members for their vendor's."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    if vendor_id is None:
        require_staff(actor, STAFF_PERMISSION)
        return
    require_vendor_access(actor, vendor_id, field=field, staff_permission=STAFF_PERMISSION)


def ensure_visible(actor, vendor_id: int | None) -> None:
    """For an existing promotion: callers who may not manage it get NOT_FOUND, as for a
    nonexistent id."""
    try:
        require_promotion_access(actor, vendor_id, field="id")
    except PermissionDenied:
        raise NotFound("Tidak ditemukan.", field="id") from None
    except NotFound:
        raise NotFound("Tidak ditemukan.", field="id") from None


def visible_vendor_filter(actor) -> dict | None:
    """Queryset filter kwargs for promotions the actor may list; None = everything (staff)."""
    if is_promotions_staff(actor):
        return None
    from vendors.permissions import member_vendor_ids

    return {"vendor_id__in": member_vendor_ids(actor)}


@dataclass
class Scope:
    vendor: Vendor | None
    categories: list[Category]
    products: list[Product]


def resolve_scope(
    actor,
    *,
    vendor_id: int | None,
    category_ids: list[int] | None,
    product_ids: list[int] | None,
    errors: ErrorCollector,
) -> Scope:
    """Check access and resolve the scope's rows. Raises at once on access problems."""
    vendor = None
    if vendor_id is not None:
        vendor = Vendor.objects.filter(pk=vendor_id).first()
        if vendor is None:
            if actor is None or not actor.is_authenticated:
                raise PermissionDenied("Silakan masuk terlebih dahulu.")
            raise NotFound("Penjual tidak ditemukan.", field="vendorId")
    require_promotion_access(actor, vendor_id)
    category_ids = list(dict.fromkeys(category_ids or []))
    product_ids = list(dict.fromkeys(product_ids or []))
    categories = list(Category.objects.filter(pk__in=category_ids))
    if len(categories) != len(category_ids):
        errors.add("categoryIds", "NOT_FOUND", "Kategori tidak ditemukan.")
    products_qs = Product.objects.filter(pk__in=product_ids)
    if vendor_id is not None:
        # Another vendor's product is "not found", never "forbidden".
        products_qs = products_qs.filter(vendor_id=vendor_id)
    products = list(products_qs)
    if len(products) != len(product_ids):
        raise NotFound("Produk tidak ditemukan.", field="productIds")
    return Scope(vendor=vendor, categories=categories, products=products)


def resolve_funding(
    actor, *, funded_by: str | None, vendor_id: int | None, errors: ErrorCollector
) -> str:
    staff = is_promotions_staff(actor)
    if funded_by is not None and funded_by not in FundedBy.values:
        errors.add("fundedBy", "INVALID", "Pilihan penanggung diskon tidak dikenal.")
        return FundedBy.PLATFORM
    if not staff:
        if funded_by == FundedBy.PLATFORM:
            raise PermissionDenied(
                "Hanya staf marketplace yang dapat membuat promo yang ditanggung platform.",
                field="fundedBy",
            )
        return FundedBy.VENDOR
    if funded_by == FundedBy.VENDOR and vendor_id is None:
        errors.add(
            "fundedBy", "INVALID", "Promo yang ditanggung penjual harus menyebut penjualnya."
        )
    return funded_by or FundedBy.PLATFORM


def clean_name(
    name: str | None, errors: ErrorCollector, *, field: str = "name", required=True
) -> str:
    text = (name or "").strip()
    if required and not text:
        errors.add(field, "REQUIRED", "Nama wajib diisi.")
    elif len(text) > MAX_NAME_LENGTH:
        errors.add(field, "MAX_LENGTH", f"Nama paling panjang {MAX_NAME_LENGTH} karakter.")
    return text


def clean_amount(
    value, errors: ErrorCollector, *, field: str, allow_zero: bool = False, required: bool = True
) -> Decimal | None:
    """Whole Rupiah in (0, MAX_PRICE] (or [0, …] with allow_zero)."""
    if value is None:
        if required:
            errors.add(field, "REQUIRED", "Wajib diisi.")
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors.add(field, "INVALID", "Jumlah tidak valid.")
        return None
    if not amount.is_finite() or amount != amount.to_integral_value():
        errors.add(field, "INVALID", "Jumlah harus dalam Rupiah bulat.")
        return None
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_PRICE:
        errors.add(field, "OUT_OF_RANGE", "Jumlah di luar rentang yang diizinkan.")
        return None
    return amount


def clean_percentage(value, errors: ErrorCollector, *, field: str = "value") -> Decimal | None:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors.add(field, "INVALID", "Persentase tidak valid.")
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        errors.add(field, "INVALID", "Persentase paling banyak dua angka desimal.")
        return None
    if amount <= 0 or amount > 100:
        errors.add(field, "OUT_OF_RANGE", "Persentase harus lebih dari 0 dan paling besar 100.")
        return None
    return amount


def clean_count(value, errors: ErrorCollector, *, field: str, required: bool = False) -> int | None:
    if value is None:
        if required:
            errors.add(field, "REQUIRED", "Wajib diisi.")
        return None
    if not isinstance(value, int) or value < 1 or value > 10_000_000:
        errors.add(field, "OUT_OF_RANGE", "Harus bilangan bulat positif.")
        return None
    return value


def clean_window(
    starts_at: datetime | None,
    ends_at: datetime | None,
    errors: ErrorCollector,
    *,
    require_end: bool = True,
    now: datetime | None = None,
    check_past: bool = True,
) -> tuple[datetime, datetime | None]:
    now = now or timezone.now()
    starts_at = starts_at or now
    if ends_at is None:
        if require_end:
            errors.add("endsAt", "REQUIRED", "Waktu berakhir wajib diisi.")
        return starts_at, None
    if ends_at <= starts_at:
        errors.add("endsAt", "INVALID", "Waktu berakhir harus setelah waktu mulai.")
    elif check_past and ends_at <= now:
        errors.add("endsAt", "INVALID", "Waktu berakhir sudah lewat.")
    return starts_at, ends_at


def not_found(field: str = "id") -> NotFound:
    return NotFound("Tidak ditemukan.", field=field)


def invalid(message: str, *, field: str | None = None, code: str = "INVALID") -> DomainError:
    return DomainError(message, code=code, field=field)
