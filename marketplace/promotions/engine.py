"""The pricing engine: one deterministic, pure function from a cart to priced lines.

`price_lines(lines, *, sales, flash_sales, voucher, shipping_by_group, free_shipping,
customer_usage, now)` reads no database and no clock; the same input always gives the same
output, so the checkout, the order and the tests all see the same figures. Every discount is a
`Discount` row in the breakdown of a line (or of a shipping group), saying what it is
(`SALE`, `FLASH_SALE`, `VOUCHER`, `FREE_SHIPPING`), which promotion gave it, how much, and who pays
for it (`PLATFORM` or `VENDOR`).

Rules (the order in which they apply is the order below):

1. **Flash sale beats sale while quota remains.** For a line whose variant has a running flash
   sale with quota left (`remaining`) and allowance left for this customer (`per_customer_limit`
   minus what the customer already holds), up to that many units are priced at the flash price;
   the flash sale is used only when its price is lower than the best sale price (a shopper never
   pays more because of a flash sale). Units beyond the quota fall back to the sale or list price.
   With several flash sales on one variant, the lowest price wins (ties: lowest id).
2. **Best sale per unit.** Of the running sales that match the line (product, category or one of
   its ancestors, vendor, or a marketplace-wide sale), the one with the largest unit discount wins
   (ties: lowest id). Sales never stack with each other. Percentages are rounded per unit, half
   up, to whole Rupiah; a fixed sale never takes a unit below zero.
3. **One voucher, after sales**, on the already discounted prices of the lines it applies to
   (its scope). `min_spend` is compared with that eligible subtotal. A percentage is rounded half
   up on the eligible subtotal, then capped by `max_discount`; a fixed amount is capped by the
   eligible subtotal (and by `max_discount`). The voucher discount is spread over the eligible
   lines in proportion to their totals by the largest-remainder method (ties: earlier line), so the
   line shares are whole Rupiah and add up exactly to the voucher discount.
4. **Shipping.** A free-shipping promotion applies to a shipment group (one vendor's group, or
   the consolidated hub shipment) whose goods subtotal after sales and before the voucher reaches
   its threshold; the best one (largest discount; ties: lowest id) reduces the group's shipping,
   up to its `max_discount`. A FREE_SHIPPING voucher then reduces what is left of the shipping of
   the groups holding eligible lines, in group order, up to the voucher's `max_discount`.

Invariants (property-tested in tests/promotions/test_engine_properties.py): no unit price or line
total below zero or above list price; every line's discounts add up to its discount; the cart's
`discount_total` is the sum of every breakdown row; `total = subtotal − item discounts + shipping −
shipping discounts`, never negative; all amounts are whole Rupiah.

Funding, for the ledger: each `Discount` carries `funded_by`; `PricedCart.funding_by_vendor()`
sums vendor-funded and platform-funded discounts per vendor (shipping discounts are attributed to
the vendors of the group in proportion to their goods). A vendor-funded discount lowers the
vendor's earnings; a platform-funded one is paid to the vendor by the platform out of its
commission (the vendor is paid as if the shopper had paid that amount).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")

SALE = "SALE"
FLASH_SALE = "FLASH_SALE"
VOUCHER = "VOUCHER"
FREE_SHIPPING = "FREE_SHIPPING"

PLATFORM = "PLATFORM"
VENDOR = "VENDOR"

PERCENTAGE = "PERCENTAGE"
FIXED = "FIXED"
FREE_SHIPPING_TYPE = "FREE_SHIPPING"

HUB_GROUP = "hub"


def rupiah(amount: Decimal | int) -> Decimal:
    """Whole Rupiah, half up."""
    return Decimal(amount).quantize(ONE, rounding=ROUND_HALF_UP)


def _is_running(starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> bool:
    return (starts_at is None or starts_at <= now) and (ends_at is None or now < ends_at)


# --- input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PricingLine:
    """One cart line. `shipping_group` is the key of its shipment group in `shipping_by_group`
    (the vendor id by default; `"hub"` for lines consolidated at the gallery hub)."""

    variant_id: int
    product_id: int
    vendor_id: int
    category_ids: frozenset[int]
    quantity: int
    list_unit_price: Decimal
    line_id: Hashable | None = None
    shipping_group: Hashable | None = None

    @property
    def group_key(self) -> Hashable:
        return self.vendor_id if self.shipping_group is None else self.shipping_group


@dataclass(frozen=True)
class Scope:
    """Which lines a promotion applies to; empty everywhere = the whole marketplace. A line must
    match each dimension that is set (vendor AND category AND product)."""

    vendor_id: int | None = None
    category_ids: frozenset[int] = frozenset()
    product_ids: frozenset[int] = frozenset()

    def matches(self, line: PricingLine) -> bool:
        if self.vendor_id is not None and line.vendor_id != self.vendor_id:
            return False
        if self.category_ids and not (self.category_ids & line.category_ids):
            return False
        return not (self.product_ids and line.product_id not in self.product_ids)


@dataclass(frozen=True)
class SaleRule:
    id: int
    name: str
    type: str  # PERCENTAGE | FIXED
    value: Decimal
    scope: Scope
    funded_by: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    def unit_discount(self, unit_price: Decimal) -> Decimal:
        if self.type == PERCENTAGE:
            amount = rupiah(unit_price * min(self.value, HUNDRED) / HUNDRED)
        else:
            amount = rupiah(self.value)
        return max(min(amount, unit_price), ZERO)


@dataclass(frozen=True)
class FlashSaleRule:
    id: int
    variant_id: int
    price: Decimal
    remaining: int
    per_customer_limit: int | None
    funded_by: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    name: str = ""


@dataclass(frozen=True)
class VoucherRule:
    id: int
    code: str
    type: str  # PERCENTAGE | FIXED | FREE_SHIPPING
    value: Decimal
    scope: Scope
    funded_by: str
    min_spend: Decimal = ZERO
    max_discount: Decimal | None = None
    usage_limit: int | None = None
    used_count: int = 0
    usage_limit_per_customer: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class FreeShippingRule:
    id: int
    name: str
    threshold: Decimal
    funded_by: str
    max_discount: Decimal | None = None
    vendor_id: int | None = None
    scope: str = "ALL"  # ALL | VENDOR_GROUPS | HUB
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    def matches_group(self, key: Hashable, vendor_ids: set[int]) -> bool:
        is_hub = key == HUB_GROUP
        if self.scope == "HUB" and not is_hub:
            return False
        if self.scope == "VENDOR_GROUPS" and is_hub:
            return False
        return not (self.vendor_id is not None and vendor_ids != {self.vendor_id})


@dataclass(frozen=True)
class Customer:
    """Who is buying. Limits per customer count by the lower-cased email (every checkout has one,
    and a guest cannot dodge a limit by not logging in)."""

    email: str
    user_id: int | None = None

    @property
    def key(self) -> str:
        return (self.email or "").strip().lower()


@dataclass(frozen=True)
class CustomerUsage:
    """What this customer already holds: voucher uses by voucher id, flash-sale units by id."""

    voucher_uses: Mapping[int, int] = field(default_factory=dict)
    flash_sale_units: Mapping[int, int] = field(default_factory=dict)


# --- output -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discount:
    kind: str  # SALE | FLASH_SALE | VOUCHER | FREE_SHIPPING
    promotion_id: int
    amount: Decimal
    funded_by: str
    label: str = ""
    quantity: int = 0  # units priced by this promotion (sales and flash sales)


@dataclass(frozen=True)
class PricedLine:
    line: PricingLine
    undiscounted_total: Decimal
    discounts: tuple[Discount, ...]

    @property
    def discount_total(self) -> Decimal:
        return sum((d.amount for d in self.discounts), ZERO)

    @property
    def total(self) -> Decimal:
        return self.undiscounted_total - self.discount_total

    @property
    def total_before_voucher(self) -> Decimal:
        return self.undiscounted_total - sum(
            (d.amount for d in self.discounts if d.kind != VOUCHER), ZERO
        )

    @property
    def flash_sale_units(self) -> tuple[int, int, Decimal] | None:
        """(flash sale id, units, unit price) when part of the line is at a flash price."""
        for d in self.discounts:
            if d.kind == FLASH_SALE:
                unit_discount = d.amount / d.quantity
                return d.promotion_id, d.quantity, self.line.list_unit_price - unit_discount
        return None


@dataclass(frozen=True)
class PricedShippingGroup:
    key: Hashable
    vendor_ids: tuple[int, ...]
    undiscounted_total: Decimal
    discounts: tuple[Discount, ...]

    @property
    def discount_total(self) -> Decimal:
        return sum((d.amount for d in self.discounts), ZERO)

    @property
    def total(self) -> Decimal:
        return self.undiscounted_total - self.discount_total


# Why a voucher did not apply; the messages are what the shopper reads.
VOUCHER_REJECTIONS = {
    "UNKNOWN": "Kode voucher tidak dikenal.",
    "NOT_STARTED": "Voucher belum berlaku.",
    "EXPIRED": "Voucher sudah kedaluwarsa.",
    "USED_UP": "Kuota voucher sudah habis.",
    "CUSTOMER_LIMIT": "Anda sudah memakai voucher ini sebanyak batas yang diizinkan.",
    "NOT_APPLICABLE": "Voucher tidak berlaku untuk produk di keranjang ini.",
    "MIN_SPEND_NOT_MET": "Belanja minimum untuk voucher ini belum tercapai.",
}


@dataclass(frozen=True)
class PricedCart:
    lines: tuple[PricedLine, ...]
    shipping_groups: tuple[PricedShippingGroup, ...]
    voucher: VoucherRule | None = None
    voucher_applied: bool = False
    voucher_rejection: str | None = None  # a key of VOUCHER_REJECTIONS

    @property
    def subtotal(self) -> Decimal:
        """Goods at list price."""
        return sum((pl.undiscounted_total for pl in self.lines), ZERO)

    @property
    def item_discount_total(self) -> Decimal:
        return sum((pl.discount_total for pl in self.lines), ZERO)

    @property
    def shipping_total(self) -> Decimal:
        """Shipping before discounts."""
        return sum((g.undiscounted_total for g in self.shipping_groups), ZERO)

    @property
    def shipping_discount_total(self) -> Decimal:
        return sum((g.discount_total for g in self.shipping_groups), ZERO)

    @property
    def discount_total(self) -> Decimal:
        return self.item_discount_total + self.shipping_discount_total

    @property
    def total(self) -> Decimal:
        return (
            self.subtotal
            - self.item_discount_total
            + self.shipping_total
            - self.shipping_discount_total
        )

    @property
    def voucher_discount_total(self) -> Decimal:
        return sum((d.amount for d in self.all_discounts() if d.kind == VOUCHER), ZERO)

    @property
    def voucher_rejection_message(self) -> str | None:
        return VOUCHER_REJECTIONS.get(self.voucher_rejection or "")

    def all_discounts(self) -> list[Discount]:
        rows = [d for pl in self.lines for d in pl.discounts]
        rows += [d for g in self.shipping_groups for d in g.discounts]
        return rows

    def flash_sale_claims(self) -> dict[int, tuple[int, Decimal]]:
        """flash sale id → (units, unit price) the cart claims; what redemption must secure."""
        claims: dict[int, tuple[int, Decimal]] = {}
        for pl in self.lines:
            found = pl.flash_sale_units
            if found:
                fid, units, price = found
                prev = claims.get(fid, (0, price))[0]
                claims[fid] = (prev + units, price)
        return claims

    def funding_by_vendor(self) -> dict[int, dict[str, Decimal]]:
        """vendor id → {"PLATFORM": amount, "VENDOR": amount} of every discount on its goods and
        shipping (shipping discounts split over the group's vendors by goods value)."""
        out: dict[int, dict[str, Decimal]] = {}

        def add(vendor_id: int, funded_by: str, amount: Decimal) -> None:
            bucket = out.setdefault(vendor_id, {PLATFORM: ZERO, VENDOR: ZERO})
            bucket[funded_by] += amount

        goods_by_group: dict[Hashable, dict[int, Decimal]] = {}
        for pl in self.lines:
            for d in pl.discounts:
                add(pl.line.vendor_id, d.funded_by, d.amount)
            by_vendor = goods_by_group.setdefault(pl.line.group_key, {})
            by_vendor[pl.line.vendor_id] = by_vendor.get(pl.line.vendor_id, ZERO) + pl.total
        for group in self.shipping_groups:
            weights = goods_by_group.get(group.key) or dict.fromkeys(group.vendor_ids, ONE)
            vendors = sorted(weights)
            for d in group.discounts:
                shares = allocate(d.amount, [weights[v] for v in vendors])
                for vendor_id, share in zip(vendors, shares, strict=True):
                    add(vendor_id, d.funded_by, share)
        return out


# --- the function -----------------------------------------------------------------------------


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split whole-Rupiah `amount` over `weights` by largest remainder; shares add up exactly,
    no share exceeds its weight when amount ≤ Σ weights. Ties go to the earlier weight."""
    amount = Decimal(amount)
    total = sum(weights, ZERO)
    if not weights:
        return []
    if total <= 0:
        shares = [ZERO] * len(weights)
        shares[0] = amount
        return shares
    raw = [amount * w / total for w in weights]
    floors = [r.to_integral_value(rounding=ROUND_FLOOR) for r in raw]
    left = int(amount - sum(floors, ZERO))
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _best_flash(line: PricingLine, flash_sales: Iterable[FlashSaleRule], now: datetime):
    candidates = [
        f
        for f in flash_sales
        if f.variant_id == line.variant_id
        and f.remaining > 0
        and _is_running(f.starts_at, f.ends_at, now)
        and f.price < line.list_unit_price
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (f.price, f.id))


def _best_sale(line: PricingLine, sales: Iterable[SaleRule], now: datetime):
    best, best_amount = None, ZERO
    for sale in sorted(sales, key=lambda s: s.id):
        if not _is_running(sale.starts_at, sale.ends_at, now) or not sale.scope.matches(line):
            continue
        amount = sale.unit_discount(line.list_unit_price)
        if amount > best_amount:
            best, best_amount = sale, amount
    return best, best_amount


def _price_line(
    line: PricingLine,
    *,
    sales: Sequence[SaleRule],
    flash_sales: Sequence[FlashSaleRule],
    flash_left: dict[int, int],
    now: datetime,
) -> list[Discount]:
    discounts: list[Discount] = []
    quantity = max(line.quantity, 0)
    sale, sale_unit = _best_sale(line, sales, now)
    flash = _best_flash(line, flash_sales, now)
    flash_units = 0
    if flash is not None and line.list_unit_price - flash.price > sale_unit:
        flash_units = min(quantity, flash_left.get(flash.id, 0))
        if flash_units > 0:
            flash_left[flash.id] -= flash_units
            discounts.append(
                Discount(
                    FLASH_SALE,
                    flash.id,
                    (line.list_unit_price - flash.price) * flash_units,
                    flash.funded_by,
                    flash.name,
                    flash_units,
                )
            )
    rest = quantity - flash_units
    if sale is not None and rest > 0 and sale_unit > 0:
        discounts.append(Discount(SALE, sale.id, sale_unit * rest, sale.funded_by, sale.name, rest))
    return discounts


def _voucher_rejection(voucher: VoucherRule, usage: CustomerUsage, now: datetime) -> str | None:
    if voucher.starts_at is not None and now < voucher.starts_at:
        return "NOT_STARTED"
    if voucher.ends_at is not None and now >= voucher.ends_at:
        return "EXPIRED"
    if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
        return "USED_UP"
    if (
        voucher.usage_limit_per_customer is not None
        and usage.voucher_uses.get(voucher.id, 0) >= voucher.usage_limit_per_customer
    ):
        return "CUSTOMER_LIMIT"
    return None


def price_lines(
    lines: Sequence[PricingLine],
    *,
    sales: Sequence[SaleRule] = (),
    flash_sales: Sequence[FlashSaleRule] = (),
    voucher: VoucherRule | None = None,
    shipping_by_group: Mapping[Hashable, Decimal] | None = None,
    free_shipping: Sequence[FreeShippingRule] = (),
    customer_usage: CustomerUsage | None = None,
    now: datetime,
) -> PricedCart:
    """Price a cart; see the module docstring for the rules. Pure and deterministic."""
    usage = customer_usage or CustomerUsage()
    shipping_by_group = shipping_by_group or {}

    # Flash-sale units this cart may still take: quota left, capped by the customer's allowance.
    flash_left: dict[int, int] = {}
    for f in flash_sales:
        allowance = f.remaining
        if f.per_customer_limit is not None:
            allowance = min(allowance, f.per_customer_limit - usage.flash_sale_units.get(f.id, 0))
        flash_left[f.id] = max(allowance, 0)

    line_discounts: list[list[Discount]] = [
        _price_line(line, sales=sales, flash_sales=flash_sales, flash_left=flash_left, now=now)
        for line in lines
    ]
    undiscounted = [line.list_unit_price * max(line.quantity, 0) for line in lines]
    after_sales = [
        undiscounted[i] - sum((d.amount for d in line_discounts[i]), ZERO)
        for i in range(len(lines))
    ]

    # Shipping groups, in first-seen order of the lines then any extra keys (sorted by text).
    group_order: list[Hashable] = []
    group_vendors: dict[Hashable, set[int]] = {}
    group_goods: dict[Hashable, Decimal] = {}
    for i, line in enumerate(lines):
        key = line.group_key
        if key not in group_vendors:
            group_order.append(key)
            group_vendors[key] = set()
            group_goods[key] = ZERO
        group_vendors[key].add(line.vendor_id)
        group_goods[key] += after_sales[i]
    for key in sorted((k for k in shipping_by_group if k not in group_vendors), key=str):
        group_order.append(key)
        group_vendors[key] = set()
        group_goods[key] = ZERO
    shipping_left = {k: max(rupiah(shipping_by_group.get(k, ZERO)), ZERO) for k in group_order}
    shipping_discounts: dict[Hashable, list[Discount]] = {k: [] for k in group_order}

    for key in group_order:
        if shipping_left[key] <= 0:
            continue
        best, best_amount = None, ZERO
        for rule in sorted(free_shipping, key=lambda r: r.id):
            if not _is_running(rule.starts_at, rule.ends_at, now):
                continue
            if not rule.matches_group(key, group_vendors[key]) or group_goods[key] < rule.threshold:
                continue
            amount = shipping_left[key]
            if rule.max_discount is not None:
                amount = min(amount, max(rupiah(rule.max_discount), ZERO))
            if amount > best_amount:
                best, best_amount = rule, amount
        if best is not None:
            shipping_discounts[key].append(
                Discount(FREE_SHIPPING, best.id, best_amount, best.funded_by, best.name)
            )
            shipping_left[key] -= best_amount

    # The voucher.
    applied, rejection = False, None
    if voucher is not None:
        rejection = _voucher_rejection(voucher, usage, now)
        eligible = [i for i, line in enumerate(lines) if voucher.scope.matches(line)]
        eligible_subtotal = sum((after_sales[i] for i in eligible), ZERO)
        if rejection is None and (not eligible or eligible_subtotal <= 0):
            rejection = "NOT_APPLICABLE"
        if rejection is None and eligible_subtotal < voucher.min_spend:
            rejection = "MIN_SPEND_NOT_MET"
        if rejection is None:
            cap = None if voucher.max_discount is None else max(rupiah(voucher.max_discount), ZERO)
            if voucher.type == FREE_SHIPPING_TYPE:
                groups = []
                for i in eligible:
                    if lines[i].group_key not in groups:
                        groups.append(lines[i].group_key)
                budget = cap
                for key in groups:
                    amount = shipping_left[key]
                    if budget is not None:
                        amount = min(amount, budget)
                        budget -= amount
                    if amount > 0:
                        shipping_discounts[key].append(
                            Discount(VOUCHER, voucher.id, amount, voucher.funded_by, voucher.code)
                        )
                        shipping_left[key] -= amount
            else:
                if voucher.type == PERCENTAGE:
                    amount = rupiah(eligible_subtotal * min(voucher.value, HUNDRED) / HUNDRED)
                else:
                    amount = rupiah(voucher.value)
                if cap is not None:
                    amount = min(amount, cap)
                amount = max(min(amount, eligible_subtotal), ZERO)
                shares = allocate(amount, [after_sales[i] for i in eligible])
                for i, share in zip(eligible, shares, strict=True):
                    if share > 0:
                        line_discounts[i].append(
                            Discount(VOUCHER, voucher.id, share, voucher.funded_by, voucher.code)
                        )
            applied = True

    priced_lines = tuple(
        PricedLine(
            line=lines[i], undiscounted_total=undiscounted[i], discounts=tuple(line_discounts[i])
        )
        for i in range(len(lines))
    )
    groups_out = tuple(
        PricedShippingGroup(
            key=key,
            vendor_ids=tuple(sorted(group_vendors[key])),
            undiscounted_total=max(rupiah(shipping_by_group.get(key, ZERO)), ZERO),
            discounts=tuple(shipping_discounts[key]),
        )
        for key in group_order
    )
    return PricedCart(
        lines=priced_lines,
        shipping_groups=groups_out,
        voucher=voucher,
        voucher_applied=applied,
        voucher_rejection=rejection,
    )
