"""What follows a stock change from a channel: low-stock warnings, conflict events, the push."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from marketplace.inventory.models import Reservation, Stock
from marketplace.notifications.outbox import emit_event


def after_stock_change(*, stock: Stock, before: int, after: int) -> None:
    """Inside the transaction of the change: warn when stock crosses the low threshold, and
    schedule the outbound push of the warehouse's levels (after commit, debounced)."""
    threshold = settings.LOW_STOCK_THRESHOLD
    if after <= threshold < before:
        variant = stock.variant
        emit_event(
            "stock.low",
            {
                "stock_id": stock.pk,
                "variant_id": variant.pk,
                "sku": variant.sku,
                "product_id": variant.product_id,
                "product_name": variant.product.name,
                "warehouse_id": stock.warehouse_id,
                "quantity": after,
            },
            vendor_id=variant.vendor_id,
            aggregate_type="stock",
            aggregate_id=stock.pk,
        )
    from .push import stock_changed

    stock_changed([stock.warehouse_id])


def live_reserved(stock: Stock) -> int:
    return (
        Reservation.objects.filter(stock=stock, expires_at__gt=timezone.now()).aggregate(
            n=Sum("quantity")
        )["n"]
        or 0
    )


def emit_conflict(
    *, stock: Stock, channel_code: str, conflict: str, shortfall: int, reference: str
) -> None:
    """Tell the vendor and staff that a physical sale/count took units promised online."""
    variant = stock.variant
    emit_event(
        "stock.conflict",
        {
            "conflict": conflict,
            "stock_id": stock.pk,
            "variant_id": variant.pk,
            "sku": variant.sku,
            "warehouse_id": stock.warehouse_id,
            "channel": channel_code,
            "shortfall": shortfall,
            "reference": reference,
        },
        vendor_id=variant.vendor_id,
        aggregate_type="stock",
        aggregate_id=stock.pk,
    )
