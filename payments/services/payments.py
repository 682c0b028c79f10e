"""Payments of orders: recording, confirming, failing, expiring, refunding.

Rules that keep money safe:
- A database transaction never spans a network call. The order and its PENDING payment are
  written in the checkout transaction; the provider object (Stripe PaymentIntent) is created after
  commit by `start_provider_payment`, which one caller claims with a conditional UPDATE (so ten
  concurrent retries create one PaymentIntent) while the others wait for its reference.
- Provider outcomes (webhooks, callbacks, reconciliation) are applied by `apply_provider_status`
  under the order lock; applying the same outcome twice changes nothing (unique transaction keys).
- Refunds are booked (ledger, amounts) in one transaction as PENDING transactions and executed
  against the gateway after commit by `execute_refund`, retried by a task while the provider
  cannot be reached (at most PAYMENTS_REFUND_MAX_ATTEMPTS calls). A refund that fails for good
  (refused, answered "failed", out of attempts, or a later `refund.failed` webhook) is undone by
  `fail_refund` in one transaction: ledger, refunded amounts and statuses go back to what they
  were, and staff are told; they refund again under a new key or settle it by hand.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from marketplace.core.exceptions import DomainError, InvalidTransition
from marketplace.notifications.outbox import emit_event

from ..gateways import GatewayError, get_gateway
from ..models import (
    Gateway,
    Payment,
    PaymentStatus,
    PaymentTransaction,
    ProviderEvent,
    TransactionKind,
    TransactionStatus,
)
from . import ledger

logger = logging.getLogger(__name__)

PROVIDER_CLAIM_TIMEOUT = timedelta(seconds=30)
PROVIDER_WAIT_SECONDS = 15.0
OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.AUTHORIZED)


def create_payment_record(*, order, gateway: str, idempotency_key: str, now=None) -> Payment:
    """The order's payment, inside the checkout transaction. Offline gateways (VA, COD) issue their
    instructions right here; Stripe's PaymentIntent is created after commit."""
    now = now or timezone.now()
    adapter = get_gateway(gateway)
    payment = Payment(
        order=order,
        gateway=gateway,
        amount=order.total,
        currency=order.currency,
        idempotency_key=f"pay:{order.pk}:{idempotency_key}"[:128],
        expires_at=now + settings.PAYMENT_PENDING_TTL if gateway != Gateway.COD else None,
    )
    if gateway != Gateway.STRIPE:
        result = adapter.create_payment(
            order_ref=order.number,
            amount=order.total,
            currency=order.currency,
            idempotency_key=payment.idempotency_key,
            expires_in=settings.PAYMENT_PENDING_TTL if gateway != Gateway.COD else None,
            metadata={"order_id": order.pk},
        )
        payment.provider_reference = result.reference
        payment.instructions = result.instructions
    payment.save()
    return payment


def start_provider_payment(payment: Payment) -> Payment:
    """Create the provider-side payment once (after commit). Safe to call from every retry."""
    if payment.gateway != Gateway.STRIPE or payment.provider_reference:
        return payment
    now = timezone.now()
    claimed = (
        Payment.objects.filter(pk=payment.pk, provider_reference="", status=PaymentStatus.PENDING)
        .filter(
            Q(provider_call_started_at__isnull=True)
            | Q(provider_call_started_at__lt=now - PROVIDER_CLAIM_TIMEOUT)
        )
        .update(provider_call_started_at=now)
    )
    if not claimed:
        return _wait_for_reference(payment)
    order = payment.order
    try:
        result = get_gateway(payment.gateway).create_payment(
            order_ref=order.number,
            amount=payment.amount,
            currency=payment.currency,
            idempotency_key=payment.idempotency_key,
            expires_in=settings.PAYMENT_PENDING_TTL,
            metadata={"order_id": order.pk, "payment_id": payment.pk},
        )
    except GatewayError as exc:
        Payment.objects.filter(pk=payment.pk).update(provider_call_started_at=None)
        logger.warning("creating the provider payment %s failed: %s", payment.pk, exc)
        raise DomainError(
            "Layanan pembayaran sedang tidak tersedia; coba lagi dengan kunci yang sama.",
            code="PAYMENT_GATEWAY_UNAVAILABLE",
            field="paymentGateway",
        )
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            provider_reference=result.reference,
            client_secret=result.client_secret,
            updated_at=timezone.now(),
        )
        PaymentTransaction.objects.get_or_create(
            idempotency_key=f"create:{payment.pk}",
            defaults={
                "payment": payment,
                "kind": TransactionKind.CREATE,
                "status": TransactionStatus.SUCCESS,
                "amount": payment.amount,
                "provider_reference": result.reference,
            },
        )
    payment.provider_reference = result.reference
    payment.client_secret = result.client_secret
    return payment


