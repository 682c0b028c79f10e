"""Cards through Stripe (official SDK). `settings.STRIPE_API_BASE` points it at Stripe or, in
tests, at localstripe on loopback. Stripe counts IDR in hundredths: Rp150.000 → 15000000."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import stripe
from django.conf import settings

from .base import (
    GatewayError,
    GatewayResult,
    PaymentGateway,
    RefundResult,
    WebhookEvent,
    WebhookRejected,
)

WEBHOOK_TOLERANCE_SECONDS = 300
STATUS_MAP = {
    "requires_payment_method": "PENDING",
    "requires_confirmation": "PENDING",
    "requires_action": "PENDING",
    "processing": "PENDING",
    "requires_capture": "AUTHORIZED",
    "succeeded": "CAPTURED",
    "canceled": "CANCELLED",
}


# A PaymentIntent in one of these states has not charged anything yet and may be confirmed.
CONFIRMABLE = ("requires_payment_method", "requires_confirmation")

# A refund Stripe accepted is SUCCESS or PENDING for us until it fails (`failed` and `canceled`
# are final; `requires_action` waits for the shopper's bank details and is still on its way).
REFUND_STATUS_MAP = {
    "succeeded": "SUCCESS",
    "pending": "PENDING",
    "requires_action": "PENDING",
    "failed": "FAILED",
    "canceled": "FAILED",
}

# Stripe understood the call and said no (400/404 invalid request, 402 card, reused idempotency
# key with other parameters): asking again changes nothing. Everything else (connection, 5xx,
# 409, 429, and 401/403 which are about our keys, not about this payment) may pass later.
PERMANENT_ERRORS = (stripe.InvalidRequestError, stripe.CardError, stripe.IdempotencyError)


def gateway_error(exc: stripe.StripeError) -> GatewayError:
    """Our `GatewayError` for a Stripe SDK error, classified permanent or transient."""
    return GatewayError(
        str(exc),
        permanent=isinstance(exc, PERMANENT_ERRORS),
        code=getattr(exc, "code", None) or "",
    )


@dataclass
class CardConfirmation(GatewayResult):
    """What confirming a card did: the intent's state now, and whether the bank asks the shopper
    for 3-D Secure (Stripe.js then runs it with the client secret)."""

    requires_action: bool = False
    refused_before_charge: bool = False  # unknown token, bad request: no attempt was made


def to_minor_units(amount: Decimal, currency: str) -> int:
    return int(Decimal(amount) * 100)


def from_minor_units(amount: int | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    return (Decimal(amount) / 100).quantize(Decimal("1"))


def client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,
    )


class StripeGateway(PaymentGateway):
    id = "stripe"

    def _result(self, intent) -> GatewayResult:
        data = intent.to_dict() if hasattr(intent, "to_dict") else dict(intent)
        status = STATUS_MAP.get(data.get("status"), "PENDING")
        error = data.get("last_payment_error") or {}
        if data.get("status") == "requires_payment_method" and error:
            status = "FAILED"
        received = data.get("amount_received")
        amount = received if status == "CAPTURED" and received else data.get("amount")
        return GatewayResult(
            status=status,
            reference=data["id"],
            amount=from_minor_units(amount, data.get("currency", "idr")),
            client_secret=data.get("client_secret") or "",
            failure_message=error.get("message", "") if isinstance(error, dict) else "",
            raw=data,
        )

    def create_payment(
        self, *, order_ref, amount, currency, idempotency_key, expires_in, metadata
    ) -> GatewayResult:
        try:
            intent = client().v1.payment_intents.create(
                params={
                    "amount": to_minor_units(amount, currency),
                    "currency": currency.lower(),
                    "payment_method_types": ["card"],
                    "metadata": {"order": order_ref, **{k: str(v) for k, v in metadata.items()}},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise gateway_error(exc)
        return self._result(intent)

    def _confirmation(self, intent, *, failure_message: str = "") -> CardConfirmation:
        result = self._result(intent)
        requires_action = result.raw.get("status") == "requires_action"
        refused = bool(failure_message) and result.status == "PENDING" and not requires_action
        if refused:
            result.status = "FAILED"
        return CardConfirmation(
            **{**result.__dict__, "failure_message": result.failure_message or failure_message},
            requires_action=requires_action,
            refused_before_charge=refused,
        )

    def confirm_card(
        self, reference: str, *, card_token: str, idempotency_key: str
    ) -> CardConfirmation:
        """Attach the card of a Stripe.js token to the PaymentIntent and confirm it.

        An intent that was already confirmed (charged, processing, waiting for 3-D Secure) is
        only reported, never confirmed again, so a repeated call charges nothing twice. A card
        the provider refuses (declined, unknown token) comes back FAILED with its message;
        only an unreachable provider raises `GatewayError`."""
        api = client().v1
        try:
            intent = api.payment_intents.retrieve(reference)
            if intent.status not in CONFIRMABLE:
                return self._confirmation(intent)
            try:
                token = api.tokens.retrieve(card_token).to_dict()
                card_id = (token.get("card") or {}).get("id") or ""
                if not card_id:
                    raise stripe.InvalidRequestError("The token carries no card.", "card_token")
                api.payment_intents.update(reference, params={"payment_method": card_id})
                intent = api.payment_intents.confirm(
                    reference, options={"idempotency_key": idempotency_key}
                )
            except (stripe.CardError, stripe.InvalidRequestError) as exc:
                message = getattr(exc, "user_message", None) or str(exc) or "Kartu ditolak."
                return self._confirmation(
                    api.payment_intents.retrieve(reference), failure_message=message
                )
        except stripe.StripeError as exc:
            raise gateway_error(exc)
        return self._confirmation(intent)

    def get_payment(self, reference: str) -> GatewayResult:
        try:
            return self._result(client().v1.payment_intents.retrieve(reference))
        except stripe.StripeError as exc:
            raise gateway_error(exc)

    def capture(self, reference, *, amount, idempotency_key) -> GatewayResult:
        try:
            intent = client().v1.payment_intents.capture(
                reference,
                params={"amount_to_capture": to_minor_units(amount, "idr")},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise gateway_error(exc)
        return self._result(intent)

    def cancel(self, reference, *, idempotency_key) -> GatewayResult:
        try:
            intent = client().v1.payment_intents.cancel(
                reference, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise gateway_error(exc)
        return self._result(intent)

    def refund(self, reference, *, amount, idempotency_key, reason="") -> RefundResult:
        try:
            refund = client().v1.refunds.create(
                params={"payment_intent": reference, "amount": to_minor_units(amount, "idr")},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise gateway_error(exc)
        return _refund_result(refund.to_dict())

    def parse_webhook(self, headers, raw_body: bytes) -> WebhookEvent:
        signature = headers.get("Stripe-Signature", "")
        if not signature or not settings.STRIPE_WEBHOOK_SECRET:
            raise WebhookRejected("missing signature")
        try:
            event = stripe.Webhook.construct_event(
                raw_body,
                signature,
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=WEBHOOK_TOLERANCE_SECONDS,
            )
        except (ValueError, stripe.SignatureVerificationError) as exc:
            raise WebhookRejected(str(exc))
        data = event.to_dict()
        obj = (data.get("data") or {}).get("object") or {}
        if obj.get("object") == "payment_intent":
            reference = obj.get("id", "")
        else:
            reference = obj.get("payment_intent") or ""
        return WebhookEvent(
            event_id=data["id"],
            type=data.get("type", ""),
            reference=reference,
            payload=data,
            refund=_refund_result(obj) if obj.get("object") == "refund" else None,
        )


def _refund_result(data: dict) -> RefundResult:
    status = REFUND_STATUS_MAP.get(data.get("status") or "", "PENDING")
    reason = data.get("failure_reason") or ""
    return RefundResult(
        status=status,
        reference=data.get("id") or "",
        failure_message=f"Stripe: {reason}" if status == "FAILED" and reason else "",
    )


def default_expiry() -> timedelta:
    return settings.PAYMENT_PENDING_TTL
