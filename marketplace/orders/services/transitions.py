"""The vendor order's state machine (DESIGN.md) and everything a transition sets off.

    PENDING → ACCEPTED → PACKED → SHIPPED → DELIVERED → COMPLETED
    PENDING/ACCEPTED/PACKED → CANCELLED;  SHIPPED/DELIVERED → RETURNED;  ACCEPTED → SHIPPED

Each function locks the order row first (then the vendor order), checks the move, applies its
side effects in the same transaction (stock, payment, ledger, outbox) and records an OrderEvent
with who and when; a move the machine does not allow raises INVALID_TRANSITION.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, InvalidTransition
from marketplace.inventory.services.allocation import consume_allocations, deallocate_lines
from marketplace.notifications.outbox import emit_event

from ..models import Order, VendorOrder, VendorOrderStatus
from .events import lock_order, record_event
from .status import refresh_order_status

S = VendorOrderStatus
TRANSITIONS: dict[str, set[str]] = {
    S.PENDING: {S.ACCEPTED, S.CANCELLED},
    S.ACCEPTED: {S.PACKED, S.SHIPPED, S.CANCELLED},
    S.PACKED: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED, S.RETURNED},
    S.DELIVERED: {S.COMPLETED, S.RETURNED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
    S.RETURNED: set(),
}
TIMESTAMPS = {
    S.ACCEPTED: "accepted_at",
    S.PACKED: "packed_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
    S.RETURNED: "returned_at",
}
STATUS_LABELS = dict(VendorOrderStatus.choices)


def _move(
    vendor_order: VendorOrder,
    to: str,
    *,
    actor=None,
    actor_label: str = "",
    at: datetime | None = None,
    data=None,
):
    """Lock, check and apply one transition; returns (order, locked vendor order, previous status)."""
    order = lock_order(vendor_order.order_id)
    locked = VendorOrder.objects.select_for_update().get(pk=vendor_order.pk)
    previous = locked.status
    if to not in TRANSITIONS[previous]:
        raise InvalidTransition(
            f"Pesanan {locked.number} berstatus '{STATUS_LABELS[previous]}' dan tidak dapat diubah menjadi "
            f"'{STATUS_LABELS[to]}'.",
            field="id",
        )
    locked.status = to
    fields = ["status", "updated_at"]
    if to in TIMESTAMPS:
        setattr(locked, TIMESTAMPS[to], at or timezone.now())
        fields.append(TIMESTAMPS[to])
    locked.save(update_fields=fields)
    record_event(
        order=order,
        vendor_order=locked,
        type=f"vendor_order.{to.lower()}",
        from_status=previous,
        to_status=to,
        actor=actor,
        actor_label=actor_label,
        data=data,
    )
    vendor_order.__dict__.update({k: getattr(locked, k) for k in ["status", *TIMESTAMPS.values()]})
    return order, locked, previous


def _release_promotions(order: Order) -> None:
    """Give back the promotions the order redeemed (idempotent; keyed by the checkout token)."""
    from marketplace.promotions.services.redemption import release_promotions

    release_promotions(order_ref=str(order.checkout_token))


def _line_ids(vendor_order: VendorOrder) -> list[int]:
    return list(vendor_order.lines.values_list("pk", flat=True))


@transaction.atomic
def accept_vendor_order(vendor_order: VendorOrder, *, actor=None) -> VendorOrder:
    order = Order.objects.get(pk=vendor_order.order_id)
    if order.paid_at is None and order.payment_gateway != "cod":
        raise InvalidTransition(
            "Pesanan belum dibayar; tunggu pembayaran sebelum menerima.", field="id"
        )
    order, locked, _ = _move(vendor_order, S.ACCEPTED, actor=actor)
    emit_event(
        "vendor_order.accepted",
        {"order_id": order.pk, "vendor_order_id": locked.pk, "number": locked.number},
        vendor_id=locked.vendor_id,
        aggregate_type="vendor_order",
        aggregate_id=locked.pk,
    )
    refresh_order_status(order, actor=actor)
    return locked


@transaction.atomic
def cancel_vendor_order(
    vendor_order: VendorOrder,
    *,
    actor=None,
    reason: str = "",
    actor_label: str = "",
    refund: bool = True,
) -> VendorOrder:
    """Cancel before shipment: units back on the shelf, and what was paid for it refunded."""
    from payments.services.payments import refund_vendor_order_payment

    reason = (reason or "").strip()[:255]
    order, locked, previous = _move(
        vendor_order, S.CANCELLED, actor=actor, actor_label=actor_label, data={"reason": reason}
    )
    VendorOrder.objects.filter(pk=locked.pk).update(cancel_reason=reason)
    deallocate_lines(order_line_ids=_line_ids(locked))
    if not order.vendor_orders.exclude(status=S.CANCELLED).exists():
        _release_promotions(order)  # the whole order is cancelled: voucher use, flash units back
    if refund:
        remaining = locked.total - locked.refunded_amount
        if remaining > 0:
            refund_vendor_order_payment(
                locked,
                amount=remaining,
                reason=reason or "Pesanan dibatalkan",
                actor=actor,
                key=f"cancel-refund:{locked.pk}",
            )
    emit_event(
        "vendor_order.cancelled",
        {
            "order_id": order.pk,
            "vendor_order_id": locked.pk,
            "number": locked.number,
            "reason": reason,
        },
        vendor_id=locked.vendor_id,
        aggregate_type="vendor_order",
        aggregate_id=locked.pk,
    )
    refresh_order_status(order, actor=actor, actor_label=actor_label)
    return locked


@transaction.atomic
def mark_vendor_order_packed(vendor_order: VendorOrder, *, actor=None) -> VendorOrder:
    order, locked, _ = _move(vendor_order, S.PACKED, actor=actor)
    refresh_order_status(order, actor=actor)
    return locked


@transaction.atomic
def mark_vendor_order_shipped(vendor_order: VendorOrder, *, actor=None) -> VendorOrder:
    """Handed to the carrier: the allocated units leave the stock for good."""
    order = Order.objects.get(pk=vendor_order.order_id)
    if order.paid_at is None and order.payment_gateway != "cod":
        raise InvalidTransition("Pesanan belum dibayar.", field="id")
    order, locked, _ = _move(vendor_order, S.SHIPPED, actor=actor)
    consume_allocations(
        order_line_ids=_line_ids(locked), external_id=f"ship:{locked.pk}", actor=actor
    )
    refresh_order_status(order, actor=actor)
    return locked


@transaction.atomic
def mark_vendor_order_delivered(
    vendor_order: VendorOrder, *, actor=None, delivered_at: datetime | None = None
) -> VendorOrder:
    """Delivered: cash-on-delivery money is collected now; earnings are released after the
    return window (ORDER_RETURN_WINDOW_DAYS) by `payments.services.ledger.release_due_earnings`."""
    from payments.services.payments import capture_cod_for_vendor_order

    order, locked, _ = _move(vendor_order, S.DELIVERED, actor=actor, at=delivered_at)
    if order.payment_gateway == "cod":
        capture_cod_for_vendor_order(locked, actor=actor)
    refresh_order_status(order, actor=actor)
    return locked


@transaction.atomic
def mark_vendor_order_returned(vendor_order: VendorOrder, *, actor=None) -> VendorOrder:
    """The parcel came back: its units return to the vendor's stock; money is refunded by staff
    (`orderRefund`), and earnings of a returned order are never released."""
    from marketplace.inventory.models import MovementSource, Stock
    from marketplace.inventory.services.stock import change_stock

    order, locked, _ = _move(vendor_order, S.RETURNED, actor=actor)
    for line in locked.lines.exclude(variant=None):
        stock = (
            Stock.objects.filter(variant_id=line.variant_id, warehouse__vendor_id=locked.vendor_id)
            .order_by("pk")
            .first()
        )
        if stock is not None:
            change_stock(
                stock=stock,
                source=MovementSource.ORDER_RETURNED,
                delta=line.quantity,
                external_id=f"return:{line.pk}",
                actor=actor,
                note=f"Retur {locked.number}",
            )
    refresh_order_status(order, actor=actor)
    return locked


@transaction.atomic
def complete_vendor_order(vendor_order: VendorOrder, *, actor=None, actor_label: str = "") -> bool:
    """Return window over: the vendor's held earnings become available."""
    from payments.services.ledger import release_vendor_order

    locked = VendorOrder.objects.get(pk=vendor_order.pk)
    if locked.status != S.DELIVERED:
        return False
    order, locked, _ = _move(locked, S.COMPLETED, actor=actor, actor_label=actor_label)
    if locked.paid_at is not None:
        release_vendor_order(locked)
    refresh_order_status(order, actor=actor, actor_label=actor_label)
    return True


