"""The order's status is derived from its vendor orders and its payments, never set by hand."""

from __future__ import annotations

from ..models import Order, OrderStatus, VendorOrder, VendorOrderStatus
from .events import record_event

SHIPPED_OR_LATER = {
    VendorOrderStatus.SHIPPED,
    VendorOrderStatus.DELIVERED,
    VendorOrderStatus.COMPLETED,
    VendorOrderStatus.RETURNED,
}


def derive_order_status(
    order: Order, vendor_orders: list[VendorOrder], *, captured, refunded
) -> str:
    active = [vo for vo in vendor_orders if vo.status != VendorOrderStatus.CANCELLED]
    if captured and refunded >= captured:
        return OrderStatus.REFUNDED
    if not active:
        return OrderStatus.REFUNDED if refunded else OrderStatus.CANCELLED
    statuses = {vo.status for vo in active}
    if (
        statuses <= {VendorOrderStatus.COMPLETED, VendorOrderStatus.RETURNED}
        and VendorOrderStatus.COMPLETED in statuses
    ):
        return OrderStatus.COMPLETED
    if statuses <= SHIPPED_OR_LATER:
        return OrderStatus.FULFILLED
    if statuses & SHIPPED_OR_LATER:
        return OrderStatus.PARTIALLY_FULFILLED
    return OrderStatus.PAID if order.paid_at else OrderStatus.UNPAID


def refresh_order_status(order: Order, *, actor=None, actor_label: str = "") -> str:
    """Recompute and store the order's status (caller holds the order lock); records a change."""
    from django.db.models import Sum

    from payments.models import Payment

    totals = Payment.objects.filter(order=order).aggregate(
        c=Sum("captured_amount"), r=Sum("refunded_amount")
    )
    status = derive_order_status(
        order, list(order.vendor_orders.all()), captured=totals["c"] or 0, refunded=totals["r"] or 0
    )
    if status != order.status:
        previous = order.status
        order.status = status
        Order.objects.filter(pk=order.pk).update(status=status)
        record_event(
            order=order,
            type="order.status_changed",
            from_status=previous,
            to_status=status,
            actor=actor,
            actor_label=actor_label,
        )
    return status
