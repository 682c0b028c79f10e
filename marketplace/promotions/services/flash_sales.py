"""Flash sales: a limited quantity of one variant at a flash price in a short window."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.catalog.models import ProductVariant
from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import ErrorCollector, NotFound
from marketplace.inventory.services.stock import get_available_quantities
from vendors.permissions import require_vendor_access

from ..models import FlashSale, FundedBy
from .common import (
    STAFF_PERMISSION,
    clean_amount,
    clean_count,
    clean_name,
    clean_window,
    ensure_visible,
    not_found,
    resolve_funding,
)

MAX_FLASH_SALE_WINDOW = timedelta(days=3)


def _get_variant(actor, variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        if actor is None or not actor.is_authenticated:
            require_vendor_access(actor, 0)
        raise NotFound("Varian tidak ditemukan.", field="variantId")
    require_vendor_access(
        actor, variant.vendor_id, field="variantId", staff_permission=STAFF_PERMISSION
    )
    return variant


@transaction.atomic
def create_flash_sale(
    *,
    actor,
    variant_id: int,
    price: Decimal,
    quantity: int,
    per_customer_limit: int | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    name: str = "",
    funded_by: str | None = None,
    now: datetime | None = None,
) -> FlashSale:
    now = now or timezone.now()
    variant = _get_variant(actor, variant_id)
    errors = ErrorCollector()
    funding = resolve_funding(
        actor, funded_by=funded_by or FundedBy.VENDOR, vendor_id=variant.vendor_id, errors=errors
    )
    label = clean_name(name or "Flash Sale", errors)
    flash_price = clean_amount(price, errors, field="price")
    if flash_price is not None and flash_price >= variant.price:
        errors.add("price", "INVALID", "Harga flash sale harus di bawah harga normal.")
    qty = clean_count(quantity, errors, field="quantity", required=True)
    limit = clean_count(per_customer_limit, errors, field="perCustomerLimit")
    if qty is not None and limit is not None and limit > qty:
        errors.add("perCustomerLimit", "INVALID", "Batas per pembeli melebihi kuota flash sale.")
    if qty is not None:
        available = get_available_quantities([variant.pk]).get(variant.pk, 0)
        if qty > available:
            errors.add("quantity", "INSUFFICIENT_STOCK", f"Stok tersedia hanya {available}.")
    start, end = clean_window(starts_at, ends_at, errors, now=now)
    if end is not None and end > start and end - start > MAX_FLASH_SALE_WINDOW:
        errors.add("endsAt", "OUT_OF_RANGE", "Flash sale paling lama 3 hari.")
    if (
        end is not None
        and FlashSale.objects.filter(
            variant=variant, is_active=True, starts_at__lt=end, ends_at__gt=start
        ).exists()
    ):
        errors.add("startsAt", "INVALID", "Varian ini sudah punya flash sale pada waktu tersebut.")
    errors.raise_if_any()
    flash = FlashSale.objects.create(
        variant=variant,
        vendor_id=variant.vendor_id,
        name=label,
        price=flash_price,
        quantity=qty,
        per_customer_limit=limit,
        starts_at=start,
        ends_at=end,
        funded_by=funding,
        created_by=actor,
    )
    bump_catalog_version()
    return flash


@transaction.atomic
def cancel_flash_sale(*, actor, flash_sale_id: int) -> FlashSale:
    """Stop a flash sale early; units already sold stay sold."""
    flash = FlashSale.objects.select_for_update().filter(pk=flash_sale_id, is_active=True).first()
    if flash is None:
        raise not_found()
    ensure_visible(actor, flash.vendor_id)
    FlashSale.objects.filter(pk=flash.pk).update(is_active=False)
    flash.refresh_from_db()
    bump_catalog_version()
    return flash
