"""Free-shipping promotions: a threshold per shipment group (per vendor or the hub)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import ErrorCollector

from ..models import FreeShippingPromotion, ShippingScope
from .common import (
    clean_amount,
    clean_name,
    clean_window,
    resolve_funding,
    resolve_scope,
)


@transaction.atomic
def create_free_shipping_promotion(
    *,
    actor,
    name: str,
    threshold: Decimal | None = None,
    max_discount: Decimal | None = None,
    scope: str = ShippingScope.ALL,
    vendor_id: int | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    funded_by: str | None = None,
    now: datetime | None = None,
) -> FreeShippingPromotion:
    now = now or timezone.now()
    errors = ErrorCollector()
    resolved = resolve_scope(
        actor, vendor_id=vendor_id, category_ids=[], product_ids=[], errors=errors
    )
    funding = resolve_funding(actor, funded_by=funded_by, vendor_id=vendor_id, errors=errors)
    title = clean_name(name, errors)
    if scope not in ShippingScope.values:
        errors.add("scope", "INVALID", "Cakupan pengiriman tidak dikenal.")
    if vendor_id is not None and scope == ShippingScope.HUB:
        errors.add(
            "scope", "INVALID", "Promo hub berlaku untuk kiriman gabungan, bukan satu penjual."
        )
    minimum = clean_amount(threshold or 0, errors, field="threshold", allow_zero=True)
    cap = clean_amount(max_discount, errors, field="maxDiscount", required=False)
    start, end = clean_window(starts_at, ends_at, errors, now=now)
    errors.raise_if_any()
    return FreeShippingPromotion.objects.create(
        name=title,
        threshold=minimum,
        max_discount=cap,
        scope=scope,
        vendor=resolved.vendor,
        starts_at=start,
        ends_at=end,
        funded_by=funding,
        created_by=actor,
    )
