"""Card payments confirmed by us (storefront card form, `paymentConfirmCard`) against localstripe:
a Stripe.js token is attached to the order's PaymentIntent and confirmed, exactly once."""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest
from django.test import Client

from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order
from payments.models import LedgerEntry, Payment, PaymentTransaction
from tests.checkout.support import (
    COMPLETE_LEAN,
    ORDER,
    complete,
    ready_checkout,
    run_together,
    seller,
)
from tests.conftest import GraphQLClient
from tests.factories import UserFactory

from .support import payment_intent_id, stripe_client

pytestmark = pytest.mark.django_db

CONFIRM_CARD = """
mutation($paymentId: ID!, $cardToken: String!) {
  paymentConfirmCard(paymentId: $paymentId, cardToken: $cardToken) {
    payment { id status capturedAmount { amount } clientSecret }
    requiresAction
    errors { field code message }
  }
}"""

VISA = "4242424242424242"
VISA_3DS = "4000000000003220"
DECLINED_ON_CHARGE = "4000000000000341"


def card_token(number: str) -> str:
    """What Stripe.js's createToken does in the shopper's browser."""
    token = stripe_client().v1.tokens.create(
        params={"card": {"number": number, "exp_month": "12", "exp_year": "34", "cvc": "123"}}
    )
    return token.id


def charges_for(intent_id: str) -> list[dict]:
    charges = [c.to_dict() for c in stripe_client().v1.charges.list(params={"limit": 100}).data]
    return [c for c in charges if c.get("payment_intent") == intent_id]


def card_order(client, *, key: str = "kartu"):
    _, batik = seller(price=Decimal("150000"))
    _, bandeng = seller(price=Decimal("45000"))
    checkout = ready_checkout(client, [(batik, 1), (bandeng, 2)])
    result = complete(client, checkout["id"], gateway="stripe", key=key)
    assert result["errors"] == [], result["errors"]
    return result


def confirm(client, result, token: str) -> dict:
    return client.data(CONFIRM_CARD, {"paymentId": result["payment"]["id"], "cardToken": token})[
        "paymentConfirmCard"
    ]


def test_a_card_token_pays_the_order_once_however_often_it_is_confirmed(gql, stripe_settings):
    shopper = UserFactory()
    client = gql.as_user(shopper)
    result = card_order(client)
    intent_id = payment_intent_id(result["payment"])
    order = Order.objects.get(number=result["order"]["number"])
    token = card_token(VISA)

    first = confirm(client, result, token)
    again = confirm(client, result, token)
    other_card = confirm(client, result, card_token(VISA))

    assert first["errors"] == [], first["errors"]
    assert first["payment"]["status"] == "CAPTURED" and first["requiresAction"] is False
    assert first["payment"]["capturedAmount"]["amount"] == str(order.total)
    for answer in (again, other_card):
        assert answer["errors"] == [] and answer["payment"]["status"] == "CAPTURED"
    # One charge at the provider, one capture and one booking with us.
    assert len(charges_for(intent_id)) == 1
    intent = stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()
    assert intent["status"] == "succeeded" and intent["amount"] == int(order.total) * 100
    assert PaymentTransaction.objects.filter(kind="CAPTURE").count() == 1
    assert OutboxEvent.objects.filter(kind="payment.received").count() == 1
    assert sum(e.amount for e in LedgerEntry.objects.all()) == order.total
    seen = client.data(ORDER, {"id": result["order"]["id"]})["order"]
    assert seen["status"] == "PAID" and seen["payments"][0]["status"] == "CAPTURED"


def test_3d_secure_card_asks_for_action_then_reconciliation_marks_it_paid(gql, stripe_settings):
    from payments.services.payments import reconcile_pending_payments

    client = gql.as_user(UserFactory())
    result = card_order(client)
    intent_id = payment_intent_id(result["payment"])

    answer = confirm(client, result, card_token(VISA_3DS))

    assert answer["errors"] == [], answer["errors"]
    assert answer["requiresAction"] is True
    assert answer["payment"]["status"] == "PENDING" and answer["payment"]["clientSecret"]
    assert stripe_client().v1.payment_intents.retrieve(intent_id).status == "requires_action"
    # Confirming again while the bank waits for the shopper charges nothing and still asks.
    assert confirm(client, result, card_token(VISA_3DS))["requiresAction"] is True
    assert charges_for(intent_id) == []

    # Stripe.js runs 3-D Secure with the client secret (what confirmCardPayment does).
    request = urllib.request.Request(
        f"{stripe_settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate"
        "?success=true",
        data=json.dumps(
            {"key": "pk_test_galeri", "client_secret": answer["payment"]["clientSecret"]}
        ).encode(),
        method="POST",
    )
    assert urllib.request.urlopen(request, timeout=10).status == 200
    assert reconcile_pending_payments() == 1
    assert Payment.objects.get().status == "CAPTURED"
    assert Order.objects.get().status == "PAID"
    assert len(charges_for(intent_id)) == 1


