"""Refunds and cancellations of card payments, end to end against localstripe on loopback.

A two-vendor order is paid by card (`paymentConfirmCard`); staff refund one vendor order in parts
(`orderRefund`), vendors cancel theirs, shoppers cancel the whole order. Each refund must reach
Stripe exactly once for exactly its amount (IDR in Stripe's hundredths), be booked once against
that vendor's ledger only, and survive Stripe being unreachable.

These tests commit for real (`transaction=True`): refunds are sent to Stripe after the booking
transaction commits, as in production.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order, OrderEvent, VendorOrder
from payments.models import LedgerEntry, Payment, PaymentTransaction
from payments.tasks import execute_pending_refunds, reconcile_pending_payments
from tests.checkout.support import ORDER, complete, gid, ready_checkout, run_together, seller
from tests.conftest import GraphQLClient
from tests.factories import StaffFactory, UserFactory
from vendors.models import CommissionPlan

from .support import deliver, events_for, pay_by_card, payment_intent_id, stripe_client
from .test_card_confirm import VISA, card_token, charges_for, confirm

pytestmark = pytest.mark.django_db(transaction=True)

REFUND = """
mutation($id: ID!, $amount: Decimal!, $key: String) {
  orderRefund(vendorOrderId: $id, amount: $amount, reason: "Barang cacat", idempotencyKey: $key) {
    vendorOrder { id refundedAmount { amount } }
    refundId
    errors { field code message }
  }
}"""
VENDOR_CANCEL = """
mutation($id: ID!) {
  vendorOrderCancel(id: $id, reason: "Stok habis") {
    vendorOrder { status } errors { field code message }
  }
}"""
ORDER_CANCEL = """
mutation($id: ID!) { orderCancel(id: $id) { order { status } errors { field code message } } }"""
ACCEPT = """
mutation($id: ID!) { vendorOrderAccept(id: $id) { vendorOrder { status } errors { code } } }"""
STATEMENT = """
query($vendorId: ID!) { vendorStatement(vendorId: $vendorId) {
  grossSales { amount } refunds { amount } commission { amount } netEarnings { amount }
  held { amount } } }"""
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens there


def stripe_refunds(intent_id: str) -> list[dict]:
    """Every refund localstripe holds for this PaymentIntent."""
    refunds = stripe_client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
    return [r.to_dict() for r in refunds.data]


def amount_refunded_at_stripe(intent_id: str) -> int:
    """What the PaymentIntent's one charge says was refunded (minor units)."""
    [charge] = charges_for(intent_id)
    return charge["amount_refunded"]


def minor(amount) -> int:
    return int(Decimal(amount) * 100)


def ledger_sum(vendor_order, **filters) -> Decimal:
    rows = LedgerEntry.objects.filter(vendor_order=vendor_order, **filters)
    return rows.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def bookings() -> dict:
    """Everything a refund books with us, to show that a refused one changed nothing."""
    payment = Payment.objects.get()
    return {
        "ledger": list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount")),
        "transactions": PaymentTransaction.objects.count(),
        "payment": (payment.status, payment.refunded_amount),
        "vendor_orders": list(
            VendorOrder.objects.order_by("pk").values_list("pk", "status", "refunded_amount")
        ),
        "events": OutboxEvent.objects.filter(kind="order.refunded").count(),
    }


@pytest.fixture
def paid(stripe_settings):
    """A two-vendor order on a 10% commission plan, paid by card at localstripe."""
    CommissionPlan.objects.create(name="Standar", default_rate=Decimal("0.1000"), is_default=True)
    shopper = GraphQLClient().as_user(UserFactory())
    owner_a, owner_b = UserFactory(), UserFactory()
    vendor_a, batik = seller(price=Decimal("150000"), owner=owner_a)
    vendor_b, bandeng = seller(price=Decimal("45000"), owner=owner_b)
    checkout = ready_checkout(shopper, [(batik, 1), (bandeng, 2)])
    result = complete(shopper, checkout["id"], gateway="stripe", key="kartu-refund")
    assert result["errors"] == [], result["errors"]
    answer = confirm(shopper, result, card_token(VISA))
    assert answer["errors"] == [] and answer["payment"]["status"] == "CAPTURED", answer
    order = Order.objects.get(number=result["order"]["number"])
    vendor_orders = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    vo_a, vo_b = vendor_orders[vendor_a.pk], vendor_orders[vendor_b.pk]
    assert vo_a.commission > 0 and vo_b.commission > 0
    return {
        "shopper": shopper,
        "staff": GraphQLClient().as_user(StaffFactory()),
        "order": order,
        "order_gid": result["order"]["id"],
        "intent": payment_intent_id(result["payment"]),
        "a": (vendor_a, GraphQLClient().as_user(owner_a), vo_a),
        "b": (vendor_b, GraphQLClient().as_user(owner_b), vo_b),
    }


