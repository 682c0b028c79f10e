"""checkoutVoucherApply / checkoutVoucherRemove (shared/API.md) against the checkout model."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from marketplace.checkout.models import Checkout, CheckoutLine
from marketplace.promotions.models import Voucher

pytestmark = pytest.mark.django_db

APPLY = """
mutation($id: ID!, $code: String!) {
  checkoutVoucherApply(id: $id, code: $code) { checkout { id } errors { field code message } }
}"""
REMOVE = """
mutation($id: ID!) { checkoutVoucherRemove(id: $id) { checkout { id } errors { field code message } } }
"""


@pytest.fixture
def checkout(shop):
    checkout = Checkout.objects.create(email="sari@example.id")
    CheckoutLine.objects.create(checkout=checkout, variant=shop.variant, quantity=1)
    return checkout


def make_voucher(**kw):
    now = timezone.now()
    base = {
        "code": "BATIK25",
        "name": "Batik",
        "type": "FIXED",
        "value": Decimal("25000"),
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(hours=1),
    }
    base.update(kw)
    return Voucher.objects.create(**base)


def test_apply_stores_the_canonical_code_and_remove_clears_it(gql, checkout):
    make_voucher()
    gid = to_global_id("Checkout", checkout.pk)
    payload = gql.execute(APPLY, {"id": gid, "code": " batik25 "})["data"]["checkoutVoucherApply"]
    assert payload["errors"] == [] and payload["checkout"]["id"] == gid
    checkout.refresh_from_db()
    assert checkout.voucher_code == "BATIK25"
    assert gql.execute(REMOVE, {"id": gid})["data"]["checkoutVoucherRemove"]["errors"] == []
    checkout.refresh_from_db()
    assert checkout.voucher_code == ""


@pytest.mark.parametrize(
    "voucher_kw, code, message",
    [
        ({}, "TIDAKADA", "tidak dikenal"),
        ({"min_spend": Decimal("500000")}, "BATIK25", "minimum"),
        ({"usage_limit": 1, "used_count": 1}, "BATIK25", "habis"),
        ({"ends_at_delta": -1}, "BATIK25", "kedaluwarsa"),
    ],
)
def test_a_voucher_that_cannot_apply_is_refused_with_its_reason_and_nothing_changes(
    gql, checkout, voucher_kw, code, message
):
    if voucher_kw.pop("ends_at_delta", None):
        now = timezone.now()
        voucher_kw.update(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    make_voucher(**voucher_kw)
    payload = gql.execute(APPLY, {"id": to_global_id("Checkout", checkout.pk), "code": code})
    errors = payload["data"]["checkoutVoucherApply"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("code", "VOUCHER_INVALID")]
    assert message in errors[0]["message"]
    checkout.refresh_from_db()
    assert checkout.voucher_code == ""


def test_someone_elses_checkout_is_not_found(gql, shop, shopper):
    owned = Checkout.objects.create(email="x@example.id", user=shopper)
    CheckoutLine.objects.create(checkout=owned, variant=shop.variant, quantity=1)
    make_voucher()
    payload = gql.execute(APPLY, {"id": to_global_id("Checkout", owned.pk), "code": "BATIK25"})
    assert payload["data"]["checkoutVoucherApply"]["errors"][0]["code"] == "NOT_FOUND"


def test_price_checkout_promotions_gives_the_checkout_its_breakdown(checkout, shop, other_shop):
    from marketplace.promotions.models import FreeShippingPromotion, Sale
    from marketplace.promotions.services.checkout_vouchers import price_checkout_promotions

    now = timezone.now()
    CheckoutLine.objects.create(checkout=checkout, variant=other_shop.variant, quantity=2)
    sale = Sale.objects.create(
        name="Diskon toko",
        type="PERCENTAGE",
        value=Decimal("10"),
        vendor=shop.vendor,
        funded_by="VENDOR",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    FreeShippingPromotion.objects.create(
        name="Ongkir",
        threshold=Decimal("200000"),
        max_discount=Decimal("10000"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    make_voucher(value=Decimal("30000"))
    checkout.voucher_code = "BATIK25"
    checkout.save()
    lines = list(checkout.lines.order_by("pk"))
    priced = price_checkout_promotions(
        checkout,
        lines=lines,
        shipping_by_group={shop.vendor.pk: Decimal("18000"), other_shop.vendor.pk: Decimal("9000")},
    )
    assert [p.line.line_id for p in priced.lines] == [line.pk for line in lines]
    first, second = priced.lines
    assert first.discounts[0].kind == "SALE" and first.discounts[0].promotion_id == sale.pk
    # Goods after the sale: 315.000 + 240.000; the voucher's 30.000 is spread 17.027 / 12.973.
    assert [d.amount for d in first.discounts] == [Decimal("35000"), Decimal("17027")]
    assert [d.amount for d in second.discounts] == [Decimal("12973")]
    # Free shipping: both groups reach 200.000 of goods; 10.000 off each (9.000 for the second).
    assert priced.shipping_discount_total == Decimal("19000")
    # 350.000 + 2 × 120.000 of goods, 27.000 of shipping, minus every discount.
    assert priced.subtotal == Decimal("590000")
    assert priced.total == Decimal("590000") + Decimal("27000") - Decimal("35000") - Decimal(
        "30000"
    ) - Decimal("19000")