def _wait_for_reference(payment: Payment) -> Payment:
    deadline = time.monotonic() + PROVIDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        payment.refresh_from_db()
        if payment.provider_reference or payment.status != PaymentStatus.PENDING:
            return payment
        time.sleep(0.05)
    raise DomainError(
        "Pembayaran sedang disiapkan; coba lagi dengan kunci yang sama.",
        code="PAYMENT_GATEWAY_UNAVAILABLE",
        field="paymentGateway",
    )


# --- outcomes -------------------------------------------------------------------------------


def _lock(payment_id: int):
    from marketplace.orders.services.events import lock_order

    order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
    order = lock_order(order_id)
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    return order, payment


@transaction.atomic
def mark_payment_captured(
    payment_id: int, *, amount: Decimal | None = None, actor=None, actor_label: str = ""
) -> Payment:
    """The whole amount of a prepaid order arrived. Idempotent."""
    from marketplace.orders.models import VendorOrderStatus
    from marketplace.orders.services.events import record_event
    from marketplace.orders.services.status import refresh_order_status

    order, payment = _lock(payment_id)
    if payment.captured_amount > 0:
        return payment
    amount = payment.amount if amount is None else amount
    now = timezone.now()
    payment.captured_amount = amount
    payment.captured_at = now
    _transaction(payment, TransactionKind.CAPTURE, amount, key=f"capture:{payment.pk}", actor=actor)
    if payment.status in (
        PaymentStatus.EXPIRED,
        PaymentStatus.CANCELLED,
        PaymentStatus.FAILED,
    ) or order.status in (
        "CANCELLED",
        "REFUNDED",
    ):
        # Money for an order that no longer stands (expired, cancelled): give all of it back.
        payment.refunded_amount = amount
        payment.status = PaymentStatus.REFUNDED
        payment.save()
        _transaction(
            payment,
            TransactionKind.REFUND,
            amount,
            key=f"late-capture-refund:{payment.pk}",
            status=TransactionStatus.PENDING,
            reason="Pembayaran diterima setelah pesanan batal",
        )
        record_event(
            order=order,
            type="payment.late_refunded",
            actor=actor,
            actor_label=actor_label,
            data={"amount": str(amount)},
        )
        _queue_after_commit("execute_pending_refunds", payment_id=payment.pk)
        return payment
    payment.status = PaymentStatus.CAPTURED
    payment.save()
    order.paid_at = now
    # Vendor orders still standing are now paid, and their money is booked.
    order.__class__.objects.filter(pk=order.pk).update(paid_at=now)
    vendor_orders = list(
        order.vendor_orders.exclude(status=VendorOrderStatus.CANCELLED).order_by("pk")
    )
    order.vendor_orders.filter(pk__in=[vo.pk for vo in vendor_orders]).update(paid_at=now)
    for vendor_order in vendor_orders:
        ledger.book_sale(vendor_order)
    record_event(
        order=order,
        type="payment.captured",
        actor=actor,
        actor_label=actor_label or payment.gateway,
        data={"amount": str(amount), "gateway": payment.gateway},
    )
    emit_event(
        "payment.received",
        {
            "order_id": order.pk,
            "order_number": order.number,
            "amount": str(amount),
            "gateway": payment.gateway,
        },
        aggregate_type="order",
        aggregate_id=order.pk,
    )
    refresh_order_status(order, actor=actor, actor_label=actor_label)
    return payment


