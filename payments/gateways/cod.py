"""Cash on delivery: the order proceeds unpaid; the courier collects and delivery marks it paid."""

from __future__ import annotations

from .base import GatewayError, GatewayResult, PaymentGateway, RefundResult, WebhookEvent


class CashOnDeliveryGateway(PaymentGateway):
    id = "cod"
    is_async = False

    def create_payment(
        self, *, order_ref, amount, currency, idempotency_key, expires_in, metadata
    ) -> GatewayResult:
        return GatewayResult(
            status="PENDING",
            reference=f"cod-{order_ref}",
            amount=amount,
            instructions={
                "type": "cod",
                "message": "Bayar tunai kepada kurir saat paket diterima.",
            },
        )

    def get_payment(self, reference):
        return GatewayResult(status="PENDING", reference=reference)

    def capture(self, reference, *, amount, idempotency_key):
        return GatewayResult(status="CAPTURED", reference=reference, amount=amount)

    def cancel(self, reference, *, idempotency_key):
        return GatewayResult(status="CANCELLED", reference=reference)

    def refund(self, reference, *, amount, idempotency_key, reason=""):
        # Cash already handed over is returned by the finance team; recorded as done.
        return RefundResult(status="SUCCESS", reference=f"manual-{idempotency_key}")

    def parse_webhook(self, headers, raw_body) -> WebhookEvent:
        raise GatewayError("Cash on delivery has no webhooks.")