@transaction.atomic
def cancel_order(order: Order, *, actor=None, reason: str = "", actor_label: str = "") -> Order:
    """The shopper (before anything shipped) or staff cancel the whole order."""
    from payments.models import Payment
    from payments.services.payments import cancel_open_payment

    order = lock_order(order.pk)
    vendor_orders = list(order.vendor_orders.order_by("pk"))
    open_ones = [vo for vo in vendor_orders if vo.status != S.CANCELLED]
    if not open_ones or any(S.CANCELLED not in TRANSITIONS[vo.status] for vo in open_ones):
        raise InvalidTransition(
            "Pesanan yang sudah dikirim atau selesai tidak dapat dibatalkan.", field="id"
        )
    for vendor_order in open_ones:
        cancel_vendor_order(
            vendor_order,
            actor=actor,
            reason=reason or "Dibatalkan pembeli",
            actor_label=actor_label,
        )
    for payment in Payment.objects.filter(order=order):
        cancel_open_payment(payment, actor=actor)
    _release_promotions(order)  # the last cancel_vendor_order did it already; idempotent
    Order.objects.filter(pk=order.pk).update(cancelled_at=timezone.now())
    order.refresh_from_db()
    refresh_order_status(order, actor=actor, actor_label=actor_label)
    return order


@transaction.atomic
def expire_order(*, order_id: int) -> bool:
    """The payment window passed without payment: cancel everything, release the stock."""
    from payments.models import Payment, PaymentStatus
    from payments.services.payments import cancel_open_payment

    order = lock_order(order_id)
    payments = list(
        Payment.objects.filter(order=order, status=PaymentStatus.PENDING, captured_amount=0)
    )
    if not payments or order.paid_at is not None:
        return False
    for payment in payments:
        cancel_open_payment(payment, to_status=PaymentStatus.EXPIRED)
    for vendor_order in order.vendor_orders.filter(status=S.PENDING).order_by("pk"):
        cancel_vendor_order(
            vendor_order,
            reason="Batas waktu pembayaran habis",
            actor_label="task:expire_unpaid_orders",
            refund=False,
        )
    _release_promotions(order)
    Order.objects.filter(pk=order.pk).update(cancelled_at=timezone.now())
    emit_event(
        "payment.expired",
        {"order_id": order.pk, "order_number": order.number},
        aggregate_type="order",
        aggregate_id=order.pk,
    )
    refresh_order_status(order, actor_label="task:expire_unpaid_orders")
    return True


