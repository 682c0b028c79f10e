"""Quotas hold under concurrency: real threads, separate PostgreSQL connections, one barrier.

Each thread does what the checkout does inside its transaction: price the cart with what is
running now, then redeem the promotions it used.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError
from marketplace.promotions.engine import Customer
from marketplace.promotions.models import FlashSale, FlashSaleRedemption, Voucher, VoucherRedemption
from marketplace.promotions.selectors import collect_promotions, price_cart
from marketplace.promotions.services.redemption import redeem_promotions

from .conftest import make_shop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _checkout(*, variant_id: int, quantity: int, email: str, order_ref: str, voucher_code=None):
    """One shopper's checkout, in its own connection and transaction: (outcome, priced cart)."""
    try:
        with transaction.atomic():
            now = timezone.now()
            context = collect_promotions(variant_ids=[variant_id], now=now)
            cart = price_cart(
                lines=[context.line(variant_id, quantity)],
                voucher_code=voucher_code,
                customer=Customer(email),
                context=context,
                now=now,
            )
            if voucher_code and not cart.voucher_applied:
                return cart.voucher_rejection, cart
            redeem_promotions(
                order_ref=order_ref, priced_cart=cart, customer=Customer(email), now=now
            )
            return "OK", cart
    except DomainError as exc:
        return exc.code, None
    finally:
        connection.close()


def test_the_last_use_of_a_voucher_raced_by_50_shoppers_is_redeemed_exactly_once():
    shop = make_shop()
    now = timezone.now()
    voucher = Voucher.objects.create(
        code="HARBOLNAS",
        name="Harbolnas 12.12",
        type="FIXED",
        value=Decimal("25000"),
        usage_limit=10,
        used_count=9,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    shoppers = 50
    barrier = threading.Barrier(shoppers)

    def attempt(i: int):
        barrier.wait()
        return _checkout(
            variant_id=shop.variant.pk,
            quantity=1,
            email=f"pembeli{i}@example.id",
            order_ref=f"ORD-V-{i}",
            voucher_code="harbolnas",
        )

    with ThreadPoolExecutor(max_workers=shoppers) as pool:
        outcomes = [code for code, _cart in pool.map(attempt, range(shoppers))]

    assert outcomes.count("OK") == 1
    # Everyone else is told the voucher is used up (at pricing or at redemption).
    assert set(outcomes) - {"OK"} <= {"VOUCHER_INVALID", "USED_UP"}
    voucher.refresh_from_db()
    assert voucher.used_count == 10
    assert VoucherRedemption.objects.filter(voucher=voucher).count() == 1


def test_a_flash_sale_of_100_raced_by_300_checkouts_sells_exactly_100_at_the_flash_price():
    shop = make_shop(price=Decimal("350000"), stock=1000)
    now = timezone.now()
    flash = FlashSale.objects.create(
        variant=shop.variant,
        vendor=shop.vendor,
        name="Flash Sale 12.12",
        price=Decimal("99000"),
        quantity=100,
        per_customer_limit=1,
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
    )
    checkouts = 300
    workers = 30  # PostgreSQL allows 100 connections for the whole machine
    barrier = threading.Barrier(workers)
    started = threading.local()

    def attempt(i: int):
        if not getattr(started, "done", False):
            started.done = True
            barrier.wait()
        return _checkout(
            variant_id=shop.variant.pk,
            quantity=1,
            email=f"pembeli{i}@example.id",
            order_ref=f"ORD-F-{i}",
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(attempt, range(checkouts)))

    sold_at_flash = [
        cart for code, cart in results if code == "OK" and cart.flash_sale_claims().get(flash.pk)
    ]
    assert len(sold_at_flash) == 100
    # The rest either lost the race (QUOTA_EXCEEDED) or, once sold out, were priced at list price.
    for code, cart in results:
        if code == "OK" and not cart.flash_sale_claims():
            assert cart.total == Decimal("350000")
        else:
            assert code in ("OK", "QUOTA_EXCEEDED")
    flash.refresh_from_db()
    assert flash.sold_count == 100
    redemptions = FlashSaleRedemption.objects.filter(flash_sale=flash)
    assert redemptions.count() == 100
    assert set(redemptions.values_list("unit_price", flat=True)) == {Decimal("99000")}


def test_one_shopper_racing_their_own_checkouts_cannot_pass_the_per_customer_limit():
    shop = make_shop(stock=100)
    now = timezone.now()
    flash = FlashSale.objects.create(
        variant=shop.variant,
        vendor=shop.vendor,
        price=Decimal("99000"),
        quantity=50,
        per_customer_limit=2,
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
    )
    tabs = 10
    barrier = threading.Barrier(tabs)

    def attempt(i: int):
        barrier.wait()
        return _checkout(
            variant_id=shop.variant.pk, quantity=1, email="Sari@Example.id", order_ref=f"ORD-T-{i}"
        )

    with ThreadPoolExecutor(max_workers=tabs) as pool:
        results = list(pool.map(attempt, range(tabs)))
    at_flash = [c for code, c in results if code == "OK" and c.flash_sale_claims()]
    assert len(at_flash) == 2
    flash.refresh_from_db()
    assert flash.sold_count == 2