@pytest.mark.parametrize(
    "token", [pytest.param("declined", id="declined"), pytest.param("tok_unknown", id="unknown")]
)
def test_a_declined_card_or_unknown_token_fails_and_nothing_is_paid(gql, stripe_settings, token):
    client = gql.as_user(UserFactory())
    result = card_order(client)
    if token == "declined":
        token = card_token(DECLINED_ON_CHARGE)

    answer = confirm(client, result, token)

    assert answer["payment"] is None
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [("PAYMENT_FAILED", "cardToken")]
    assert answer["errors"][0]["message"]
    payment = Payment.objects.get()
    assert payment.status == "PENDING" and payment.captured_amount == 0
    assert Order.objects.get().status == "UNPAID"
    assert not PaymentTransaction.objects.filter(kind="CAPTURE").exists()
    assert not LedgerEntry.objects.exists()
    assert not OutboxEvent.objects.filter(kind="payment.received").exists()


def test_only_the_orders_owner_may_confirm_its_card_payment(gql, stripe_settings):
    owner_client = gql.as_user(UserFactory())
    result = card_order(owner_client)
    token = card_token(VISA)

    for client in (GraphQLClient().as_user(UserFactory()), GraphQLClient()):
        answer = confirm(client, result, token)
        assert [e["code"] for e in answer["errors"]] == ["NOT_FOUND"]
    assert Payment.objects.get().status == "PENDING"
    assert charges_for(payment_intent_id(result["payment"])) == []


def test_a_cash_on_delivery_payment_cannot_be_confirmed_by_card(gql, stripe_settings):
    client = gql.as_user(UserFactory())
    _, batik = seller()
    checkout = ready_checkout(client, [(batik, 1)])
    result = complete(client, checkout["id"], gateway="cod", key="cod")

    answer = confirm(client, result, card_token(VISA))

    assert [e["code"] for e in answer["errors"]] == ["INVALID_TRANSITION"]


def test_the_storefront_card_view_confirms_and_answers_json(gql, stripe_settings):
    shopper = UserFactory()
    result = card_order(gql.as_user(shopper))
    number = result["order"]["number"]
    browser = Client()
    browser.force_login(shopper)

    paid = browser.post(f"/pesanan/{number}/kartu/", {"token": card_token(VISA)})
    declined_after = browser.post(f"/pesanan/{number}/kartu/", {"token": "tok_unknown"})

    assert paid.status_code == 200, paid.content
    assert paid.json() == {"status": "CAPTURED", "requires_action": False}
    # Already paid: a late second attempt changes nothing and says so.
    assert declined_after.status_code == 200
    assert declined_after.json()["status"] == "CAPTURED"
    assert Order.objects.get().status == "PAID"
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(f"/pesanan/{number}/kartu/", {"token": "tok_x"}).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_double_clicked_pay_button_charges_the_card_once(stripe_settings):
    shopper = UserFactory()
    client = GraphQLClient().as_user(shopper)
    _, batik = seller(quantity=3)
    checkout = ready_checkout(client, [(batik, 1)])
    result = client.data(
        COMPLETE_LEAN, {"id": checkout["id"], "gateway": "stripe", "key": "dobel-kartu"}
    )["checkoutComplete"]
    tokens = [card_token(VISA), card_token(VISA)]

    def pay(token):
        return lambda: confirm(GraphQLClient().as_user(shopper), result, token)

    answers = run_together([pay(tokens[0]), pay(tokens[1]), pay(tokens[0])])

    assert all(not isinstance(a, BaseException) for a in answers), answers
    assert all(a["errors"] == [] for a in answers), [a["errors"] for a in answers]
    assert {a["payment"]["status"] for a in answers} == {"CAPTURED"}
    assert len(charges_for(payment_intent_id(result["payment"]))) == 1
    assert PaymentTransaction.objects.filter(kind="CAPTURE").count() == 1
    assert Order.objects.get().status == "PAID"