def auto_cancel_unaccepted_vendor_orders(*, now: datetime | None = None) -> int:
    """Cancel (and refund) vendor orders nobody accepted within VENDOR_ACCEPT_TIMEOUT_HOURS of
    payment (of placement for cash on delivery)."""
    from django.db.models import Q

    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.VENDOR_ACCEPT_TIMEOUT_HOURS)
    due = list(
        VendorOrder.objects.filter(status=S.PENDING)
        .filter(Q(paid_at__lte=cutoff) | Q(order__payment_gateway="cod", created_at__lte=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in due:
        try:
            cancel_vendor_order(
                VendorOrder.objects.get(pk=pk),
                reason="Penjual tidak menanggapi pesanan tepat waktu",
                actor_label="task:auto_cancel_unaccepted",
            )
            count += 1
        except InvalidTransition:
            continue  # accepted in the meantime
    return count


@transaction.atomic
def refund_vendor_order(
    vendor_order: VendorOrder,
    *,
    amount: Decimal,
    reason: str = "",
    actor=None,
    idempotency_key: str = "",
):
    """Staff refund part or all of what was paid for one vendor order (idempotent per key)."""
    from payments.services.payments import refund_vendor_order_payment

    order = lock_order(vendor_order.order_id)
    key = f"refund:{vendor_order.pk}:{idempotency_key}" if idempotency_key else None
    if key is None:
        from django.utils.crypto import get_random_string

        key = f"refund:{vendor_order.pk}:{get_random_string(16)}"
    booking = refund_vendor_order_payment(
        vendor_order, amount=amount, reason=reason, actor=actor, key=key[:160]
    )
    if booking is None:
        raise DomainError(
            "Pesanan ini belum dibayar; tidak ada yang dapat dikembalikan.",
            code="INVALID",
            field="vendorOrderId",
        )
    if not booking.created:  # the same key again: the same refund, no new history
        return booking.transaction
    record_event(
        order=order,
        vendor_order=vendor_order,
        type="vendor_order.refunded",
        actor=actor,
        data={"amount": str(amount), "reason": reason[:255]},
    )
    refresh_order_status(order, actor=actor)
    return booking.transaction
