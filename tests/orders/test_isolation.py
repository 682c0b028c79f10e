"""Vendors see and act on their own vendor orders, payouts and statements only; shoppers see
their own orders only. Outsiders are told "not found", never "forbidden"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.orders.models import Order, VendorOrder
from payments.models import Payment
from payments.services.payments import mark_payment_captured
from tests.checkout.support import complete, gid, ready_checkout, seller
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NODE = """query($id: ID!) { node(id: $id) { id ... on VendorOrder { number } ... on Order { number } } }"""
VENDOR_ORDERS = """query($v: ID!) { vendorOrders(vendorId: $v, first: 5) { totalCount } }"""
ACCEPT = """mutation($id: ID!) { vendorOrderAccept(id: $id) { vendorOrder { status } errors { code } } }"""
CANCEL = """mutation($id: ID!) { vendorOrderCancel(id: $id) { vendorOrder { status } errors { code } } }"""
STATEMENT = """query($v: ID!) { vendorStatement(vendorId: $v) { grossSales { amount } } }"""
PAYOUTS = """query($v: ID!) { vendorPayouts(vendorId: $v, first: 5) { totalCount } }"""


@pytest.fixture
def two_sellers(gql):
    owner_a, owner_b, shopper = UserFactory(), UserFactory(), UserFactory()
    vendor_a, batik = seller(price=Decimal("150000"), owner=owner_a)
    vendor_b, bandeng = seller(price=Decimal("45000"), owner=owner_b)
    client = gql.as_user(shopper)
    checkout = ready_checkout(client, [(batik, 1), (bandeng, 1)])
    result = complete(client, checkout["id"], gateway="bank_transfer", key="iso")
    mark_payment_captured(Payment.objects.get().pk)
    vo_a = VendorOrder.objects.get(vendor=vendor_a)
    return {
        "a": (vendor_a, owner_a, vo_a),
        "b": (vendor_b, owner_b),
        "order": result["order"],
        "shopper": shopper,
    }


def test_vendor_b_cannot_read_or_act_on_vendor_a_orders(gql, two_sellers):
    vendor_a, owner_a, vo_a = two_sellers["a"]
    _, owner_b = two_sellers["b"]
    b = gql.as_user(owner_b)
    assert b.data(NODE, {"id": gid("VendorOrder", vo_a.pk)})["node"] is None
    listing = b.execute(VENDOR_ORDERS, {"v": gid("Vendor", vendor_a.pk)})
    assert listing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for mutation in (ACCEPT, CANCEL):
        body = b.execute(mutation, {"id": gid("VendorOrder", vo_a.pk)})
        assert next(iter(body["data"].values()))["errors"][0]["code"] == "NOT_FOUND"
    assert VendorOrder.objects.get(pk=vo_a.pk).status == "PENDING"
    a = gql.as_user(owner_a)
    assert a.data(NODE, {"id": gid("VendorOrder", vo_a.pk)})["node"]["number"] == vo_a.number
    assert (
        a.data(VENDOR_ORDERS, {"v": gid("Vendor", vendor_a.pk)})["vendorOrders"]["totalCount"] == 1
    )


def test_vendor_b_cannot_read_vendor_a_statement_or_payouts(gql, two_sellers):
    vendor_a, owner_a, _ = two_sellers["a"]
    _, owner_b = two_sellers["b"]
    b = gql.as_user(owner_b)
    for query in (STATEMENT, PAYOUTS):
        body = b.execute(query, {"v": gid("Vendor", vendor_a.pk)})
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    csv_url = f"/payments/vendors/{vendor_a.pk}/statement.csv"
    assert Client().get(csv_url, HTTP_AUTHORIZATION=f"Bearer {b.token}").status_code == 404
    assert Client().get(csv_url).status_code == 404
    assert (
        Client().get(csv_url, HTTP_AUTHORIZATION=f"Bearer {gql.as_user(owner_a).token}").status_code
        == 200
    )
    assert gql.as_user(owner_a).data(STATEMENT, {"v": gid("Vendor", vendor_a.pk)})[
        "vendorStatement"
    ]


def test_a_shopper_cannot_read_another_shoppers_order(gql, two_sellers):
    order_gid = two_sellers["order"]["id"]
    assert gql.as_user(UserFactory()).data(NODE, {"id": order_gid})["node"] is None
    assert gql.data(NODE, {"id": order_gid})["node"] is None
    assert (
        gql.as_user(two_sellers["shopper"]).data(NODE, {"id": order_gid})["node"]["number"]
        == Order.objects.get().number
    )
    # A vendor sees its own part, not the shopper's whole order.
    _, owner_b = two_sellers["b"]
    assert gql.as_user(owner_b).data(NODE, {"id": order_gid})["node"] is None


def test_me_lists_my_orders_only(gql, two_sellers):
    query = "{ me { orders(first: 10) { totalCount edges { node { number status } } } } }"
    mine = gql.as_user(two_sellers["shopper"]).data(query)["me"]["orders"]
    assert mine["totalCount"] == 1
    assert mine["edges"][0]["node"]["number"] == Order.objects.get().number
    assert gql.as_user(UserFactory()).data(query)["me"]["orders"]["totalCount"] == 0
