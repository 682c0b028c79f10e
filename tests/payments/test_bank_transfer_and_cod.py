"""Virtual-account transfers (signed callback, staff confirmation, expiry) and cash on delivery."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.inventory.models import Allocation, Stock
from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order, VendorOrder
from marketplace.orders.services import transitions
from payments.gateways.bank_transfer import is_valid_va_number, sign
from payments.models import LedgerEntry, Payment
from payments.services.payments import expire_unpaid_orders
from tests.checkout.support import complete, gid, ready_checkout, seller
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM = """mutation($id: ID!) { paymentConfirm(id: $id) { payment { status } errors { field code message } } }"""


def _va_order(gql, *, quantity=5):
    _, batik = seller(price=Decimal("150000"), quantity=quantity)
    checkout = ready_checkout(gql, [(batik, 2)])
    result = complete(gql, checkout["id"], gateway="bank_transfer", key="va")
    assert result["errors"] == []
    return result, batik


def _callback(body: dict, *, secret=None, timestamp=None):
    from django.conf import settings

    raw = json.dumps(body).encode()
    return Client().post(
        "/payments/bank-transfer/callback/",
        data=raw,
        content_type="application/json",
        HTTP_X_GALERI_SIGNATURE=sign(
            raw, secret=secret or settings.BANK_TRANSFER_CALLBACK_SECRET, timestamp=timestamp
        ),
    )


def test_a_va_number_and_expiry_are_issued(gql):
    result, _ = _va_order(gql)
    instructions = json.loads(result["payment"]["instructions"])
    assert instructions["type"] == "virtual_account"
    assert is_valid_va_number(instructions["vaNumber"])
    assert instructions["expiresAt"]
    assert result["payment"]["status"] == "PENDING"


def test_signed_callback_pays_the_order_once(gql):
    result, _ = _va_order(gql)
    payment = Payment.objects.get()
    body = {
        "id": "bank-evt-1",
        "vaNumber": payment.provider_reference,
        "amount": int(payment.amount),
        "status": "paid",
    }
    assert [_callback(body).json()["status"] for _ in range(3)] == [
        "applied",
        "duplicate",
        "duplicate",
    ]
    assert Order.objects.get().status == "PAID"
    assert OutboxEvent.objects.filter(kind="payment.received").count() == 1
    assert LedgerEntry.objects.count() == 2


def test_bad_callbacks_are_refused_and_change_nothing(gql):
    _va_order(gql)
    payment = Payment.objects.get()
    body = {
        "id": "bank-evt-2",
        "vaNumber": payment.provider_reference,
        "amount": int(payment.amount),
    }
    assert _callback(body, secret="bukan-rahasia").status_code == 400
    assert _callback(body, timestamp=int(time.time()) - 600).status_code == 400
    assert _callback({**body, "amount": 1000}).status_code == 400  # not the amount billed
    assert _callback({**body, "vaNumber": "12345"}).status_code == 400
    assert Payment.objects.get().status == "PENDING"


def test_staff_may_confirm_a_transfer_shoppers_may_not(gql):
    result, _ = _va_order(gql)
    shopper_try = gql.as_user(UserFactory()).execute(CONFIRM, {"id": result["payment"]["id"]})
    assert shopper_try["data"]["paymentConfirm"]["errors"][0]["code"] == "NOT_FOUND"
    staff = gql.as_user(StaffFactory())
    body = staff.execute(CONFIRM, {"id": result["payment"]["id"]})
    assert body["data"]["paymentConfirm"]["payment"]["status"] == "CAPTURED"
    again = staff.execute(CONFIRM, {"id": result["payment"]["id"]})
    assert again["data"]["paymentConfirm"]["errors"][0]["code"] == "INVALID_TRANSITION"


def test_unpaid_orders_expire_and_release_their_stock(gql):
    result, batik = _va_order(gql)
    assert Stock.objects.get(variant=batik).quantity_allocated == 2
    assert expire_unpaid_orders(now=timezone.now()) == 0
    assert expire_unpaid_orders(now=timezone.now() + timedelta(hours=2)) == 1
    assert Stock.objects.get(variant=batik).quantity_allocated == 0
    assert not Allocation.objects.exists()
    assert Payment.objects.get().status == "EXPIRED"
    assert Order.objects.get().status == "CANCELLED"
    assert OutboxEvent.objects.filter(kind="payment.expired").count() == 1
    assert expire_unpaid_orders(now=timezone.now() + timedelta(hours=3)) == 0
    # A transfer arriving after expiry is recorded and refunded in full; nothing is booked.
    payment = Payment.objects.get()
    body = {"id": "late", "vaNumber": payment.provider_reference, "amount": int(payment.amount)}
    assert _callback(body).status_code == 200
    payment.refresh_from_db()
    assert payment.captured_amount == payment.refunded_amount == payment.amount
    assert LedgerEntry.objects.count() == 0


def test_cash_on_delivery_proceeds_unpaid_and_is_paid_on_delivery(gql):
    owner_a, owner_b = UserFactory(), UserFactory()
    _, batik = seller(price=Decimal("150000"), owner=owner_a)
    _, bandeng = seller(price=Decimal("45000"), owner=owner_b)
    checkout = ready_checkout(gql, [(batik, 1), (bandeng, 1)])
    result = complete(gql, checkout["id"], gateway="cod", key="cod")
    assert result["order"]["status"] == "UNPAID"
    vo_a, vo_b = VendorOrder.objects.order_by("pk")
    for vo, owner in ((vo_a, owner_a), (vo_b, owner_b)):
        transitions.accept_vendor_order(vo, actor=owner)
        transitions.mark_vendor_order_shipped(vo, actor=owner)
    transitions.mark_vendor_order_delivered(vo_a)
    payment = Payment.objects.get()
    assert payment.captured_amount == vo_a.total
    assert Order.objects.get().paid_at is None
    transitions.mark_vendor_order_delivered(vo_b)
    payment.refresh_from_db()
    order = Order.objects.get()
    assert payment.captured_amount == order.total and payment.status == "CAPTURED"
    assert order.paid_at is not None and order.status == "FULFILLED"
    assert sum(e.amount for e in LedgerEntry.objects.all()) == order.total
    assert gid("Order", order.pk) == result["order"]["id"]
