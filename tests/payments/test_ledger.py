"""The vendor ledger balances to the Rupiah against payments and refunds, whatever happens."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from marketplace.checkout.services import cart
from marketplace.checkout.services.complete import complete_checkout
from marketplace.orders.models import VendorOrder
from marketplace.orders.services import transitions
from payments.models import (
    CategoryCommissionRate,
    LedgerEntry,
    Payment,
    PaymentTransaction,
    Payout,
)
from payments.services import ledger
from payments.services.payments import fail_refund, mark_payment_captured
from tests.checkout.support import complete, gid, ready_checkout, seller
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    StockFactory,
    UserFactory,
    VariantFactory,
)
from vendors.models import CommissionPlan

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Budi",
    "phone": "081234567890",
    "street_address_1": "Jl. Pemuda 1",
    "subdistrict": "Sekayu",
    "district": "Semarang Tengah",
    "city": "Kota Semarang",
    "province": "Jawa Tengah",
    "postal_code": "50132",
}
STATEMENT = """
query($vendorId: ID!) { vendorStatement(vendorId: $vendorId) {
  grossSales { amount } refunds { amount } commission { amount } netEarnings { amount }
  payouts { amount } held { amount } available { amount } paidOut { amount } csvUrl
  lines { kind account reference amount { amount } } } }"""


def _market():
    """Three vendors on a 7.5% plan, one category at 10%; odd prices so rounding is exercised."""
    plan = CommissionPlan.objects.create(
        name="Standar", default_rate=Decimal("0.0750"), is_default=True
    )
    special = CategoryFactory()
    CategoryCommissionRate.objects.create(plan=plan, category=special, rate=Decimal("0.1000"))
    variants = []
    for index, price in enumerate([Decimal("33333"), Decimal("125001"), Decimal("9999")]):
        vendor, variant = seller(price=price, quantity=100_000, pkp=index == 1)
        variants.append(variant)
        product = ProductFactory(vendor=vendor, category=special)
        extra = VariantFactory(product=product, price=price + 7)
        StockFactory(variant=extra, quantity=100_000)
        variants.append(extra)
    _promotions(special, vendor_id=variants[4].vendor_id)
    return variants


def _promotions(category, *, vendor_id):
    """Discounts of both fundings: a platform-funded sale on the special category, a
    vendor-funded fixed sale of the third vendor, a platform-funded 7% voucher (see `_place`)."""
    from marketplace.promotions.models import Sale, Voucher

    now = timezone.now()
    window = {"starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=365)}
    platform_sale = Sale.objects.create(
        name="Promo platform",
        type="PERCENTAGE",
        value=Decimal("12.5"),
        funded_by="PLATFORM",
        **window,
    )
    platform_sale.categories.add(category)
    Sale.objects.create(
        name="Promo penjual",
        type="FIXED",
        value=Decimal("1111"),
        vendor_id=vendor_id,
        funded_by="VENDOR",
        **window,
    )
    Voucher.objects.create(
        code="LEDGER7",
        name="Voucher uji",
        type="PERCENTAGE",
        value=Decimal("7"),
        funded_by="PLATFORM",
        **window,
    )


def _place(variants, quantities, *, gateway="bank_transfer", key, voucher_code=""):
    lines = [cart.LineInput(v.pk, q) for v, q in zip(variants, quantities, strict=True) if q]
    checkout = cart.create_checkout(
        user=None, email="a@example.id", lines=lines, shipping_address=ADDRESS
    )
    if voucher_code:
        type(checkout).objects.filter(pk=checkout.pk).update(voucher_code=voucher_code)
        checkout.refresh_from_db()
    from marketplace.checkout.pricing import price_checkout

    for group in price_checkout(checkout).vendor_groups:
        cart.update_delivery_method(
            checkout=checkout,
            vendor_id=group.vendor.pk,
            shipping_option_id=group.shipping_options[0].id,
        )
    return complete_checkout(
        token=checkout.pk, user=None, payment_gateway=gateway, idempotency_key=key
    ).order


def assert_ledger_balances():
    payments = Payment.objects.aggregate(c=Sum("captured_amount"), r=Sum("refunded_amount"))
    booked = LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] or 0
    assert booked == (payments["c"] or 0) - (payments["r"] or 0)
    for vo in VendorOrder.objects.all():
        entries = LedgerEntry.objects.filter(vendor_order=vo)
        # No vendor is paid for another's goods.
        assert set(entries.values_list("vendor_id", flat=True)) <= {vo.vendor_id}
        paid = vo.total if vo.paid_at else 0
        assert (entries.aggregate(s=Sum("amount"))["s"] or 0) == paid - vo.refunded_amount
        if entries.filter(kind="RELEASE").exists():  # released: nothing of it stays held
            held = entries.filter(account="VENDOR_HELD").aggregate(s=Sum("amount"))
            assert (held["s"] or 0) == 0
        if paid and vo.refunded_amount == vo.total:  # refunded in full: all commission given back
            commission = entries.filter(account="PLATFORM_COMMISSION").aggregate(s=Sum("amount"))
            assert (commission["s"] or 0) == 0
    for vendor_id in set(VendorOrder.objects.values_list("vendor_id", flat=True)):
        statement = ledger.vendor_statement(vendor_id=vendor_id)
        vos = VendorOrder.objects.filter(vendor_id=vendor_id, paid_at__isnull=False)
        assert statement.gross_sales == (vos.aggregate(s=Sum("total"))["s"] or 0)
        assert statement.refunds == (vos.aggregate(s=Sum("refunded_amount"))["s"] or 0)
        assert (
            statement.gross_sales - statement.refunds
            == statement.net_earnings + statement.commission
        )
        assert statement.held + statement.available + statement.paid_out == statement.net_earnings


_keys = itertools.count()
actions = st.lists(
    st.tuples(
        st.sampled_from(
            ["cancel", "refund", "refund_fails", "deliver", "release", "payout", "ship"]
        ),
        st.integers(0, 5),
        st.integers(1, 10**6),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    quantities=st.lists(st.integers(0, 4), min_size=6, max_size=6).filter(any),
    pay=st.booleans(),
    steps=actions,
    voucher=st.booleans(),
)
# Refunds that fail at the provider: an earlier one after a later one, then the rest refunded in
# full; and one failing after its vendor order's earnings were released, then a cancellation.
@example(
    quantities=[1, 0, 2, 0, 1, 1],
    pay=True,
    steps=[
        ("refund", 0, 7),
        ("refund", 0, 7),
        ("refund_fails", 0, 1),
        ("refund", 0, 10**6),
        ("refund", 1, 1001),
        ("refund_fails", 5, 1),
        ("refund_fails", 5, 1),
        ("cancel", 1, 1),
    ],
    voucher=True,
)
@example(
    quantities=[2, 1, 0, 0, 3, 0],
    pay=True,
    steps=[
        ("refund", 0, 5003),
        ("ship", 0, 1),
        ("deliver", 0, 1),
        ("release", 0, 1),
        ("refund_fails", 0, 1),
        ("payout", 0, 1),
        ("refund", 0, 10**6),
        ("cancel", 1, 1),
    ],
    voucher=False,
)
def test_ledger_always_balances_against_payments_and_refunds(db, quantities, pay, steps, voucher):
    """With sales (platform- and vendor-funded) running and, half the time, a platform voucher."""
    variants = (
        _market()
        if not CommissionPlan.objects.exists()
        else list(
            __import__(
                "marketplace.catalog.models", fromlist=["ProductVariant"]
            ).ProductVariant.objects.order_by("pk")[:6]
        )
    )
    order = _place(
        variants,
        quantities,
        key=f"prop-{next(_keys)}",
        voucher_code="LEDGER7" if voucher else "",
    )
    if pay:
        mark_payment_captured(Payment.objects.get(order=order).pk)
    now = timezone.now()
    for action, index, amount in steps:
        vos = list(order.vendor_orders.order_by("pk"))
        vo = VendorOrder.objects.get(pk=vos[index % len(vos)].pk)
        try:
            if action == "cancel":
                transitions.cancel_vendor_order(vo, reason="uji")
            elif action == "refund":
                remaining = vo.total - vo.refunded_amount
                transitions.refund_vendor_order(
                    vo, amount=Decimal(min(amount, remaining) or 1), reason="uji"
                )
            elif action == "refund_fails":  # the provider never pays one refund of the order
                refunds = list(
                    PaymentTransaction.objects.filter(kind="REFUND", payment__order=order)
                    .exclude(status="FAILED")
                    .order_by("pk")
                )
                if refunds:
                    failing = refunds[index % len(refunds)]
                    fail_refund(failing.pk, reason="uji", actor_label="uji", allow_succeeded=True)
            elif action == "ship":
                if vo.status == "PENDING":
                    transitions.accept_vendor_order(vo)
                transitions.mark_vendor_order_shipped(vo)
            elif action == "deliver":
                transitions.mark_vendor_order_delivered(vo, delivered_at=now - timedelta(days=30))
            elif action == "release":
                ledger.release_due_earnings(now=now)
            elif action == "payout":
                ledger.run_payouts(batch=f"b{amount}")
        except Exception as exc:  # invalid moves are expected; they must change nothing
            assert getattr(exc, "code", None) in {
                "INVALID_TRANSITION",
                "INVALID",
                "OUT_OF_RANGE",
            }, exc
        assert_ledger_balances()


def test_commission_follows_the_plan_and_category_override(gql):
    plan = CommissionPlan.objects.create(
        name="Standar", default_rate=Decimal("0.0500"), is_default=True
    )
    _, batik = seller(price=Decimal("100000"))
    _, tenun = seller(price=Decimal("100000"))
    CategoryCommissionRate.objects.create(
        plan=plan, category=tenun.product.category, rate=Decimal("0.1200")
    )
    checkout = ready_checkout(gql, [(batik, 1), (tenun, 1)])
    complete(gql, checkout["id"], gateway="bank_transfer", key="komisi")
    commissions = {vo.vendor_id: vo.commission for vo in VendorOrder.objects.all()}
    assert commissions == {batik.vendor_id: Decimal("5000"), tenun.vendor_id: Decimal("12000")}


def test_earnings_are_held_until_the_return_window_passes_then_paid_out(gql, settings):
    settings.ORDER_RETURN_WINDOW_DAYS = 3
    settings.PAYOUT_MINIMUM_AMOUNT = 10000
    CommissionPlan.objects.create(name="Standar", default_rate=Decimal("0.1000"), is_default=True)
    owner = UserFactory()
    vendor, batik = seller(price=Decimal("200000"), owner=owner)
    checkout = ready_checkout(gql, [(batik, 1)])
    result = complete(gql, checkout["id"], gateway="bank_transfer", key="tahan")
    order_payment = Payment.objects.get()
    mark_payment_captured(order_payment.pk)
    vo = VendorOrder.objects.get()
    earnings = vo.total - Decimal("20000")
    owner_client = gql.as_user(owner)

    statement = owner_client.data(STATEMENT, {"vendorId": gid("Vendor", vendor.pk)})[
        "vendorStatement"
    ]
    assert (statement["held"]["amount"], statement["available"]["amount"]) == (str(earnings), "0")
    transitions.accept_vendor_order(vo)
    transitions.mark_vendor_order_shipped(vo)
    delivered = timezone.now()
    transitions.mark_vendor_order_delivered(vo, delivered_at=delivered)
    assert ledger.release_due_earnings(now=delivered + timedelta(days=2)) == 0
    assert ledger.run_payouts(batch="awal") == []
    assert ledger.release_due_earnings(now=delivered + timedelta(days=3, minutes=1)) == 1
    [payout] = ledger.run_payouts(batch="harian")
    assert payout.amount == earnings
    assert ledger.run_payouts(batch="harian") == []  # a retried batch pays nobody twice
    assert Payout.objects.count() == 1

    statement = owner_client.data(STATEMENT, {"vendorId": gid("Vendor", vendor.pk)})[
        "vendorStatement"
    ]
    assert statement["paidOut"]["amount"] == str(earnings)
    assert statement["grossSales"]["amount"] == str(vo.total)
    assert statement["commission"]["amount"] == "20000"
    assert result["order"]["status"] == "UNPAID"

    response = Client().get(statement["csvUrl"], HTTP_AUTHORIZATION=f"Bearer {owner_client.token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    body = [r for r in rows[1:] if r and r[1] != "TOTAL"]
    assert sum(Decimal(r[5]) for r in body if r[2] != "PLATFORM_COMMISSION") == earnings
    assert sum(Decimal(r[5]) for r in body if r[2] == "VENDOR_PAID_OUT") == earnings
    totals = {r[2]: Decimal(r[5]) for r in rows if r and r[1] == "TOTAL"}
    assert (
        totals["penjualan_kotor"] - totals["pengembalian_dana"]
        == totals["pendapatan_bersih"] + totals["komisi"]
    )
    assert ledger.vendor_balances(vendor.pk)["VENDOR_PAID_OUT"] == earnings