@transaction.atomic
def capture_cod_for_vendor_order(vendor_order, *, actor=None) -> None:
    """Cash on delivery: the courier collected this vendor order's total at the door."""
    from marketplace.orders.models import VendorOrder
    from marketplace.orders.services.events import record_event

    payment = (
        Payment.objects.select_for_update()
        .filter(order_id=vendor_order.order_id, gateway=Gateway.COD)
        .first()
    )
    if payment is None:
        return
    created = _transaction(
        payment,
        TransactionKind.CAPTURE,
        vendor_order.total,
        key=f"cod-capture:{vendor_order.pk}",
        actor=actor,
        vendor_order=vendor_order,
    )
    if not created:
        return
    now = timezone.now()
    Payment.objects.filter(pk=payment.pk).update(
        captured_amount=F("captured_amount") + vendor_order.total,
        status=PaymentStatus.CAPTURED,
        captured_at=now,
    )
    VendorOrder.objects.filter(pk=vendor_order.pk).update(paid_at=now)
    vendor_order.paid_at = now
    ledger.book_sale(vendor_order)
    order = vendor_order.order
    if not order.vendor_orders.exclude(status="CANCELLED").filter(paid_at__isnull=True).exists():
        order.__class__.objects.filter(pk=order.pk).update(paid_at=now)
        order.paid_at = now
    record_event(
        order=order,
        vendor_order=vendor_order,
        type="payment.captured",
        actor=actor,
        actor_label="cod",
        data={"amount": str(vendor_order.total)},
    )
    emit_event(
        "payment.received",
        {
            "order_id": order.pk,
            "vendor_order_id": vendor_order.pk,
            "amount": str(vendor_order.total),
            "gateway": "cod",
        },
        vendor_id=vendor_order.vendor_id,
        aggregate_type="order",
        aggregate_id=order.pk,
    )


