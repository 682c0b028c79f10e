"""Every event kind, and who hears about it.

Audiences:
- `shopper`: the person the event is about (payload `user_id`, else `email`, else the order's
  owner looked up from `order_id`); email, and chat for kinds with a chat template;
- `vendor`: every member of the event's vendor (`emit_event(..., vendor_id=...)`);
- `staff`: active marketplace staff;
- vendor webhooks: subscriptions of the event's vendor that chose the kind. An event without a
  vendor never reaches any webhook, and vendor B never receives vendor A's events.

Payloads are JSON dicts of ids and a few display values (`number`, `total`, `reason`); rendering
is defensive: an event whose object was deleted is recorded as skipped, never crashes a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventSpec:
    kind: str
    shopper: bool = False
    vendor: bool = False
    staff: bool = False
    webhook: bool = True
    chat_template: str = ""
    # Vendor-scoped copies of shopper events (order.placed with vendor_id) go to the vendor only.
    shopper_without_vendor_only: bool = False
    requires: tuple[str, ...] = field(default_factory=tuple)


SPECS: dict[str, EventSpec] = {
    spec.kind: spec
    for spec in [
        EventSpec("account.created", shopper=True, webhook=False, requires=("user",)),
        EventSpec("vendor.applied", staff=True, webhook=False),
        EventSpec(
            "vendor.approved", vendor=True, chat_template="vendor_approved", requires=("vendor",)
        ),
        EventSpec("vendor.rejected", vendor=True, requires=("vendor",)),
        EventSpec("vendor.suspended", vendor=True, staff=True, requires=("vendor",)),
        EventSpec("vendor.reinstated", vendor=True, requires=("vendor",)),
        EventSpec("product.approved", vendor=True, requires=("product",)),
        EventSpec("product.rejected", vendor=True, requires=("product",)),
        EventSpec(
            "order.placed",
            shopper=True,
            vendor=True,
            chat_template="order_placed",
            shopper_without_vendor_only=True,
            requires=("order",),
        ),
        EventSpec(
            "payment.received",
            shopper=True,
            vendor=True,
            chat_template="payment_received",
            shopper_without_vendor_only=True,
        ),
        EventSpec("payment.failed", shopper=True, shopper_without_vendor_only=True),
        EventSpec("payment.expired", shopper=True, shopper_without_vendor_only=True),
        EventSpec("vendor_order.accepted", shopper=True),
        EventSpec("vendor_order.cancelled", shopper=True, vendor=True),
        EventSpec("shipment.booked", shopper=True),
        EventSpec("shipment.in_transit", shopper=True),
        EventSpec("shipment.picked_up", shopper=True),
        EventSpec("shipment.out_for_delivery", shopper=True, chat_template="out_for_delivery"),
        EventSpec("shipment.delivery_failed", shopper=True, vendor=True),
        EventSpec("shipment.returning", vendor=True),
        EventSpec("shipment.returned", vendor=True),
        EventSpec("shipment.cancelled", vendor=True),
        EventSpec("shipment.delivered", shopper=True, chat_template="shipment_delivered"),
        EventSpec("shipment.ready_for_pickup", shopper=True, chat_template="ready_for_pickup"),
        EventSpec("stock.low", vendor=True),
        EventSpec("stock.low_digest", vendor=True, webhook=False),
        EventSpec("stock.conflict", vendor=True, staff=True, chat_template="stock_conflict"),
        EventSpec("payout.sent", vendor=True),
        EventSpec(
            "vendor.handling_time_warning", vendor=True, chat_template="handling_time_warning"
        ),
        EventSpec("vendor.handling_time_breached", vendor=True, staff=True),
        EventSpec("order.refunded", shopper=True, vendor=True),
        # The provider never paid a refund back; it was undone in the books for staff to redo.
        EventSpec("refund.failed", staff=True, webhook=False),
        EventSpec("vendor.member_invited", shopper=True, webhook=False),
        EventSpec("vendor.member_joined", vendor=True, webhook=False),
        EventSpec("vendor.member_removed", shopper=True, webhook=False),
        EventSpec("webhook.disabled", vendor=True, webhook=False),
    ]
}

# What a vendor may subscribe a webhook to.
WEBHOOK_EVENT_KINDS = sorted(kind for kind, spec in SPECS.items() if spec.webhook)


def get_spec(kind: str) -> EventSpec | None:
    return SPECS.get(kind)
