"""Concurrency at the payment edge: one key, one order, one PaymentIntent; one state change per
event however many times and however concurrently it is delivered."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.orders.models import Order
from payments.models import Payment, PaymentTransaction
from tests.checkout.support import COMPLETE_LEAN, complete, ready_checkout, run_together, seller
from tests.conftest import GraphQLClient
from tests.factories import UserFactory

from .support import deliver, events_for, pay_by_card, payment_intent_id, stripe_client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_same_key_ten_times_at_once_gives_one_order_and_one_payment_intent(stripe_settings):
    shopper = UserFactory()
    client = GraphQLClient().as_user(shopper)
    _, batik = seller(quantity=3)
    checkout = ready_checkout(client, [(batik, 1)])

    def call():
        return (
            GraphQLClient()
            .as_user(shopper)
            .execute(
                COMPLETE_LEAN, {"id": checkout["id"], "gateway": "stripe", "key": "sepuluh-kali"}
            )["data"]["checkoutComplete"]
        )

    results = run_together([call] * 10)

    assert all(not isinstance(r, BaseException) for r in results), results
    assert {r["order"]["id"] for r in results} == {results[0]["order"]["id"]}
    assert all(r["errors"] == [] for r in results), [r["errors"] for r in results]
    secrets = {r["payment"]["clientSecret"] for r in results}
    assert len(secrets) == 1 and None not in secrets
    order = Order.objects.get()
    intents = [
        pi
        for pi in stripe_client().v1.payment_intents.list(params={"limit": 100}).data
        if pi.to_dict().get("metadata", {}).get("order") == order.number
    ]
    assert len(intents) == 1
    assert Payment.objects.count() == 1


def test_one_event_delivered_three_times_concurrently_changes_state_once(stripe_settings):
    client = GraphQLClient().as_user(UserFactory())
    _, batik = seller()
    checkout = ready_checkout(client, [(batik, 1)])
    result = complete(client, checkout["id"], gateway="stripe", key="webhook-bersamaan")
    intent_id = payment_intent_id(result["payment"])
    pay_by_card(intent_id)
    [event] = events_for(intent_id, type="payment_intent.succeeded")

    responses = run_together([lambda: deliver(event, client=Client())] * 3)

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert sorted(r.json()["status"] for r in responses) == ["applied", "duplicate", "duplicate"]
    assert PaymentTransaction.objects.filter(kind="CAPTURE").count() == 1
    assert Payment.objects.get().status == "CAPTURED"