def refund(staff, vendor_order, amount, key) -> dict:
    return staff.data(
        REFUND, {"id": gid("VendorOrder", vendor_order.pk), "amount": str(amount), "key": key}
    )["orderRefund"]


def statement(owner, vendor) -> dict:
    data = owner.data(STATEMENT, {"vendorId": gid("Vendor", vendor.pk)})["vendorStatement"]
    return {k: Decimal(v["amount"]) for k, v in data.items()}


def test_partial_then_full_refund_of_one_vendor_order_reaches_stripe_once_each(paid):
    staff, intent = paid["staff"], paid["intent"]
    vendor_a, owner_a, vo_a = paid["a"]
    vendor_b, owner_b, vo_b = paid["b"]
    b_before = statement(owner_b, vendor_b)

    first = refund(staff, vo_a, 50000, "cacat-1")

    assert first["errors"] == [], first["errors"]
    assert first["vendorOrder"]["refundedAmount"]["amount"] == "50000"
    [at_stripe] = stripe_refunds(intent)
    assert at_stripe["amount"] == minor(50000) and at_stripe["currency"] == "idr"
    assert at_stripe["status"] == "succeeded"
    assert amount_refunded_at_stripe(intent) == minor(50000)
    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert txn.status == "SUCCESS" and txn.provider_reference == at_stripe["id"]
    assert txn.vendor_order_id == vo_a.pk
    seen = paid["shopper"].data(ORDER, {"id": paid["order_gid"]})["order"]
    assert seen["payments"][0]["refundedAmount"]["amount"] == "50000"
    assert seen["payments"][0]["status"] == "PARTIALLY_REFUNDED"
    assert seen["status"] == "PAID"
    # Vendor A's ledger is reversed by 50.000 (commission in proportion); vendor B is untouched.
    assert ledger_sum(vo_a) == vo_a.total - 50000
    reversal = -ledger_sum(vo_a, kind="COMMISSION_REVERSAL")
    assert reversal == (vo_a.commission * 50000 / vo_a.total).quantize(Decimal("1"))
    assert statement(owner_a, vendor_a)["refunds"] == 50000
    assert statement(owner_b, vendor_b) == b_before and b_before["refunds"] == 0
    assert not LedgerEntry.objects.filter(vendor_order=vo_b, kind__contains="REVERSAL").exists()
    assert not LedgerEntry.objects.filter(vendor_order=vo_b, kind="REFUND").exists()

    rest = vo_a.total - 50000
    second = refund(staff, vo_a, rest, "cacat-2")

    assert second["errors"] == [], second["errors"]
    assert second["vendorOrder"]["refundedAmount"]["amount"] == str(vo_a.total)
    assert sorted(r["amount"] for r in stripe_refunds(intent)) == sorted(
        [minor(50000), minor(rest)]
    )
    assert amount_refunded_at_stripe(intent) == minor(vo_a.total)
    payment = Payment.objects.get()
    assert payment.refunded_amount == vo_a.total and payment.status == "PARTIALLY_REFUNDED"
    # Everything booked for vendor A is reversed exactly, to the Rupiah.
    assert ledger_sum(vo_a) == 0
    assert ledger_sum(vo_a, account="PLATFORM_COMMISSION") == 0
    assert statement(owner_b, vendor_b) == b_before

    before = bookings()
    for vendor_order, amount, key in ((vo_a, 1, "cacat-3"), (vo_b, vo_b.total + 1, "lebih")):
        refused = refund(staff, vendor_order, amount, key)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [("OUT_OF_RANGE", "amount")]
        assert refused["refundId"] is None
    assert "sudah dikembalikan seluruhnya" in refund(staff, vo_a, 1, "x")["errors"][0]["message"]
    assert bookings() == before
    assert len(stripe_refunds(intent)) == 2


def test_the_same_refund_retried_reaches_stripe_once(paid):
    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]

    answers = [refund(staff, vo_a, 40000, "sekali-saja") for _ in range(3)]

    assert all(a["errors"] == [] for a in answers), answers
    assert len({a["refundId"] for a in answers}) == 1
    assert {a["vendorOrder"]["refundedAmount"]["amount"] for a in answers} == {"40000"}
    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(40000)]
    assert PaymentTransaction.objects.filter(kind="REFUND").count() == 1
    assert LedgerEntry.objects.filter(kind="REFUND").count() == 1
    assert OutboxEvent.objects.filter(kind="order.refunded").count() == 1
    assert OrderEvent.objects.filter(type="vendor_order.refunded").count() == 1  # history once
    assert Payment.objects.get().refunded_amount == 40000
    # The key belongs to that refund: another amount under it is refused, not refunded.
    reused = refund(staff, vo_a, 1000, "sekali-saja")
    assert reused["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(stripe_refunds(intent)) == 1


@pytest.mark.slow
def test_the_same_refund_sent_five_times_at_once_reaches_stripe_once(paid):
    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]
    variables = {"id": gid("VendorOrder", vo_a.pk), "amount": "30000", "key": "bersamaan"}

    def call():
        return staff.execute(REFUND, variables)["data"]["orderRefund"]

    answers = run_together([call] * 5)

    assert all(not isinstance(a, BaseException) for a in answers), answers
    assert all(a["errors"] == [] for a in answers), answers
    assert len({a["refundId"] for a in answers}) == 1
    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(30000)]
    assert LedgerEntry.objects.filter(kind="REFUND").count() == 1
    assert Payment.objects.get().refunded_amount == 30000


