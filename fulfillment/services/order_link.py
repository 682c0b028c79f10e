"""The only place fulfilment moves vendor orders: through the orders app's transition services.

Fulfilment decides *when* (the parcel was handed over, delivered, returned); the orders app owns
*how* (its state machine, its events, the ledger release that follows delivery).
"""

from __future__ import annotations

from marketplace.orders.models import VendorOrderStatus


def _transitions():
    from marketplace.orders.services import transitions

    return transitions


def _call(name: str, vendor_order, actor) -> None:
    getattr(_transitions(), name)(vendor_order, actor=actor)
    vendor_order.refresh_from_db()


def ensure_packed(vendor_order, *, actor=None) -> None:
    if vendor_order.status == VendorOrderStatus.ACCEPTED:
        _call("mark_vendor_order_packed", vendor_order, actor)


def ensure_shipped(vendor_order, *, actor=None) -> None:
    ensure_packed(vendor_order, actor=actor)
    if vendor_order.status == VendorOrderStatus.PACKED:
        _call("mark_vendor_order_shipped", vendor_order, actor)


def ensure_delivered(vendor_order, *, actor=None) -> None:
    ensure_shipped(vendor_order, actor=actor)
    if vendor_order.status == VendorOrderStatus.SHIPPED:
        _call("mark_vendor_order_delivered", vendor_order, actor)


def ensure_returned(vendor_order, *, actor=None) -> None:
    if vendor_order.status in (VendorOrderStatus.SHIPPED, VendorOrderStatus.DELIVERED):
        _call("mark_vendor_order_returned", vendor_order, actor)
