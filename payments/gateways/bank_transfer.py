"""Bank transfer to a virtual account (VA), the demo's async method.

The VA number is the bank's company code, the order id (10 digits) and a Luhn check digit, so a
mistyped number is caught before it reaches us. The bank (or an admin, `paymentConfirm`) confirms
by a callback signed like every Galeri webhook: `X-Galeri-Signature: t=<unix>,v1=<hex HMAC-SHA256
of "<t>.<raw body>" with BANK_TRANSFER_CALLBACK_SECRET>`; body
`{"id": "<bank event id>", "vaNumber": "...", "amount": 150000, "status": "paid"}`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from .base import GatewayResult, PaymentGateway, RefundResult, WebhookEvent, WebhookRejected

TOLERANCE_SECONDS = 300


def luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def va_number_for(order_id: int) -> str:
    body = f"{settings.BANK_TRANSFER_BANK_CODE}{order_id:010d}"
    return body + luhn_digit(body)


def is_valid_va_number(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


def sign(raw_body: bytes, *, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    header: str, raw_body: bytes, *, secret: str, tolerance: int = TOLERANCE_SECONDS
) -> None:
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise WebhookRejected("bad timestamp")
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise WebhookRejected("bad signature")
    if abs(time.time() - timestamp) > tolerance:
        raise WebhookRejected("stale timestamp")


class BankTransferGateway(PaymentGateway):
    id = "bank_transfer"

    def create_payment(
        self, *, order_ref, amount, currency, idempotency_key, expires_in, metadata
    ) -> GatewayResult:
        number = va_number_for(int(metadata["order_id"]))
        expires_at = timezone.now() + expires_in if expires_in else None
        return GatewayResult(
            status="PENDING",
            reference=number,
            amount=amount,
            instructions={
                "type": "virtual_account",
                "bank": "Bank Jateng",
                "vaNumber": number,
                "amount": str(amount),
                "expiresAt": expires_at.isoformat() if expires_at else None,
                "message": f"Transfer tepat Rp {amount:,.0f} ke virtual account {number}.".replace(
                    ",", "."
                ),
            },
        )

    def get_payment(self, reference):
        return GatewayResult(status="PENDING", reference=reference)

    def capture(self, reference, *, amount, idempotency_key):
        return GatewayResult(status="CAPTURED", reference=reference, amount=amount)

    def cancel(self, reference, *, idempotency_key):
        return GatewayResult(status="CANCELLED", reference=reference)

    def refund(self, reference, *, amount, idempotency_key, reason=""):
        # Refunds to the shopper's bank account are sent by the finance team (recorded as done).
        return RefundResult(status="SUCCESS", reference=f"manual-{idempotency_key}")

    def parse_webhook(self, headers, raw_body: bytes) -> WebhookEvent:
        verify_signature(
            headers.get("X-Galeri-Signature", ""),
            raw_body,
            secret=settings.BANK_TRANSFER_CALLBACK_SECRET,
        )
        try:
            body = json.loads(raw_body)
            event_id = str(body["id"])
            number = str(body["vaNumber"])
            amount = Decimal(str(body["amount"]))
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise WebhookRejected("malformed body")
        if not is_valid_va_number(number) or not event_id:
            raise WebhookRejected("malformed body")
        status = str(body.get("status", "paid"))
        return WebhookEvent(
            event_id=event_id, type=f"va.{status}", reference=number, amount=amount, payload=body
        )