def test_a_vendor_cancelling_refunds_only_its_vendor_order_through_stripe(paid):
    intent = paid["intent"]
    _, owner_a, vo_a = paid["a"]
    _, owner_b, vo_b = paid["b"]

    answer = owner_b.data(VENDOR_CANCEL, {"id": gid("VendorOrder", vo_b.pk)})["vendorOrderCancel"]

    assert answer["errors"] == [] and answer["vendorOrder"]["status"] == "CANCELLED"
    [at_stripe] = stripe_refunds(intent)
    assert at_stripe["amount"] == minor(vo_b.total) and at_stripe["status"] == "succeeded"
    payment = Payment.objects.get()
    assert payment.refunded_amount == vo_b.total and payment.status == "PARTIALLY_REFUNDED"
    assert ledger_sum(vo_b) == 0
    assert ledger_sum(vo_a) == vo_a.total
    assert VendorOrder.objects.get(pk=vo_a.pk).refunded_amount == 0
    # Cancelling again is refused and refunds nothing more.
    again = owner_b.data(VENDOR_CANCEL, {"id": gid("VendorOrder", vo_b.pk)})["vendorOrderCancel"]
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"
    assert len(stripe_refunds(intent)) == 1


def test_an_unaccepted_vendor_order_cancelled_by_the_task_is_refunded_through_stripe(
    paid, settings
):
    from marketplace.orders.tasks import auto_cancel_unaccepted_vendor_orders

    settings.VENDOR_ACCEPT_TIMEOUT_HOURS = 0
    intent = paid["intent"]
    _, owner_a, vo_a = paid["a"]
    _, _, vo_b = paid["b"]
    assert (
        owner_a.data(ACCEPT, {"id": gid("VendorOrder", vo_a.pk)})["vendorOrderAccept"]["errors"]
        == []
    )

    assert auto_cancel_unaccepted_vendor_orders.apply().get() == 1
    assert auto_cancel_unaccepted_vendor_orders.apply().get() == 0

    assert VendorOrder.objects.get(pk=vo_b.pk).status == "CANCELLED"
    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(vo_b.total)]
    assert Payment.objects.get().refunded_amount == vo_b.total
    assert ledger_sum(vo_a) == vo_a.total and ledger_sum(vo_b) == 0


def test_the_shopper_cancelling_gets_each_vendor_order_back_from_stripe(paid):
    intent = paid["intent"]
    _, _, vo_a = paid["a"]
    _, _, vo_b = paid["b"]

    answer = paid["shopper"].data(ORDER_CANCEL, {"id": paid["order_gid"]})["orderCancel"]

    assert answer["errors"] == [] and answer["order"]["status"] == "REFUNDED"
    assert sorted(r["amount"] for r in stripe_refunds(intent)) == sorted(
        [minor(vo_a.total), minor(vo_b.total)]
    )
    assert amount_refunded_at_stripe(intent) == minor(paid["order"].total)
    payment = Payment.objects.get()
    assert payment.status == "REFUNDED" and payment.refunded_amount == paid["order"].total
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0


def test_stripe_unreachable_leaves_a_pending_refund_that_the_task_completes_once(paid, settings):
    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]
    localstripe = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = CLOSED_PORT

    answer = refund(staff, vo_a, 60000, "saat-gangguan")
    retried = refund(staff, vo_a, 60000, "saat-gangguan")
    assert execute_pending_refunds.apply().get() == 0  # still down: stays pending

    # Booked once (the shopper is owed it, the vendor's share is reversed once) and pending.
    assert answer["errors"] == [] and retried["refundId"] == answer["refundId"]
    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert txn.status == "PENDING" and txn.attempts >= 2 and txn.error
    assert Payment.objects.get().refunded_amount == 60000
    assert LedgerEntry.objects.filter(kind="REFUND").count() == 1
    settings.STRIPE_API_BASE = localstripe
    assert stripe_refunds(intent) == []

    assert execute_pending_refunds.apply().get() == 1
    assert execute_pending_refunds.apply().get() == 0
    assert refund(staff, vo_a, 60000, "saat-gangguan")["refundId"] == answer["refundId"]

    [at_stripe] = stripe_refunds(intent)
    assert at_stripe["amount"] == minor(60000)
    txn.refresh_from_db()
    assert txn.status == "SUCCESS" and txn.provider_reference == at_stripe["id"]
    assert LedgerEntry.objects.filter(kind="REFUND").count() == 1
    assert ledger_sum(vo_a) == vo_a.total - 60000
    assert Payment.objects.get().refunded_amount == 60000


