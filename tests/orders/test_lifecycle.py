"""The vendor order's state machine, the order status derived from it, and who may move it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.inventory.models import Allocation, Stock, StockMovement
from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order, OrderEvent, VendorOrder
from marketplace.orders.services import transitions
from marketplace.orders.services.transitions import auto_cancel_unaccepted_vendor_orders
from payments.models import Payment
from payments.services.payments import mark_payment_captured
from tests.checkout.support import ORDER, complete, gid, ready_checkout, seller
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCEPT = """mutation($id: ID!) { vendorOrderAccept(id: $id) { vendorOrder { status acceptedAt } errors { field code message } } }"""
CANCEL = """mutation($id: ID!, $reason: String) { vendorOrderCancel(id: $id, reason: $reason) {
  vendorOrder { status cancelReason } errors { field code message } } }"""
ORDER_CANCEL = """mutation($id: ID!) { orderCancel(id: $id) { order { status } errors { field code message } } }"""
REFUND = """mutation($id: ID!, $amount: Decimal!, $key: String) {
  orderRefund(vendorOrderId: $id, amount: $amount, reason: "Barang cacat", idempotencyKey: $key) {
    vendorOrder { refundedAmount { amount } } errors { field code message } } }"""


@pytest.fixture
def placed(gql):
    """A paid bank-transfer order of two vendors; returns what the tests need."""
    shopper = UserFactory()
    owner_a, owner_b = UserFactory(), UserFactory()
    vendor_a, batik = seller(price=Decimal("150000"), owner=owner_a, quantity=5)
    vendor_b, bandeng = seller(price=Decimal("45000"), owner=owner_b, quantity=5)
    client = gql.as_user(shopper)
    checkout = ready_checkout(client, [(batik, 2), (bandeng, 1)])
    result = complete(client, checkout["id"], gateway="bank_transfer", key="lifecycle")
    order = Order.objects.get(number=result["order"]["number"])
    mark_payment_captured(Payment.objects.get(order=order).pk, actor_label="test")
    vos = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    return {
        "shopper": client,
        "order": order,
        "gid": result["order"]["id"],
        "a": (vendor_a, owner_a, batik, vos[vendor_a.pk]),
        "b": (vendor_b, owner_b, bandeng, vos[vendor_b.pk]),
    }


def _status(client, order_gid):
    return client.data(ORDER, {"id": order_gid})["order"]


def test_vendor_accepts_and_the_order_moves_through_fulfilment(gql, placed):
    _, owner_a, batik, vo_a = placed["a"]
    _, owner_b, bandeng, vo_b = placed["b"]
    body = gql.as_user(owner_a).execute(ACCEPT, {"id": gid("VendorOrder", vo_a.pk)})
    assert body["data"]["vendorOrderAccept"]["errors"] == []
    assert body["data"]["vendorOrderAccept"]["vendorOrder"]["status"] == "ACCEPTED"
    assert (
        OutboxEvent.objects.filter(kind="vendor_order.accepted", vendor_id=vo_a.vendor_id).count()
        == 1
    )
    assert _status(placed["shopper"], placed["gid"])["status"] == "PAID"

    transitions.mark_vendor_order_packed(vo_a, actor=owner_a)
    transitions.mark_vendor_order_shipped(vo_a, actor=owner_a)
    # Shipped units leave the shelf for good.
    stock = Stock.objects.get(variant=batik)
    assert (stock.quantity, stock.quantity_allocated) == (3, 0)
    assert StockMovement.objects.filter(stock=stock, delta=-2, source="ONLINE_ORDER").count() == 1
    assert _status(placed["shopper"], placed["gid"])["status"] == "PARTIALLY_FULFILLED"

    transitions.accept_vendor_order(vo_b, actor=owner_b)
    transitions.mark_vendor_order_shipped(vo_b, actor=owner_b)
    assert _status(placed["shopper"], placed["gid"])["status"] == "FULFILLED"
    for vo in (vo_a, vo_b):
        transitions.mark_vendor_order_delivered(vo)
        transitions.complete_vendor_order(vo)
    seen = _status(placed["shopper"], placed["gid"])
    assert seen["status"] == "COMPLETED"
    events = OrderEvent.objects.filter(vendor_order=vo_a).values_list("to_status", flat=True)
    assert list(events)[1:] == ["ACCEPTED", "PACKED", "SHIPPED", "DELIVERED", "COMPLETED"]
    assert OrderEvent.objects.filter(
        vendor_order=vo_a, to_status="ACCEPTED", actor=owner_a
    ).exists()


@pytest.mark.parametrize("mutation", [ACCEPT, CANCEL])
def test_invalid_transitions_answer_invalid_transition_and_change_nothing(gql, placed, mutation):
    _, owner_a, _, vo_a = placed["a"]
    transitions.accept_vendor_order(vo_a, actor=owner_a)
    transitions.mark_vendor_order_shipped(vo_a, actor=owner_a)
    body = gql.as_user(owner_a).execute(mutation, {"id": gid("VendorOrder", vo_a.pk)})
    payload = next(iter(body["data"].values()))
    assert payload["errors"][0]["code"] == "INVALID_TRANSITION"
    assert VendorOrder.objects.get(pk=vo_a.pk).status == "SHIPPED"
    with pytest.raises(Exception) as excinfo:
        transitions.mark_vendor_order_packed(vo_a)
    assert getattr(excinfo.value, "code", None) == "INVALID_TRANSITION"


def test_vendor_cancel_releases_stock_and_refunds_that_part(gql, placed):
    _, owner_a, batik, vo_a = placed["a"]
    body = gql.as_user(owner_a).execute(
        CANCEL, {"id": gid("VendorOrder", vo_a.pk), "reason": "Stok rusak"}
    )
    assert body["data"]["vendorOrderCancel"]["errors"] == []
    assert body["data"]["vendorOrderCancel"]["vendorOrder"]["cancelReason"] == "Stok rusak"
    assert Stock.objects.get(variant=batik).quantity_allocated == 0
    assert not Allocation.objects.filter(stock__variant=batik).exists()
    payment = Payment.objects.get(order=placed["order"])
    assert payment.refunded_amount == vo_a.total
    assert payment.status == "PARTIALLY_REFUNDED"
    assert OutboxEvent.objects.filter(kind="vendor_order.cancelled").count() == 1
    assert OutboxEvent.objects.filter(kind="order.refunded").count() == 1
    assert _status(placed["shopper"], placed["gid"])["status"] == "PAID"  # vendor B's part stands


def test_shopper_cancels_before_shipment_and_gets_everything_back(placed):
    body = placed["shopper"].execute(ORDER_CANCEL, {"id": placed["gid"]})
    assert body["data"]["orderCancel"]["errors"] == []
    assert body["data"]["orderCancel"]["order"]["status"] == "REFUNDED"
    payment = Payment.objects.get(order=placed["order"])
    assert payment.refunded_amount == payment.captured_amount == placed["order"].total
    assert not Allocation.objects.exists()


def test_shopper_cannot_cancel_after_shipment(placed):
    _, owner_a, _, vo_a = placed["a"]
    transitions.accept_vendor_order(vo_a, actor=owner_a)
    transitions.mark_vendor_order_shipped(vo_a, actor=owner_a)
    body = placed["shopper"].execute(ORDER_CANCEL, {"id": placed["gid"]})
    assert body["data"]["orderCancel"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert VendorOrder.objects.filter(status="CANCELLED").count() == 0


def test_unpaid_orders_cannot_be_accepted(gql):
    owner = UserFactory()
    vendor, batik = seller(owner=owner)
    checkout = ready_checkout(gql, [(batik, 1)])
    complete(gql, checkout["id"], gateway="bank_transfer", key="belum-bayar")
    vo = VendorOrder.objects.get()
    body = gql.as_user(owner).execute(ACCEPT, {"id": gid("VendorOrder", vo.pk)})
    assert body["data"]["vendorOrderAccept"]["errors"][0]["code"] == "INVALID_TRANSITION"


def test_unaccepted_vendor_orders_are_cancelled_and_refunded_after_the_timeout(placed, settings):
    settings.VENDOR_ACCEPT_TIMEOUT_HOURS = 24
    _, owner_a, _, vo_a = placed["a"]
    transitions.accept_vendor_order(vo_a, actor=owner_a)
    assert auto_cancel_unaccepted_vendor_orders(now=timezone.now() + timedelta(hours=23)) == 0
    assert auto_cancel_unaccepted_vendor_orders(now=timezone.now() + timedelta(hours=25)) == 1
    _, _, _, vo_b = placed["b"]
    assert VendorOrder.objects.get(pk=vo_b.pk).status == "CANCELLED"
    assert VendorOrder.objects.get(pk=vo_a.pk).status == "ACCEPTED"
    assert Payment.objects.get(order=placed["order"]).refunded_amount == vo_b.total
    assert OrderEvent.objects.filter(
        vendor_order=vo_b, actor_label="task:auto_cancel_unaccepted"
    ).exists()


def test_staff_refund_partial_then_rest_idempotent_per_key(gql, placed):
    staff = gql.as_user(StaffFactory())
    _, _, _, vo_a = placed["a"]
    first = staff.execute(
        REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": "100000", "key": "r1"}
    )
    assert first["data"]["orderRefund"]["errors"] == []
    again = staff.execute(
        REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": "100000", "key": "r1"}
    )
    assert again["data"]["orderRefund"]["vendorOrder"]["refundedAmount"]["amount"] == "100000"
    reused = staff.execute(
        REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": "5000", "key": "r1"}
    )
    assert reused["data"]["orderRefund"]["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    too_much = staff.execute(
        REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": str(vo_a.total), "key": "r2"}
    )
    assert too_much["data"]["orderRefund"]["errors"][0]["code"] == "OUT_OF_RANGE"
    bad = staff.execute(REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": "-5", "key": "r3"})
    assert bad["data"]["orderRefund"]["errors"][0]["code"] == "INVALID"
    assert VendorOrder.objects.get(pk=vo_a.pk).refunded_amount == Decimal("100000")
    # A vendor owner is not staff: the refund does not exist for them.
    _, owner_a, _, _ = placed["a"]
    denied = gql.as_user(owner_a).execute(
        REFUND, {"id": gid("VendorOrder", vo_a.pk), "amount": "1000", "key": "x"}
    )
    assert denied["data"]["orderRefund"]["errors"][0]["code"] == "NOT_FOUND"
