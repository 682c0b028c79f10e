"""Promotions at checkout: sales, vouchers and free shipping priced by `marketplace.promotions`,
shown line by line in the checkout and the order, redeemed under the checkout's locks and given
back when the order is cancelled; quotas hold when shoppers race for the last use."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import from_global_id

from fulfillment.config import clear_shipping_config
from marketplace.checkout.models import Checkout
from marketplace.checkout.pricing import ppn_part
from marketplace.orders.models import Order, VendorOrder, VendorOrderLine
from marketplace.promotions.models import FlashSale, Sale, Voucher, VoucherRedemption
from payments.models import LedgerAccount, LedgerEntry, Payment
from payments.services.payments import mark_payment_captured
from tests.factories import UserFactory

from .support import COMPLETE_LEAN, complete, ready_checkout, run_together, seller
from .test_query_count import CHECKOUT_OWN_BUDGET, _quote_queries

pytestmark = pytest.mark.django_db

PRICES = """
query($id: ID!) { checkout(id: $id) {
  voucherCode voucherError
  lines { variantId quantity unitPrice { amount } undiscountedTotal { amount } total { amount }
          discountTotal { amount } discounts { name amount { amount } source fundedBy quantity } }
  vendorGroups { vendor { id } subtotal { amount } shippingPrice { amount } discount { amount }
                 shippingDiscounts { name amount { amount } fundedBy } tax { amount } total { amount } }
  discounts { name amount { amount } source fundedBy }
  subtotal { amount } shippingTotal { amount } discountTotal { amount } taxTotal { amount }
  total { amount }
} }"""

APPLY = """
mutation($id: ID!, $code: String!) {
  checkoutVoucherApply(id: $id, code: $code) { checkout { id } errors { field code message } }
}"""

ORDER = """
query($id: ID!) { order(id: $id) {
  subtotal { amount } shippingTotal { amount } discountTotal { amount } taxTotal { amount }
  total { amount }
  vendorOrders { subtotal { amount } discount { amount } total { amount }
    shippingDiscounts { name amount { amount } fundedBy }
    lines { unitPrice { amount } undiscountedTotal { amount } total { amount } discountTotal { amount }
            discounts { name amount { amount } source fundedBy quantity } } }
} }"""

CANCEL = """
mutation($id: ID!) { orderCancel(id: $id, reason: "berubah pikiran") {
  order { status } errors { field code message } } }"""


def _d(value) -> Decimal:
    return Decimal(str(value))


def _running(**kw):
    now = timezone.now()
    return {"starts_at": now - timedelta(hours=1), "ends_at": now + timedelta(hours=1), **kw}


def _sale(*, product=None, vendor=None, value="10", type="PERCENTAGE", funded_by="VENDOR"):
    sale = Sale.objects.create(
        **_running(
            name="Gebyar Batik", type=type, value=Decimal(value), vendor=vendor, funded_by=funded_by
        )
    )
    if product is not None:
        sale.products.add(product)
    return sale


def _voucher(code="HEMAT30", **kw):
    base = {
        "name": "Hemat",
        "type": "FIXED",
        "value": Decimal("30000"),
        "funded_by": "PLATFORM",
        **kw,
    }
    return Voucher.objects.create(code=code, **_running(**base))


def _prices(client, checkout_id):
    return client.data(PRICES, {"id": checkout_id})["checkout"]


def _apply(client, checkout_id, code):
    payload = client.data(APPLY, {"id": checkout_id, "code": code})["checkoutVoucherApply"]
    assert payload["errors"] == [], payload["errors"]


def assert_consistent(seen):
    """subtotal (list prices) + shipping − discount = total, in every group and overall."""
    amount = lambda m: _d(m["amount"])  # noqa: E731
    for group in seen["vendorGroups"]:
        assert amount(group["total"]) == amount(group["subtotal"]) + amount(
            group["shippingPrice"]
        ) - amount(group["discount"])
    assert amount(seen["total"]) == amount(seen["subtotal"]) + amount(
        seen["shippingTotal"]
    ) - amount(seen["discountTotal"])
    breakdown = sum((amount(d["amount"]) for d in seen["discounts"]), Decimal(0))
    assert breakdown == amount(seen["discountTotal"])


def test_a_sale_shows_in_the_checkout_and_the_order_line_by_line(gql):
    client = gql.as_user(UserFactory())
    vendor, variant = seller(price=Decimal("150000"))
    sale = _sale(product=variant.product, value="20")
    checkout = ready_checkout(client, [(variant, 2)])

    seen = _prices(client, checkout["id"])
    (line,) = seen["lines"]
    assert _d(line["undiscountedTotal"]["amount"]) == 300000
    assert _d(line["total"]["amount"]) == 240000
    assert line["discounts"] == [
        {
            "name": "Gebyar Batik",
            "amount": {"amount": "60000"},
            "source": f"sale:{sale.pk}",
            "fundedBy": "VENDOR",
            "quantity": 2,
        }
    ]
    assert _d(seen["subtotal"]["amount"]) == 300000
    assert _d(seen["discountTotal"]["amount"]) == 60000
    assert_consistent(seen)

    result = complete(client, checkout["id"], key="sale-1")
    assert result["errors"] == []
    assert result["order"]["total"]["amount"] == seen["total"]["amount"]
    order = client.data(ORDER, {"id": result["order"]["id"]})["order"]
    assert _d(order["discountTotal"]["amount"]) == 60000
    (vendor_order,) = order["vendorOrders"]
    assert _d(vendor_order["discount"]["amount"]) == 60000
    (order_line,) = vendor_order["lines"]
    assert _d(order_line["total"]["amount"]) == 240000
    assert _d(order_line["discountTotal"]["amount"]) == 60000
    assert order_line["discounts"] == line["discounts"]


def test_a_voucher_reduces_the_total_with_its_breakdown_and_cancelling_gives_the_use_back(gql):
    shopper = UserFactory()
    client = gql.as_user(shopper)
    _, batik = seller(price=Decimal("100000"))
    _, tenun = seller(price=Decimal("50000"))
    voucher = _voucher(usage_limit=10)
    checkout = ready_checkout(client, [(batik, 1), (tenun, 1)], email=shopper.email)
    before = _prices(client, checkout["id"])

    _apply(client, checkout["id"], "hemat30")
    seen = _prices(client, checkout["id"])
    assert seen["voucherCode"] == "HEMAT30" and seen["voucherError"] is None
    shares = [_d(line["discounts"][0]["amount"]["amount"]) for line in seen["lines"]]
    assert shares == [20000, 10000]  # in proportion to the lines, adding up exactly
    assert {d["source"] for line in seen["lines"] for d in line["discounts"]} == {
        f"voucher:{voucher.pk}"
    }
    assert seen["discounts"] == [
        {
            "name": "Voucher HEMAT30",
            "amount": {"amount": "30000"},
            "source": f"voucher:{voucher.pk}",
            "fundedBy": "PLATFORM",
        }
    ]
    assert _d(seen["total"]["amount"]) == _d(before["total"]["amount"]) - 30000
    assert_consistent(seen)

    result = complete(client, checkout["id"], key="voucher-1")
    assert result["errors"] == []
    order = Order.objects.get(number=result["order"]["number"])
    assert order.discount_total == Decimal("30000")
    assert order.total == _d(seen["total"]["amount"])
    redemption = VoucherRedemption.objects.get(voucher=voucher)
    assert redemption.order_ref == str(order.checkout_token)
    assert redemption.discount_amount == Decimal("30000")
    voucher.refresh_from_db()
    assert voucher.used_count == 1
    # Platform-funded: the vendors' commission base is the undiscounted line.
    assert sorted(VendorOrder.objects.values_list("platform_funded_discount", flat=True)) == [
        Decimal("10000"),
        Decimal("20000"),
    ]

    cancelled = client.data(CANCEL, {"id": result["order"]["id"]})["orderCancel"]
    assert cancelled["errors"] == [] and cancelled["order"]["status"] == "CANCELLED"
    voucher.refresh_from_db()
    redemption.refresh_from_db()
    assert voucher.used_count == 0 and redemption.released_at is not None


def test_a_free_shipping_voucher_takes_the_shipping_off(gql):
    client = gql.as_user(UserFactory())
    _, variant = seller(price=Decimal("200000"))
    voucher = _voucher(code="ONGKIR", type="FREE_SHIPPING", value=Decimal("0"))
    checkout = ready_checkout(client, [(variant, 1)])
    _apply(client, checkout["id"], "ONGKIR")

    seen = _prices(client, checkout["id"])
    shipping = _d(seen["shippingTotal"]["amount"])
    assert shipping > 0
    (group,) = seen["vendorGroups"]
    assert group["shippingDiscounts"] == [
        {"name": "Voucher ONGKIR", "amount": {"amount": str(shipping)}, "fundedBy": "PLATFORM"}
    ]
    assert seen["lines"][0]["discounts"] == []
    assert _d(seen["discountTotal"]["amount"]) == shipping
    assert _d(seen["total"]["amount"]) == 200000
    assert_consistent(seen)

    result = complete(client, checkout["id"], key="ongkir-1")
    assert result["errors"] == [] and _d(result["order"]["total"]["amount"]) == 200000
    order = client.data(ORDER, {"id": result["order"]["id"]})["order"]
    assert order["vendorOrders"][0]["shippingDiscounts"] == group["shippingDiscounts"]
    assert _d(order["discountTotal"]["amount"]) == shipping
    assert VoucherRedemption.objects.filter(voucher=voucher).count() == 1


def test_ppn_of_a_pkp_vendor_is_the_part_inside_the_discounted_goods(gql):
    client = gql.as_user(UserFactory())
    vendor, variant = seller(price=Decimal("111000"), pkp=True)
    _sale(product=variant.product, type="FIXED", value="11000")
    checkout = ready_checkout(client, [(variant, 3)])
    seen = _prices(client, checkout["id"])
    assert _d(seen["lines"][0]["total"]["amount"]) == 300000
    expected = ppn_part(Decimal("300000"), on=timezone.localdate())
    assert expected > 0
    assert _d(seen["taxTotal"]["amount"]) == expected
    assert_consistent(seen)


def test_paying_books_vendor_funded_discounts_against_the_vendor_and_platform_ones_against_the_platform(
    gql,
):
    client = gql.as_user(UserFactory())
    vendor, variant = seller(price=Decimal("100000"))
    _sale(product=variant.product, type="FIXED", value="10000", funded_by="VENDOR")
    _voucher(code="PLATFORM5", value=Decimal("5000"), funded_by="PLATFORM")
    checkout = ready_checkout(client, [(variant, 2)])
    _apply(client, checkout["id"], "PLATFORM5")
    result = complete(client, checkout["id"], gateway="bank_transfer", key="ledger-1")
    assert result["errors"] == []
    vendor_order = VendorOrder.objects.get(vendor=vendor)
    # Shopper pays 200000 − 20000 (vendor's sale) − 5000 (platform's voucher) + shipping.
    assert vendor_order.total == Decimal("175000") + vendor_order.shipping_price
    assert vendor_order.platform_funded_discount == Decimal("5000")

    mark_payment_captured(Payment.objects.get(order__vendor_orders=vendor_order).pk)

    entries = LedgerEntry.objects.filter(vendor_order=vendor_order)
    held = entries.filter(account=LedgerAccount.VENDOR_HELD).aggregate(s=Sum("amount"))["s"]
    platform = entries.filter(account=LedgerAccount.PLATFORM_COMMISSION).aggregate(s=Sum("amount"))[
        "s"
    ]
    # The vendor is paid as if the shopper had paid the platform's 5000 too.
    assert held == vendor_order.total + Decimal("5000") - vendor_order.commission
    assert platform == vendor_order.commission - Decimal("5000")
    assert held + platform == vendor_order.total  # still what the shopper paid


def test_voucher_checkout_query_count(gql):
    """Printed for the record: what a voucher adds to checkoutComplete (see test_query_count)."""
    client = gql.as_user(UserFactory())
    _, (a1, a2) = seller(variants=2)
    _, (b1, b2) = seller(variants=2, pkp=True)
    _voucher(usage_limit=100)
    checkout = ready_checkout(client, [(a1, 1), (a2, 2), (b1, 1), (b2, 3)])
    _apply(client, checkout["id"], "HEMAT30")
    clear_shipping_config()
    _quote_queries(from_global_id(checkout["id"])[1])  # loads the configuration and origins
    with CaptureQueriesContext(connection) as queries:
        result = complete(client, checkout["id"], key="q-voucher", query=COMPLETE_LEAN)
    assert result["errors"] == []
    print(f"\ncheckoutComplete with a voucher: {len(queries)} queries")
    # The plain budget plus 9 for the voucher: its row, the customer's uses, and redemption
    # (savepoint, lock, replay check, stale-row delete, insert, counter update, release).
    assert len(queries) <= CHECKOUT_OWN_BUDGET + 9, "\n".join(
        q["sql"][:150] for q in queries.captured_queries
    )


# --- races ------------------------------------------------------------------------------------


def _race_carts(lines_per_cart, *, voucher_code=""):
    from .test_concurrency import _carts

    carts = _carts(lines_per_cart)
    if voucher_code:
        Checkout.objects.filter(pk__in=[c.pk for c in carts]).update(voucher_code=voucher_code)
    return carts


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_fifty_shoppers_racing_for_a_vouchers_last_use_one_gets_it():
    from .test_concurrency import _complete_call

    _, variants = seller(price=Decimal("90000"), quantity=100, variants=10)
    voucher = _voucher(code="TERAKHIR", usage_limit=5, used_count=4)
    carts = _race_carts([[(variants[i % 10], 1)] for i in range(50)], voucher_code="TERAKHIR")

    outcomes = run_together([_complete_call(c, f"v-race-{i}") for i, c in enumerate(carts)])

    codes = [o[0] if isinstance(o, tuple) else repr(o) for o in outcomes]
    assert codes.count("OK") == 1, sorted(set(map(str, outcomes)))
    assert codes.count("VOUCHER_INVALID") == 49, sorted(set(map(str, outcomes)))
    voucher.refresh_from_db()
    assert voucher.used_count == 5
    assert VoucherRedemption.objects.filter(voucher=voucher).count() == 1
    # Nothing written for the 49: one order, one line, one allocated unit.
    assert Order.objects.count() == 1
    (order,) = Order.objects.all()
    assert order.discount_total == Decimal("30000")
    assert VendorOrderLine.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_flash_sale_of_ten_raced_by_thirty_sells_exactly_ten_at_the_flash_price():
    from .test_concurrency import _complete_call

    vendor, variant = seller(price=Decimal("120000"), quantity=100)
    flash = FlashSale.objects.create(
        **_running(
            variant=variant,
            vendor=vendor,
            name="Kilat",
            price=Decimal("60000"),
            quantity=10,
        )
    )
    carts = _race_carts([[(variant, 1)] for _ in range(30)])

    outcomes = run_together([_complete_call(c, f"f-race-{i}") for i, c in enumerate(carts)])

    codes = [o[0] if isinstance(o, tuple) else repr(o) for o in outcomes]
    assert codes.count("OK") == 10, sorted(set(map(str, outcomes)))
    assert codes.count("QUOTA_EXCEEDED") == 20, sorted(set(map(str, outcomes)))
    flash.refresh_from_db()
    assert flash.sold_count == 10
    lines = VendorOrderLine.objects.filter(variant=variant)
    assert lines.count() == 10
    assert set(lines.values_list("total", flat=True)) == {Decimal("60000")}
    assert Order.objects.count() == 10