def _transaction(
    payment,
    kind,
    amount,
    *,
    key,
    actor=None,
    status=TransactionStatus.SUCCESS,
    reason="",
    vendor_order=None,
) -> bool:
    """Record one transaction; False when its key was already recorded (a replay)."""
    try:
        with transaction.atomic():
            PaymentTransaction.objects.create(
                payment=payment,
                vendor_order=vendor_order,
                kind=kind,
                status=status,
                amount=amount,
                idempotency_key=key,
                provider_reference=payment.provider_reference,
                reason=reason[:255],
                actor=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def mark_payment_failed(payment_id: int, *, message: str = "", actor_label: str = "") -> Payment:
    from marketplace.orders.services.events import record_event

    order, payment = _lock(payment_id)
    if payment.status != PaymentStatus.PENDING:
        return payment
    if not _transaction(
        payment,
        TransactionKind.FAIL,
        payment.amount,
        key=f"fail:{payment.pk}:{message[:60]}",
        reason=message,
    ):
        return payment
    payment.failure_message = message[:255]
    payment.save(update_fields=["failure_message", "updated_at"])
    record_event(
        order=order, type="payment.failed", actor_label=actor_label, data={"message": message[:255]}
    )
    emit_event(
        "payment.failed",
        {"order_id": order.pk, "order_number": order.number, "message": message[:255]},
        aggregate_type="order",
        aggregate_id=order.pk,
    )
    return payment


def apply_provider_status(payment: Payment, result, *, actor_label: str) -> Payment:
    """Apply what the provider says *now* about the payment (re-fetched, never the event's copy)."""
    if result.status == "CAPTURED":
        return mark_payment_captured(
            payment.pk, amount=result.amount or payment.amount, actor_label=actor_label
        )
    if result.status == "AUTHORIZED":
        with transaction.atomic():
            _order, locked = _lock(payment.pk)
            if locked.status == PaymentStatus.PENDING:
                locked.status = PaymentStatus.AUTHORIZED
                locked.save(update_fields=["status", "updated_at"])
                _transaction(
                    locked, TransactionKind.AUTHORIZE, locked.amount, key=f"authorize:{locked.pk}"
                )
            return locked
    if result.status == "FAILED":
        return mark_payment_failed(
            payment.pk,
            message=result.failure_message or "Pembayaran ditolak.",
            actor_label=actor_label,
        )
    return payment


# --- webhooks and callbacks -----------------------------------------------------------------


def handle_webhook(gateway_id: str, headers, raw_body: bytes) -> str:
    """Verify, re-fetch, and apply one provider event exactly once. Returns what happened."""
    gateway = get_gateway(gateway_id)
    event = gateway.parse_webhook(headers, raw_body)  # WebhookRejected → 400 in the view
    if ProviderEvent.objects.filter(provider=gateway_id, event_id=event.event_id).exists():
        return "duplicate"
    if event.refund is not None:
        return _apply_refund_event(gateway_id, event)
    payment = (
        Payment.objects.filter(gateway=gateway_id, provider_reference=event.reference).first()
        if event.reference
        else None
    )
    result = None
    if payment is not None and gateway_id == Gateway.STRIPE:
        result = gateway.get_payment(
            payment.provider_reference
        )  # order matters: trust the current state
    with transaction.atomic():
        if not _record_provider_event(gateway_id, event):
            return "duplicate"  # delivered concurrently; the other delivery applied it
        if payment is None:
            return "ignored"
        if gateway_id == Gateway.STRIPE:
            apply_provider_status(payment, result, actor_label=f"webhook:{event.type}")
        elif gateway_id == Gateway.BANK_TRANSFER and event.type == "va.paid":
            if event.amount != payment.amount:
                raise DomainError(
                    "Jumlah transfer tidak sesuai tagihan.", code="INVALID", field="amount"
                )
            mark_payment_captured(
                payment.pk, amount=event.amount, actor_label="bank_transfer:callback"
            )
    return "applied"


def _record_provider_event(gateway_id: str, event) -> bool:
    """Remember the event (inside the caller's transaction); False if it was already applied."""
    try:
        with transaction.atomic():
            ProviderEvent.objects.create(
                provider=gateway_id, event_id=event.event_id, type=event.type, payload=event.payload
            )
    except IntegrityError:
        return False
    return True


def _apply_refund_event(gateway_id: str, event) -> str:
    """A refund event (Stripe `refund.failed`, `refund.updated`): only a failure changes anything.

    The refund's state is taken from the verified event rather than fetched again: unlike a
    PaymentIntent, a refund that is `failed` or `canceled` never changes again, so an old or
    reordered delivery cannot undo a newer state. A refund we did not make (dashboard) is ignored.
    """
    refund = event.refund
    txn = (
        PaymentTransaction.objects.filter(
            kind=TransactionKind.REFUND,
            provider_reference=refund.reference,
            payment__gateway=gateway_id,
        ).first()
        if refund.reference
        else None
    )
    with transaction.atomic():
        if not _record_provider_event(gateway_id, event):
            return "duplicate"
        if txn is None or refund.status != "FAILED":
            return "ignored"
        changed = fail_refund(
            txn.pk,
            reason=refund.failure_message or "Pengembalian dana gagal di penyedia pembayaran.",
            actor_label=f"webhook:{event.type}",
            allow_succeeded=True,
        )
    return "applied" if changed else "unchanged"


def reconcile_payment(payment: Payment) -> Payment:
    """Ask the provider where an open payment stands and apply it (beat task, admin action)."""
    if payment.gateway != Gateway.STRIPE:
        return payment
    if not payment.provider_reference:
        return start_provider_payment(payment)
    result = get_gateway(payment.gateway).get_payment(payment.provider_reference)
    return apply_provider_status(payment, result, actor_label="reconciliation")


def reconcile_pending_payments(*, limit: int = 200) -> int:
    """Open Stripe payments whose outcome never arrived, then closed ones Stripe missed."""
    count = 0
    for payment in Payment.objects.filter(
        gateway=Gateway.STRIPE, status__in=OPEN_STATUSES, captured_amount=0
    ).order_by("pk")[:limit]:
        try:
            reconcile_payment(payment)
            count += 1
        except (GatewayError, DomainError) as exc:
            logger.warning("reconciling payment %s failed: %s", payment.pk, exc)
    return count + reconcile_closed_payments(limit=limit)


# --- card confirmation (storefront, API) -----------------------------------------------------

CARD_CONFIRM_LOCK_SECONDS = 120  # longer than one provider call with its retries
CARD_CONFIRM_WAIT_SECONDS = 20.0
PAID_STATUSES = (
    PaymentStatus.AUTHORIZED,
    PaymentStatus.CAPTURED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
)


def confirm_card_payment(payment: Payment, *, card_token: str) -> Payment:
    """Charge the shopper's card (a Stripe.js token) for this payment, once.

    No database lock is held during the provider calls: one caller at a time per payment holds a
    short-lived claim in the shared cache (a double-clicked "Bayar" waits, then finds the intent
    already confirmed and charges nothing), and the provider's answer is applied afterwards by
    `apply_provider_status` in its own transaction. The returned payment carries
    `requires_action = True` when the bank asks for 3-D Secure (the page then runs it with the
    client secret and asks us to re-check). A declined card or an unusable token raises
    PAYMENT_FAILED and leaves the payment PENDING, so the shopper can try another card.
    """
    from django.core.cache import cache

    card_token = (card_token or "").strip()
    if payment.gateway != Gateway.STRIPE:
        raise InvalidTransition("Pesanan ini tidak dibayar dengan kartu.", field="paymentId")
    if not card_token or len(card_token) > 255:
        raise DomainError("Data kartu tidak lengkap.", code="REQUIRED", field="cardToken")
    lock_key = f"payments:card-confirm:{payment.pk}"
    deadline = time.monotonic() + CARD_CONFIRM_WAIT_SECONDS
    while not cache.add(lock_key, card_token, timeout=CARD_CONFIRM_LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise DomainError(
                "Pembayaran sedang diproses; coba lagi sebentar lagi.",
                code="PAYMENT_GATEWAY_UNAVAILABLE",
                field="cardToken",
            )
        time.sleep(0.05)
    try:
        return _confirm_card_claimed(payment, card_token=card_token)
    finally:
        cache.delete(lock_key)


def _confirm_card_claimed(payment: Payment, *, card_token: str) -> Payment:
    payment.refresh_from_db()
    payment.requires_action = False
    if payment.status in PAID_STATUSES:
        return payment  # already paid: a repeated confirmation changes nothing
    if payment.status != PaymentStatus.PENDING:
        raise InvalidTransition("Pembayaran ini tidak lagi menunggu pembayaran.", field="paymentId")
    if not payment.provider_reference:
        payment = start_provider_payment(payment)
    try:
        result = get_gateway(payment.gateway).confirm_card(
            payment.provider_reference,
            card_token=card_token,
            idempotency_key=f"confirm:{payment.pk}:{card_token}"[:255],
        )
    except GatewayError as exc:
        logger.warning("confirming card payment %s failed: %s", payment.pk, exc)
        raise DomainError(
            "Layanan pembayaran sedang tidak tersedia; coba lagi.",
            code="PAYMENT_GATEWAY_UNAVAILABLE",
            field="cardToken",
        )
    if not getattr(result, "refused_before_charge", False):
        apply_provider_status(payment, result, actor_label="card")
    if result.status == "FAILED":
        detail = f" ({result.failure_message})" if result.failure_message else ""
        raise DomainError(
            f"Pembayaran kartu gagal{detail}. Periksa data kartu atau gunakan kartu lain.",
            code="PAYMENT_FAILED",
            field="cardToken",
        )
    payment.refresh_from_db()
    payment.requires_action = result.requires_action
    return payment


@transaction.atomic
def confirm_payment_manually(payment: Payment, *, actor) -> Payment:
    """Staff confirm a bank transfer they saw arrive (admin action / `paymentConfirm`)."""
    if payment.gateway != Gateway.BANK_TRANSFER:
        raise InvalidTransition("Hanya transfer bank yang dapat dikonfirmasi manual.", field="id")
    if payment.status not in OPEN_STATUSES:
        raise InvalidTransition("Pembayaran ini tidak menunggu konfirmasi.", field="id")
    return mark_payment_captured(payment.pk, actor=actor, actor_label="staff")


# --- cancellation, expiry, refunds ----------------------------------------------------------


def cancel_open_payment(
    payment: Payment, *, to_status: str = PaymentStatus.CANCELLED, actor=None
) -> bool:
    """Close a payment that was never captured (caller holds the order lock)."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status not in OPEN_STATUSES or payment.captured_amount:
        return False
    payment.status = to_status
    payment.save(update_fields=["status", "updated_at"])
    kind = TransactionKind.EXPIRE if to_status == PaymentStatus.EXPIRED else TransactionKind.CANCEL
    _transaction(
        payment,
        kind,
        payment.amount,
        key=f"{kind.lower()}:{payment.pk}",
        actor=actor,
        status=TransactionStatus.PENDING
        if payment.gateway == Gateway.STRIPE and payment.provider_reference
        else TransactionStatus.SUCCESS,
    )
    if payment.gateway == Gateway.STRIPE and payment.provider_reference:
        _queue_after_commit("cancel_at_provider", payment_id=payment.pk)
    return True


def cancel_at_provider(payment_id: int) -> None:
    """Cancel the PaymentIntent of a payment we closed (after commit; reconciliation retries).

    Stripe refuses to cancel an intent the card was charged on meanwhile (the shopper paid while
    the order was being cancelled or expiring). That charge is then applied like a late webhook:
    `mark_payment_captured` finds the payment closed and refunds all of it. Runs in the
    `payments.cancel_at_provider` task and in `reconcile_closed_payments`."""
    payment = Payment.objects.get(pk=payment_id)
    gateway = get_gateway(payment.gateway)
    closing = PaymentTransaction.objects.filter(
        payment=payment,
        kind__in=[TransactionKind.CANCEL, TransactionKind.EXPIRE],
        status=TransactionStatus.PENDING,
    )
    try:
        result = gateway.cancel(payment.provider_reference, idempotency_key=f"cancel:{payment.pk}")
    except GatewayError as exc:
        logger.warning("cancelling payment %s at the provider failed: %s", payment_id, exc)
        try:
            result = gateway.get_payment(payment.provider_reference)
        except GatewayError:
            return  # unreachable: the transaction stays PENDING for reconciliation
    if result.status == "CANCELLED":
        closing.update(status=TransactionStatus.SUCCESS)
    elif result.status == "CAPTURED":
        apply_provider_status(payment, result, actor_label="reconciliation")
        closing.update(
            status=TransactionStatus.FAILED,
            error="Kartu terdebit sebelum pembatalan; dana dikembalikan.",
        )


def reconcile_closed_payments(*, limit: int = 200) -> int:
    """Finish cancelling Stripe payments we closed while Stripe could not be reached."""
    payment_ids = list(
        Payment.objects.filter(
            gateway=Gateway.STRIPE,
            transactions__kind__in=[TransactionKind.CANCEL, TransactionKind.EXPIRE],
            transactions__status=TransactionStatus.PENDING,
        )
        .exclude(provider_reference="")
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")[:limit]
    )
    for payment_id in payment_ids:
        try:
            cancel_at_provider(payment_id)
        except (GatewayError, DomainError) as exc:
            logger.warning("finishing the cancellation of payment %s failed: %s", payment_id, exc)
    return len(payment_ids)


@dataclass(frozen=True)
class RefundBooking:
    transaction: PaymentTransaction
    created: bool  # False: the same key again, answered with the refund booked then


def refund_vendor_order_payment(
    vendor_order, *, amount: Decimal, reason: str = "", actor=None, key: str
) -> RefundBooking | None:
    """Book a refund of `amount` of this vendor order (caller holds the order lock).

    Returns the PENDING refund transaction (sent by a task after commit), or None when nothing
    was paid.
    """
    from marketplace.orders.models import VendorOrder

    if amount <= 0:
        raise DomainError(
            "Jumlah pengembalian harus lebih dari 0.", code="OUT_OF_RANGE", field="amount"
        )
    payment = (
        Payment.objects.select_for_update()
        .filter(order_id=vendor_order.order_id, captured_amount__gt=0)
        .first()
    )
    vendor_order.refresh_from_db()
    if payment is None or vendor_order.paid_at is None:
        return None
    existing = PaymentTransaction.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.amount != amount or existing.vendor_order_id != vendor_order.pk:
            raise DomainError(
                "Kunci idempotensi ini sudah dipakai untuk pengembalian lain.",
                code="IDEMPOTENCY_KEY_REUSED",
                field="idempotencyKey",
            )
        return RefundBooking(existing, created=False)
    refundable = vendor_order.total - vendor_order.refunded_amount
    if refundable <= 0:
        raise DomainError(
            f"Dana pesanan {vendor_order.number} sudah dikembalikan seluruhnya.",
            code="OUT_OF_RANGE",
            field="amount",
        )
    if amount > refundable:
        raise DomainError(
            f"Paling banyak Rp {refundable:,.0f} yang dapat dikembalikan.".replace(",", "."),
            code="OUT_OF_RANGE",
            field="amount",
        )
    txn = PaymentTransaction.objects.create(
        payment=payment,
        vendor_order=vendor_order,
        kind=TransactionKind.REFUND,
        status=TransactionStatus.PENDING,
        amount=amount,
        idempotency_key=key,
        provider_reference=payment.provider_reference,
        reason=reason[:255],
        actor=actor if getattr(actor, "pk", None) else None,
    )
    ledger.book_refund(
        vendor_order,
        amount=amount,
        refunded_before=vendor_order.refunded_amount,
        key=f"refund:{txn.pk}",
    )
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        refunded_amount=F("refunded_amount") + amount
    )
    vendor_order.refunded_amount += amount
    payment.refunded_amount += amount
    payment.status = _status_after_refunds(payment)
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    emit_event(
        "order.refunded",
        {
            "order_id": vendor_order.order_id,
            "vendor_order_id": vendor_order.pk,
            "amount": str(amount),
            "reason": reason[:255],
        },
        vendor_id=vendor_order.vendor_id,
        aggregate_type="order",
        aggregate_id=vendor_order.order_id,
    )
    _queue_after_commit("execute_pending_refunds", payment_id=payment.pk)
    return RefundBooking(txn, created=True)


def _status_after_refunds(payment: Payment) -> str:
    """A captured payment's status from what of it has been refunded."""
    if payment.refunded_amount <= 0:
        return PaymentStatus.CAPTURED
    if payment.refunded_amount >= payment.captured_amount:
        return PaymentStatus.REFUNDED
    return PaymentStatus.PARTIALLY_REFUNDED


def _queue_after_commit(task_name: str, **kwargs) -> None:
    """Hand provider work to its Celery task once the transaction commits, never inline in the
    request. A broker that is down only delays it: the refund or cancellation stays PENDING and
    the scheduled sweep (`execute_pending_refunds`, `reconcile_pending_payments`) sends it."""
    from .. import tasks

    transaction.on_commit(lambda: getattr(tasks, task_name).delay(**kwargs), robust=True)


def execute_refund(txn: PaymentTransaction) -> PaymentTransaction:
    """Send one booked refund to the gateway (idempotent by the transaction's key).

    Accepted (succeeded or on its way) → SUCCESS. Refused or answered "failed" → `fail_refund`
    at once. Provider unreachable → stays PENDING for the task, until the attempts run out."""
    payment = txn.payment
    try:
        result = get_gateway(payment.gateway).refund(
            payment.provider_reference,
            amount=txn.amount,
            idempotency_key=txn.idempotency_key,
            reason=txn.reason,
        )
    except GatewayError as exc:
        attempts = _count_attempt(txn, error=str(exc))
        if exc.permanent:
            reason = f"Ditolak penyedia pembayaran: {exc}"
        elif attempts >= settings.PAYMENTS_REFUND_MAX_ATTEMPTS:
            reason = (
                f"Penyedia pembayaran tidak dapat dihubungi setelah {attempts} percobaan "
                f"({exc}); periksa dasbor penyedia sebelum mengembalikan dana lagi."
            )
        else:
            return txn
        fail_refund(txn.pk, reason=reason, actor_label=f"gateway:{payment.gateway}")
        txn.refresh_from_db()
        return txn
    if result.status == "FAILED":
        _count_attempt(txn, error=result.failure_message, reference=result.reference)
        fail_refund(
            txn.pk,
            reason=result.failure_message or "Pengembalian dana gagal di penyedia pembayaran.",
            actor_label=f"gateway:{payment.gateway}",
        )
        txn.refresh_from_db()
        return txn
    # Only a PENDING refund becomes SUCCESS: one failed meanwhile stays failed (and undone).
    PaymentTransaction.objects.filter(pk=txn.pk, status=TransactionStatus.PENDING).update(
        status=TransactionStatus.SUCCESS,
        provider_reference=result.reference or txn.provider_reference,
        attempts=F("attempts") + 1,
        error="",
        updated_at=timezone.now(),
    )
    txn.refresh_from_db()
    return txn


def _count_attempt(txn: PaymentTransaction, *, error: str, reference: str = "") -> int:
    """Record one call that did not succeed; returns how many calls were made so far."""
    changes = {"attempts": F("attempts") + 1, "error": error[:255], "updated_at": timezone.now()}
    if reference:
        changes["provider_reference"] = reference
    PaymentTransaction.objects.filter(pk=txn.pk).update(**changes)
    return PaymentTransaction.objects.values_list("attempts", flat=True).get(pk=txn.pk)


def execute_pending_refunds(*, payment_id: int | None = None, limit: int = 200) -> int:
    """Send every booked refund still PENDING; returns how many the provider accepted."""
    pending = PaymentTransaction.objects.filter(
        kind=TransactionKind.REFUND, status=TransactionStatus.PENDING
    ).select_related("payment")
    if payment_id is not None:
        pending = pending.filter(payment_id=payment_id)
    done = 0
    for txn in pending.order_by("pk")[:limit]:
        if execute_refund(txn).status == TransactionStatus.SUCCESS:
            done += 1
    return done


@transaction.atomic
def fail_refund(
    transaction_id: int, *, reason: str, actor_label: str, allow_succeeded: bool = False
) -> bool:
    """A refund the provider will never pay: undo its booking, once, and tell staff.

    In one transaction under the order and payment locks: the refund transaction becomes FAILED
    with `reason`, the ledger entries its booking wrote are reversed, the vendor order's and the
    payment's refunded amounts (and the payment's and order's statuses) go back, an OrderEvent
    records it and a `refund.failed` event tells staff. Returns False when there was nothing to
    do: already FAILED, or SUCCESS while `allow_succeeded` is off (only the provider's own word,
    a webhook, may fail a refund it had accepted; a late error of a duplicate call may not)."""
    from marketplace.orders.models import VendorOrder
    from marketplace.orders.services.events import record_event
    from marketplace.orders.services.status import refresh_order_status

    payment_id = PaymentTransaction.objects.values_list("payment_id", flat=True).get(
        pk=transaction_id
    )
    order, payment = _lock(payment_id)
    txn = PaymentTransaction.objects.select_for_update().get(pk=transaction_id)
    failable = {TransactionStatus.PENDING}
    if allow_succeeded:
        failable.add(TransactionStatus.SUCCESS)
    if txn.kind != TransactionKind.REFUND or txn.status not in failable:
        return False
    txn.status = TransactionStatus.FAILED
    txn.error = reason[:255]
    txn.save(update_fields=["status", "error", "updated_at"])
    vendor_order = None
    if txn.vendor_order_id:
        vendor_order = VendorOrder.objects.get(pk=txn.vendor_order_id)
        ledger.reverse_failed_refund(vendor_order, key=f"refund:{txn.pk}")
        VendorOrder.objects.filter(pk=vendor_order.pk).update(
            refunded_amount=F("refunded_amount") - txn.amount
        )
    payment.refunded_amount -= txn.amount
    payment.status = _status_after_refunds(payment)
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    data = {
        "refund_id": txn.pk,
        "amount": str(txn.amount),
        "reason": reason[:255],
        "provider_reference": txn.provider_reference,
    }
    record_event(
        order=order,
        vendor_order=vendor_order,
        type="payment.refund_failed",
        actor_label=actor_label,
        data=data,
    )
    emit_event(
        "refund.failed",
        {
            "order_id": order.pk,
            "order_number": order.number,
            "vendor_order_id": txn.vendor_order_id,
            "vendor_order_number": vendor_order.number if vendor_order else "",
            **data,
        },
        vendor_id=vendor_order.vendor_id if vendor_order else None,
        aggregate_type="order",
        aggregate_id=order.pk,
    )
    refresh_order_status(order, actor_label=actor_label)
    return True


def expire_unpaid_orders(*, now=None) -> int:
    """Cancel prepaid orders whose payment window passed; their stock goes back on the shelf."""
    from marketplace.orders.services.transitions import expire_order

    now = now or timezone.now()
    due = list(
        Payment.objects.filter(
            status=PaymentStatus.PENDING,
            captured_amount=0,
            expires_at__lte=now,
            gateway__in=[Gateway.STRIPE, Gateway.BANK_TRANSFER],
        ).values_list("order_id", flat=True)
    )
    count = 0
    for order_id in due:
        if expire_order(order_id=order_id):
            count += 1
    return count