# --- cancelling a card payment that was not captured ------------------------------------------


@pytest.fixture
def unpaid(stripe_settings):
    shopper = GraphQLClient().as_user(UserFactory())
    _, batik = seller(price=Decimal("150000"))
    checkout = ready_checkout(shopper, [(batik, 1)])
    result = complete(shopper, checkout["id"], gateway="stripe", key="belum-dibayar")
    assert result["errors"] == [], result["errors"]
    return shopper, result, payment_intent_id(result["payment"])


def test_cancelling_an_unpaid_card_order_cancels_the_payment_intent(unpaid):
    shopper, result, intent = unpaid

    answer = shopper.data(ORDER_CANCEL, {"id": result["order"]["id"]})["orderCancel"]

    assert answer["errors"] == [] and answer["order"]["status"] == "CANCELLED"
    assert stripe_client().v1.payment_intents.retrieve(intent).status == "canceled"
    assert PaymentTransaction.objects.get(kind="CANCEL").status == "SUCCESS"
    assert Payment.objects.get().status == "CANCELLED"


def test_a_cancel_that_stripe_missed_is_completed_by_reconciliation(unpaid, settings):
    shopper, result, intent = unpaid
    localstripe = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = CLOSED_PORT

    answer = shopper.data(ORDER_CANCEL, {"id": result["order"]["id"]})["orderCancel"]

    assert answer["errors"] == [] and answer["order"]["status"] == "CANCELLED"
    assert PaymentTransaction.objects.get(kind="CANCEL").status == "PENDING"
    settings.STRIPE_API_BASE = localstripe
    assert stripe_client().v1.payment_intents.retrieve(intent).status != "canceled"

    reconcile_pending_payments.apply().get()

    assert stripe_client().v1.payment_intents.retrieve(intent).status == "canceled"
    assert PaymentTransaction.objects.get(kind="CANCEL").status == "SUCCESS"
    reconcile_pending_payments.apply().get()
    assert PaymentTransaction.objects.filter(kind="CANCEL").count() == 1


def _assert_refunded_once_in_full(intent: str) -> None:
    order = Order.objects.get()
    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(order.total)]
    payment = Payment.objects.get()
    assert payment.captured_amount == payment.refunded_amount == order.total
    assert PaymentTransaction.objects.get(kind="REFUND").status == "SUCCESS"
    assert PaymentTransaction.objects.get(kind="CANCEL").status == "FAILED"  # it was charged
    assert not LedgerEntry.objects.exists()  # nothing was ever earned on a cancelled order


def test_a_card_charged_just_before_the_order_was_cancelled_is_refunded_in_full(unpaid):
    """The bank charged the card while the order was being cancelled (its webhook not yet
    delivered): Stripe refuses to cancel the intent, so the charge is applied and given back."""
    shopper, result, intent = unpaid
    assert pay_by_card(intent)["status"] == "succeeded"

    answer = shopper.data(ORDER_CANCEL, {"id": result["order"]["id"]})["orderCancel"]

    assert answer["errors"] == [] and answer["order"]["status"] == "CANCELLED"
    _assert_refunded_once_in_full(intent)
    # The webhook arriving late, and reconciliation, change nothing more.
    [event] = events_for(intent, type="payment_intent.succeeded")
    assert deliver(event).status_code == 200
    reconcile_pending_payments.apply().get()
    _assert_refunded_once_in_full(intent)


def test_a_charge_missed_while_stripe_was_unreachable_is_refunded_by_reconciliation(
    unpaid, settings
):
    """Same, but Stripe could not be reached when the order was cancelled and the webhook never
    came: reconciliation finds the money and gives all of it back, once."""
    shopper, result, intent = unpaid
    assert pay_by_card(intent)["status"] == "succeeded"
    localstripe = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = CLOSED_PORT

    answer = shopper.data(ORDER_CANCEL, {"id": result["order"]["id"]})["orderCancel"]

    assert answer["errors"] == [] and answer["order"]["status"] == "CANCELLED"
    assert PaymentTransaction.objects.get(kind="CANCEL").status == "PENDING"
    settings.STRIPE_API_BASE = localstripe
    assert stripe_refunds(intent) == []

    reconcile_pending_payments.apply().get()
    reconcile_pending_payments.apply().get()

    _assert_refunded_once_in_full(intent)
