"""The daily low-stock digest: one message per vendor instead of one per variant."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.inventory.models import Stock
from marketplace.notifications.outbox import emit_event

MAX_ITEMS = 50


def emit_low_stock_digests(*, threshold: int | None = None) -> int:
    """Emit `stock.low_digest` per vendor (idempotent per day via the aggregate id)."""
    from marketplace.notifications.models import OutboxEvent

    threshold = settings.LOW_STOCK_THRESHOLD if threshold is None else threshold
    rows = (
        Stock.objects.filter(variant__is_active=True, variant__product__status="PUBLISHED")
        .values("variant_id", "variant__sku", "variant__vendor_id")
        .annotate(on_hand=Sum("quantity"))
        .filter(on_hand__lte=threshold)
        .order_by("variant__vendor_id", "on_hand", "variant__sku")
    )
    per_vendor: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        per_vendor[row["variant__vendor_id"]].append(
            {"sku": row["variant__sku"], "quantity": row["on_hand"]}
        )
    today = timezone.localdate().isoformat()
    emitted = 0
    for vendor_id, items in per_vendor.items():
        aggregate_id = f"{vendor_id}:{today}"
        with transaction.atomic():
            if OutboxEvent.objects.filter(
                kind="stock.low_digest", aggregate_id=aggregate_id
            ).exists():
                continue
            emit_event(
                "stock.low_digest",
                {"count": len(items), "items": items[:MAX_ITEMS], "date": today},
                vendor_id=vendor_id,
                aggregate_type="vendor",
                aggregate_id=aggregate_id,
            )
            emitted += 1
    return emitted
