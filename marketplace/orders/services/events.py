"""Recording who changed what and when (OrderEvent), and locking an order for a change."""

from __future__ import annotations

from ..models import Order, OrderEvent, VendorOrder


def record_event(
    *,
    order: Order,
    type: str,
    vendor_order: VendorOrder | None = None,
    from_status: str = "",
    to_status: str = "",
    actor=None,
    actor_label: str = "",
    data: dict | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        vendor_order=vendor_order,
        type=type,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or ("user" if getattr(actor, "pk", None) else "system"),
        data=data or {},
    )


def lock_order(order_id: int) -> Order:
    """Every change of an order, its vendor orders or its payments takes this lock first."""
    return Order.objects.select_for_update().get(pk=order_id)
