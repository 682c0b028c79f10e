"""Property tests of the pricing engine (pure: no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.promotions import engine

NOW = datetime(2026, 12, 12, 5, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

prices = st.integers(min_value=1, max_value=5_000_000).map(Decimal)
percent = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
funding = st.sampled_from([engine.PLATFORM, engine.VENDOR])


@st.composite
def carts(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    lines = []
    for i in range(n):
        vendor = draw(st.integers(1, 3))
        lines.append(
            engine.PricingLine(
                variant_id=draw(st.integers(1, 8)),
                product_id=draw(st.integers(1, 5)),
                vendor_id=vendor,
                category_ids=frozenset(draw(st.sets(st.integers(1, 4), max_size=2))),
                quantity=draw(st.integers(1, 20)),
                list_unit_price=draw(prices),
                line_id=i,
                shipping_group=draw(st.sampled_from([None, engine.HUB_GROUP])),
            )
        )
    return lines


@st.composite
def scopes(draw):
    return engine.Scope(
        vendor_id=draw(st.one_of(st.none(), st.integers(1, 3))),
        category_ids=frozenset(draw(st.sets(st.integers(1, 4), max_size=2))),
        product_ids=frozenset(draw(st.sets(st.integers(1, 5), max_size=2))),
    )


@st.composite
def sales(draw):
    out = []
    for i in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from([engine.PERCENTAGE, engine.FIXED]))
        value = draw(percent) if kind == engine.PERCENTAGE else draw(prices)
        out.append(
            engine.SaleRule(
                id=i + 1,
                name=f"Sale {i}",
                type=kind,
                value=value,
                scope=draw(scopes()),
                funded_by=draw(funding),
                starts_at=NOW - HOUR * draw(st.integers(-1, 2)),
                ends_at=NOW + HOUR * draw(st.integers(-1, 2)),
            )
        )
    return out


@st.composite
def flash_sales(draw):
    return [
        engine.FlashSaleRule(
            id=100 + i,
            variant_id=draw(st.integers(1, 8)),
            price=draw(prices),
            remaining=draw(st.integers(0, 15)),
            per_customer_limit=draw(st.one_of(st.none(), st.integers(1, 5))),
            funded_by=draw(funding),
            starts_at=NOW - HOUR,
            ends_at=NOW + HOUR * draw(st.integers(-1, 2)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]


@st.composite
def vouchers(draw):
    if draw(st.booleans()):
        return None
    kind = draw(st.sampled_from([engine.PERCENTAGE, engine.FIXED, engine.FREE_SHIPPING_TYPE]))
    value = draw(percent) if kind == engine.PERCENTAGE else draw(prices)
    return engine.VoucherRule(
        id=7,
        code="HARBOLNAS",
        type=kind,
        value=value,
        scope=draw(scopes()),
        funded_by=draw(funding),
        min_spend=draw(st.integers(0, 2_000_000).map(Decimal)),
        max_discount=draw(st.one_of(st.none(), prices)),
        usage_limit=draw(st.one_of(st.none(), st.integers(1, 3))),
        used_count=draw(st.integers(0, 3)),
        starts_at=NOW - HOUR * draw(st.integers(-1, 2)),
        ends_at=draw(st.one_of(st.none(), st.just(NOW + HOUR), st.just(NOW))),
    )


@st.composite
def free_shipping(draw):
    return [
        engine.FreeShippingRule(
            id=200 + i,
            name="Gratis Ongkir",
            threshold=draw(st.integers(0, 1_000_000).map(Decimal)),
            funded_by=draw(funding),
            max_discount=draw(st.one_of(st.none(), prices)),
            vendor_id=draw(st.one_of(st.none(), st.integers(1, 3))),
            scope=draw(st.sampled_from(["ALL", "VENDOR_GROUPS", "HUB"])),
            starts_at=NOW - HOUR,
            ends_at=NOW + HOUR,
        )
        for i in range(draw(st.integers(0, 2)))
    ]


def shipping_for(lines, draw_amounts):
    keys = {line.group_key for line in lines}
    return {key: Decimal(draw_amounts) for key in keys}


@settings(max_examples=300, deadline=None)
@given(
    lines=carts(),
    sale_rules=sales(),
    flash=flash_sales(),
    voucher=vouchers(),
    free=free_shipping(),
    shipping=st.integers(0, 200_000),
    used=st.integers(0, 4),
)
def test_the_engine_keeps_its_invariants(lines, sale_rules, flash, voucher, free, shipping, used):
    usage = engine.CustomerUsage(
        voucher_uses={7: used}, flash_sale_units={f.id: used for f in flash}
    )
    kwargs = {
        "sales": sale_rules,
        "flash_sales": flash,
        "voucher": voucher,
        "shipping_by_group": shipping_for(lines, shipping),
        "free_shipping": free,
        "customer_usage": usage,
        "now": NOW,
    }
    cart = engine.price_lines(lines, **kwargs)

    # Deterministic: the same input gives the same output.
    assert engine.price_lines(lines, **kwargs) == cart

    for priced in cart.lines:
        line = priced.line
        assert priced.undiscounted_total == line.list_unit_price * line.quantity
        # Never negative, never above list price.
        assert Decimal(0) <= priced.total <= priced.undiscounted_total
        # Every amount is whole Rupiah and positive.
        for d in priced.discounts:
            assert d.amount > 0 and d.amount == d.amount.to_integral_value()
            assert d.funded_by in (engine.PLATFORM, engine.VENDOR)
        # A line's sale/flash units never exceed its quantity; per unit rounding is consistent.
        priced_units = sum(d.quantity for d in priced.discounts if d.kind != engine.VOUCHER)
        assert priced_units <= line.quantity
        for d in priced.discounts:
            if d.kind in (engine.SALE, engine.FLASH_SALE):
                assert d.amount % d.quantity == 0  # the same whole-Rupiah discount on each unit

    for group in cart.shipping_groups:
        assert Decimal(0) <= group.total <= group.undiscounted_total

    # The breakdown adds up to the totals.
    assert sum(d.amount for d in cart.all_discounts()) == cart.discount_total
    assert cart.total == cart.subtotal - cart.item_discount_total + cart.shipping_total - (
        cart.shipping_discount_total
    )
    assert cart.total >= 0
    assert cart.total == cart.total.to_integral_value()

    # Flash-sale units never exceed the quota left nor the customer's allowance.
    claims = cart.flash_sale_claims()
    for f in flash:
        units = claims.get(f.id, (0, None))[0]
        assert units <= f.remaining
        if f.per_customer_limit is not None:
            assert units <= max(f.per_customer_limit - used, 0)

    # A voucher that applied gave a discount within its caps; one that did not says why.
    if voucher is not None and cart.voucher_applied and voucher.max_discount is not None:
        assert cart.voucher_discount_total <= voucher.max_discount
    if voucher is not None and not cart.voucher_applied:
        assert cart.voucher_rejection in engine.VOUCHER_REJECTIONS
        assert cart.voucher_discount_total == 0

    # Funding by vendor adds up to the whole discount.
    funding_total = sum(sum(bucket.values()) for bucket in cart.funding_by_vendor().values())
    assert funding_total == cart.discount_total


@given(
    amount=st.integers(0, 10_000_000),
    weights=st.lists(st.integers(1, 10_000_000), min_size=1, max_size=8),
)
def test_largest_remainder_shares_are_whole_and_exact(amount, weights):
    weights = [Decimal(w) for w in weights]
    amount = min(Decimal(amount), sum(weights))
    shares = engine.allocate(amount, weights)
    assert sum(shares) == amount
    assert all(
        s == s.to_integral_value() and 0 <= s <= w for s, w in zip(shares, weights, strict=True)
    )


def line(**kw):
    base = {
        "variant_id": 1,
        "product_id": 1,
        "vendor_id": 1,
        "category_ids": frozenset({1}),
        "quantity": 1,
        "list_unit_price": Decimal("100000"),
    }
    base.update(kw)
    return engine.PricingLine(**base)


def test_percentage_sale_rounds_half_up_per_unit():
    sale = engine.SaleRule(
        1, "Diskon", engine.PERCENTAGE, Decimal("12.5"), engine.Scope(), engine.VENDOR
    )
    cart = engine.price_lines(
        [line(list_unit_price=Decimal("999"), quantity=3)], sales=[sale], now=NOW
    )
    # 12.5% of 999 = 124.875 → 125 per unit, 375 for three.
    assert cart.lines[0].discounts[0].amount == Decimal("375")
    assert cart.total == Decimal("2622")


def test_flash_price_applies_to_the_quota_left_and_the_rest_falls_back_to_the_sale():
    sale = engine.SaleRule(
        1, "Diskon", engine.PERCENTAGE, Decimal("10"), engine.Scope(), engine.VENDOR
    )
    flash = engine.FlashSaleRule(
        9, 1, Decimal("50000"), 2, None, engine.VENDOR, NOW - HOUR, NOW + HOUR
    )
    cart = engine.price_lines([line(quantity=5)], sales=[sale], flash_sales=[flash], now=NOW)
    kinds = {d.kind: d for d in cart.lines[0].discounts}
    assert kinds[engine.FLASH_SALE].amount == Decimal("100000")  # 2 × 50.000 off
    assert kinds[engine.SALE].amount == Decimal("30000")  # 3 × 10.000 off
    assert cart.total == Decimal("370000")


def test_voucher_applies_after_sales_and_is_spread_exactly():
    sale = engine.SaleRule(
        1,
        "Diskon",
        engine.FIXED,
        Decimal("10000"),
        engine.Scope(product_ids=frozenset({1})),
        engine.VENDOR,
    )
    voucher = engine.VoucherRule(
        7,
        "BATIK10",
        engine.PERCENTAGE,
        Decimal("10"),
        engine.Scope(),
        engine.PLATFORM,
        min_spend=Decimal("150000"),
        max_discount=Decimal("15000"),
    )
    lines = [
        line(line_id="a"),
        line(line_id="b", variant_id=2, product_id=2, list_unit_price=Decimal("70001")),
    ]
    cart = engine.price_lines(lines, sales=[sale], voucher=voucher, now=NOW)
    # After the sale: 90.000 + 70.001 = 160.001 ≥ 150.000; 10% = 16.000 (rounded) capped at 15.000.
    assert cart.voucher_applied
    assert cart.voucher_discount_total == Decimal("15000")
    shares = [d.amount for pl in cart.lines for d in pl.discounts if d.kind == engine.VOUCHER]
    assert sum(shares) == Decimal("15000")
    assert cart.total == Decimal("145001")


def test_voucher_reports_why_it_does_not_apply():
    def rule(**kw):
        base = {
            "id": 7,
            "code": "X",
            "type": engine.FIXED,
            "value": Decimal("5000"),
            "scope": engine.Scope(),
            "funded_by": engine.PLATFORM,
        }
        base.update(kw)
        return engine.VoucherRule(**base)

    lines = [line()]
    cases = {
        "NOT_STARTED": rule(starts_at=NOW + HOUR),
        "EXPIRED": rule(ends_at=NOW),
        "USED_UP": rule(usage_limit=5, used_count=5),
        "MIN_SPEND_NOT_MET": rule(min_spend=Decimal("100001")),
        "NOT_APPLICABLE": rule(scope=engine.Scope(vendor_id=2)),
    }
    for reason, voucher in cases.items():
        cart = engine.price_lines(lines, voucher=voucher, now=NOW)
        assert (cart.voucher_applied, cart.voucher_rejection) == (False, reason)
        assert cart.total == Decimal("100000")


def test_free_shipping_promotion_then_free_shipping_voucher_on_what_is_left():
    promo = engine.FreeShippingRule(
        1, "Ongkir hemat", Decimal("50000"), engine.PLATFORM, max_discount=Decimal("10000")
    )
    voucher = engine.VoucherRule(
        7,
        "ONGKIR",
        engine.FREE_SHIPPING_TYPE,
        Decimal("0"),
        engine.Scope(vendor_id=1),
        engine.VENDOR,
    )
    lines = [line(), line(variant_id=2, product_id=2, vendor_id=2)]
    cart = engine.price_lines(
        lines,
        voucher=voucher,
        free_shipping=[promo],
        shipping_by_group={1: Decimal("18000"), 2: Decimal("9000")},
        now=NOW,
    )
    groups = {g.key: g for g in cart.shipping_groups}
    assert groups[1].total == 0  # 10.000 by the promotion, 8.000 by the voucher
    assert groups[2].total == 0  # 9.000 by the promotion (under its cap); the voucher is vendor 1's
    assert cart.shipping_discount_total == Decimal("27000")
    funding = cart.funding_by_vendor()
    assert funding[1] == {engine.PLATFORM: Decimal("10000"), engine.VENDOR: Decimal("8000")}
    assert funding[2] == {engine.PLATFORM: Decimal("9000"), engine.VENDOR: Decimal("0")}
