"""Stripe helpers for tests: confirm a card payment through the SDK, fetch and sign events."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import stripe
from django.conf import settings
from django.test import Client


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE}
    )


def pay_by_card(payment_intent_id: str, *, card: str = "pm_card_visa") -> dict:
    """What Stripe.js does in the shopper's browser: attach a card and confirm."""
    client = stripe_client()
    client.v1.payment_intents.update(payment_intent_id, params={"payment_method": card})
    return client.v1.payment_intents.confirm(payment_intent_id).to_dict()


def events_for(payment_intent_id: str, *, type: str | None = None, wait: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + wait
    while True:
        events = [
            e.to_dict()
            for e in stripe_client().v1.events.list(params={"limit": 100}).data
            if e.to_dict()["data"]["object"].get("id") == payment_intent_id
        ]
        if type:
            events = [e for e in events if e["type"] == type]
        if events or time.monotonic() > deadline:
            return events
        time.sleep(0.1)


def sign(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """The documented Stripe-Signature scheme: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(
    event: dict,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
    client: Client | None = None,
):
    payload = json.dumps(event).encode()
    return (client or Client()).post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret=secret, timestamp=timestamp),
    )


def payment_intent_id(payment: dict) -> str:
    return payment["clientSecret"].split("_secret_")[0]
