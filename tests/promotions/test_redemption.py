"""The services the checkout calls inside its transaction: validate, redeem, release."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError
from marketplace.promotions.engine import Customer
from marketplace.promotions.models import FlashSale, Sale, Voucher
from marketplace.promotions.selectors import collect_promotions, current_prices, price_cart
from marketplace.promotions.services.redemption import (
    VoucherInvalid,
    redeem_promotions,
    release_promotions,
    validate_voucher_for_checkout,
)
from tests.factories import CategoryFactory

from .conftest import make_shop

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def voucher(**kw):
    now = timezone.now()
    base = {
        "code": "HEMAT",
        "name": "Hemat",
        "type": "FIXED",
        "value": Decimal("20000"),
        "starts_at": now - HOUR,
        "ends_at": now + HOUR,
    }
    base.update(kw)
    return Voucher.objects.create(**base)


def lines_for(shop, quantity=1):
    return [collect_promotions(variant_ids=[shop.variant.pk]).line(shop.variant.pk, quantity)]


@pytest.mark.parametrize(
    "setup, reason, message",
    [
        ({"starts_at_offset": HOUR}, "NOT_STARTED", "belum berlaku"),
        ({"ends_at_offset": -HOUR / 2, "starts_at_offset": -HOUR}, "EXPIRED", "kedaluwarsa"),
        ({"usage_limit": 3, "used_count": 3}, "USED_UP", "habis"),
        ({"min_spend": Decimal("400000")}, "MIN_SPEND_NOT_MET", "minimum"),
        ({"other_vendor": True}, "NOT_APPLICABLE", "tidak berlaku"),
    ],
)
def test_a_voucher_that_does_not_apply_says_why(shop, other_shop, setup, reason, message):
    now = timezone.now()
    kw = {}
    if "starts_at_offset" in setup:
        kw["starts_at"] = now + setup["starts_at_offset"]
        kw["ends_at"] = now + setup.get("ends_at_offset", 2 * HOUR)
    for key in ("usage_limit", "used_count", "min_spend"):
        if key in setup:
            kw[key] = setup[key]
    if setup.get("other_vendor"):
        kw["vendor"] = other_shop.vendor
    voucher(**kw)
    with pytest.raises(VoucherInvalid) as caught:
        validate_voucher_for_checkout(
            "hemat", lines=lines_for(shop), customer=Customer("a@example.id")
        )
    assert caught.value.code == "VOUCHER_INVALID"
    assert caught.value.reason == reason
    assert message in caught.value.errors[0].message
    assert caught.value.field == "code"


def test_unknown_and_per_customer_limits(shop):
    with pytest.raises(VoucherInvalid) as caught:
        validate_voucher_for_checkout("TIDAKADA", lines=lines_for(shop), customer=None)
    assert caught.value.reason == "UNKNOWN"

    v = voucher(usage_limit_per_customer=1)
    cart = price_cart(
        lines=lines_for(shop), voucher_code="HEMAT", customer=Customer("Sari@Example.id")
    )
    redeem_promotions(order_ref="ORD-1", priced_cart=cart, customer=Customer("Sari@Example.id"))
    with pytest.raises(VoucherInvalid) as caught:
        validate_voucher_for_checkout(
            "hemat", lines=lines_for(shop), customer=Customer("sari@example.id")
        )
    assert caught.value.reason == "CUSTOMER_LIMIT"
    assert (
        validate_voucher_for_checkout(
            "hemat", lines=lines_for(shop), customer=Customer("b@example.id")
        )
        == v
    )


def test_redeem_is_idempotent_per_order_and_release_gives_everything_back(shop):
    v = voucher(usage_limit=5)
    now = timezone.now()
    flash = FlashSale.objects.create(
        variant=shop.variant,
        vendor=shop.vendor,
        price=Decimal("199000"),
        quantity=3,
        per_customer_limit=3,
        starts_at=now - HOUR,
        ends_at=now + HOUR,
    )
    customer = Customer("sari@example.id")
    cart = price_cart(lines=lines_for(shop, 3), voucher_code="HEMAT", customer=customer)
    assert cart.flash_sale_claims() == {flash.pk: (3, Decimal("199000"))}
    # 3 × 199.000 = 597.000; the voucher takes 20.000 more.
    assert cart.total == Decimal("577000")
    assert {d.kind for d in cart.all_discounts()} == {"FLASH_SALE", "VOUCHER"}

    redeem_promotions(order_ref="ORD-9", priced_cart=cart, customer=customer)
    redeem_promotions(order_ref="ORD-9", priced_cart=cart, customer=customer)  # a retry
    v.refresh_from_db()
    flash.refresh_from_db()
    assert (v.used_count, flash.sold_count) == (1, 3)
    # Sold out: the catalogue shows the list price again.
    assert current_prices([shop.variant.pk])[shop.variant.pk].current == Decimal("350000")

    assert release_promotions(order_ref="ORD-9") == 2
    assert release_promotions(order_ref="ORD-9") == 0
    v.refresh_from_db()
    flash.refresh_from_db()
    assert (v.used_count, flash.sold_count) == (0, 0)
    assert current_prices([shop.variant.pk])[shop.variant.pk].current == Decimal("199000")
    # The customer's allowance came back too.
    again = price_cart(lines=lines_for(shop, 3), customer=customer)
    assert again.flash_sale_claims() == {flash.pk: (3, Decimal("199000"))}


def test_a_cart_priced_before_the_flash_sale_sold_out_is_refused_and_nothing_is_kept(shop):
    now = timezone.now()
    flash = FlashSale.objects.create(
        variant=shop.variant,
        vendor=shop.vendor,
        price=Decimal("99000"),
        quantity=1,
        starts_at=now - HOUR,
        ends_at=now + HOUR,
    )
    v = voucher()
    stale = price_cart(
        lines=lines_for(shop), voucher_code="HEMAT", customer=Customer("a@example.id")
    )
    redeem_promotions(
        order_ref="ORD-A",
        priced_cart=price_cart(lines=lines_for(shop), customer=Customer("b@example.id")),
        customer=Customer("b@example.id"),
    )
    with pytest.raises(DomainError) as caught, transaction.atomic():
        redeem_promotions(order_ref="ORD-B", priced_cart=stale, customer=Customer("a@example.id"))
    assert caught.value.code == "QUOTA_EXCEEDED"
    v.refresh_from_db()
    flash.refresh_from_db()
    assert (v.used_count, flash.sold_count) == (0, 1)  # the voucher use was rolled back too


def test_sales_on_a_parent_category_reach_its_sub_categories_and_the_best_sale_wins(shop):
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    item = make_shop(price=Decimal("100000"), category=child)
    now = timezone.now()
    small = Sale.objects.create(
        name="Batik 10%",
        type="PERCENTAGE",
        value=Decimal("10"),
        starts_at=now - HOUR,
        ends_at=now + HOUR,
    )
    small.categories.set([parent])
    big = Sale.objects.create(
        name="Toko 15.000",
        type="FIXED",
        value=Decimal("15000"),
        vendor=item.vendor,
        funded_by="VENDOR",
        starts_at=now - HOUR,
        ends_at=now + HOUR,
    )
    Sale.objects.create(  # ended: ignored
        name="Lama",
        type="PERCENTAGE",
        value=Decimal("90"),
        starts_at=now - 2 * HOUR,
        ends_at=now - HOUR,
    )
    prices = current_prices([item.variant.pk, shop.variant.pk])
    assert prices[item.variant.pk].current == Decimal("85000")
    assert prices[item.variant.pk].promotion_label == big.name
    assert prices[shop.variant.pk].current == Decimal("350000")  # another category, no sale


def test_current_prices_takes_two_queries_whatever_the_number_of_variants(
    shop, django_assert_max_num_queries
):
    shops = [make_shop() for _ in range(5)]
    now = timezone.now()
    sale = Sale.objects.create(
        name="Semua",
        type="PERCENTAGE",
        value=Decimal("5"),
        starts_at=now - HOUR,
        ends_at=now + HOUR,
    )
    sale.products.set([s.product for s in shops])
    for s in shops[:2]:
        FlashSale.objects.create(
            variant=s.variant,
            vendor=s.vendor,
            price=Decimal("1000"),
            quantity=5,
            starts_at=now - HOUR,
            ends_at=now + HOUR,
        )
    with django_assert_max_num_queries(2):
        prices = current_prices([s.variant.pk for s in shops])
    assert [p.kind for p in (prices[s.variant.pk] for s in shops)] == ["FLASH_SALE"] * 2 + [
        "SALE"
    ] * 3
