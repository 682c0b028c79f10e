"""Cards through Stripe (localstripe on loopback): PaymentIntent, webhooks, reconciliation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order, OrderEvent
from payments.models import LedgerEntry, Payment, PaymentTransaction, ProviderEvent
from payments.services.payments import reconcile_pending_payments
from tests.checkout.support import ORDER, complete, gid, ready_checkout, seller
from tests.factories import UserFactory

from .support import deliver, events_for, pay_by_card, payment_intent_id, stripe_client

pytestmark = pytest.mark.django_db

VENDOR_ORDERS = """
query($vendorId: ID!) {
  vendorOrders(vendorId: $vendorId, first: 10) {
    totalCount edges { node { number status total { amount } lines { sku quantity } } }
  }
}"""


def _card_order(gql, stripe_settings, *, key="kartu"):
    shopper = UserFactory()
    client = gql.as_user(shopper)
    owner_a, owner_b = UserFactory(), UserFactory()
    vendor_a, batik = seller(price=Decimal("150000"), owner=owner_a)
    vendor_b, bandeng = seller(price=Decimal("45000"), owner=owner_b)
    checkout = ready_checkout(client, [(batik, 1), (bandeng, 2)])
    result = complete(client, checkout["id"], gateway="stripe", key=key)
    assert result["errors"] == [], result["errors"]
    return client, result, (vendor_a, owner_a, batik), (vendor_b, owner_b, bandeng)


def test_card_payment_end_to_end_two_vendors_each_see_their_part(gql, stripe_settings):
    client, result, (vendor_a, owner_a, batik), (vendor_b, owner_b, bandeng) = _card_order(
        gql, stripe_settings
    )
    payment = result["payment"]
    assert payment["gateway"] == "stripe" and payment["status"] == "PENDING"
    intent_id = payment_intent_id(payment)
    intent = stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()
    order = Order.objects.get(number=result["order"]["number"])
    assert intent["amount"] == int(order.total) * 100  # IDR in Stripe's hundredths
    assert intent["metadata"]["order"] == order.number

    assert pay_by_card(intent_id)["status"] == "succeeded"
    [event] = events_for(intent_id, type="payment_intent.succeeded")
    response = deliver(event)

    assert response.status_code == 200, response.content
    seen = client.data(ORDER, {"id": result["order"]["id"]})["order"]
    assert seen["status"] == "PAID"
    assert seen["payments"][0]["status"] == "CAPTURED"
    assert seen["payments"][0]["capturedAmount"]["amount"] == str(order.total)
    for vendor, owner, variant, quantity in (
        (vendor_a, owner_a, batik, 1),
        (vendor_b, owner_b, bandeng, 2),
    ):
        page = gql.as_user(owner).data(VENDOR_ORDERS, {"vendorId": gid("Vendor", vendor.pk)})[
            "vendorOrders"
        ]
        assert page["totalCount"] == 1
        node = page["edges"][0]["node"]
        assert node["lines"] == [{"sku": variant.sku, "quantity": quantity}]
    # The money is booked: what the shopper paid, split between vendors and commission.
    assert sum(e.amount for e in LedgerEntry.objects.all()) == order.total
    assert OutboxEvent.objects.filter(kind="payment.received").count() == 1


def _captures() -> int:
    return PaymentTransaction.objects.filter(kind="CAPTURE").count()


def test_each_event_delivered_three_times_in_order_changes_state_once(gql, stripe_settings):
    _, result, *_ = _card_order(gql, stripe_settings)
    intent_id = payment_intent_id(result["payment"])
    pay_by_card(intent_id)
    [event] = events_for(intent_id, type="payment_intent.succeeded")
    answers = [deliver(event).json()["status"] for _ in range(3)]
    assert answers == ["applied", "duplicate", "duplicate"]
    assert _captures() == 1
    assert OrderEvent.objects.filter(type="payment.captured").count() == 1
    assert OutboxEvent.objects.filter(kind="payment.received").count() == 1
    assert ProviderEvent.objects.count() == 1


def test_an_old_event_arriving_late_does_not_undo_the_payment(gql, stripe_settings):
    _, result, *_ = _card_order(gql, stripe_settings)
    intent_id = payment_intent_id(result["payment"])
    pay_by_card(intent_id)
    [succeeded] = events_for(intent_id, type="payment_intent.succeeded")
    # An earlier event (as Stripe would have sent before confirmation) delivered after success.
    stale = {
        **succeeded,
        "id": "evt_earlier_processing",
        "type": "payment_intent.processing",
        "data": {"object": {**succeeded["data"]["object"], "status": "processing"}},
    }
    failed = {
        **succeeded,
        "id": "evt_earlier_failure",
        "type": "payment_intent.payment_failed",
        "data": {"object": {**succeeded["data"]["object"], "status": "requires_payment_method"}},
    }
    for event in (stale, succeeded, failed, stale, succeeded, failed):
        assert deliver(event).status_code == 200
    payment = Payment.objects.get()
    assert payment.status == "CAPTURED"
    assert _captures() == 1
    assert not PaymentTransaction.objects.filter(kind="FAIL").exists()  # re-fetched, not believed


def test_bad_signature_or_stale_timestamp_is_refused_and_changes_nothing(gql, stripe_settings):
    import time

    _, result, *_ = _card_order(gql, stripe_settings)
    intent_id = payment_intent_id(result["payment"])
    pay_by_card(intent_id)
    [event] = events_for(intent_id, type="payment_intent.succeeded")

    assert deliver(event, secret="whsec_not_ours").status_code == 400
    assert deliver(event, timestamp=int(time.time()) - 301).status_code == 400
    from django.test import Client

    unsigned = Client().post(
        "/payments/stripe/webhook/", data=b"{}", content_type="application/json"
    )
    assert unsigned.status_code == 400
    assert Payment.objects.get().status == "PENDING"
    assert ProviderEvent.objects.count() == 0 and _captures() == 0


def test_reconciliation_applies_a_payment_whose_webhook_never_came(gql, stripe_settings):
    _, result, *_ = _card_order(gql, stripe_settings)
    pay_by_card(payment_intent_id(result["payment"]))
    assert reconcile_pending_payments() == 1
    assert Payment.objects.get().status == "CAPTURED"
    assert Order.objects.get().status == "PAID"


def test_stripe_unreachable_keeps_the_order_and_the_same_key_retries(
    gql, stripe_settings, localstripe_url
):
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    client = gql.as_user(UserFactory())
    _, batik = seller()
    checkout = ready_checkout(client, [(batik, 1)])
    first = complete(client, checkout["id"], gateway="stripe", key="coba-lagi")
    assert first["errors"][0]["code"] == "PAYMENT_GATEWAY_UNAVAILABLE"
    assert first["order"] is not None and first["payment"]["clientSecret"] is None

    stripe_settings.STRIPE_API_BASE = localstripe_url
    again = complete(client, checkout["id"], gateway="stripe", key="coba-lagi")
    assert again["errors"] == []
    assert again["order"]["id"] == first["order"]["id"]
    assert again["payment"]["clientSecret"]
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
