"""Cards through Stripe (official SDK). `settings.STRIPE_API_BASE` points it at Stripe or, in
tests, at localstripe on loopback. Stripe counts IDR in hundredths: Rp150.000 → 15000000."""

from __future__ import annotations

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
            raise GatewayError(str(exc))
        return self._result(intent)

    def get_payment(self, reference: str) -> GatewayResult:
        try:
            return self._result(client().v1.payment_intents.retrieve(reference))
        except stripe.StripeError as exc:
            raise GatewayError(str(exc))

    def capture(self, reference, *, amount, idempotency_key) -> GatewayResult:
        try:
            intent = client().v1.payment_intents.capture(
                reference, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc))
        return self._result(intent)

    def cancel(self, reference, *, idempotency_key) -> GatewayResult:
        try:
            intent = client().v1.payment_intents.cancel(
                reference, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc))
        return self._result(intent)

    def refund(self, reference, *, amount, idempotency_key, reason="") -> RefundResult:
        try:
            refund = client().v1.refunds.create(
                params={"payment_intent": reference, "amount": to_minor_units(amount, "idr")},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc))
        status = {"succeeded": "SUCCESS", "pending": "PENDING"}.get(refund.status, "FAILED")
        return RefundResult(status=status, reference=refund.id)

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
            event_id=data["id"], type=data.get("type", ""), reference=reference, payload=data
        )


def default_expiry() -> timedelta:
    return settings.PAYMENT_PENDING_TTL
