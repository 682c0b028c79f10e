"""All money arithmetic of a checkout, in one function: `price_checkout`.

Prices are PPN-inclusive (what Indonesian shoppers expect to see); for vendors registered as PKP
the PPN part is computed from the dated rates in `settings.PPN_RATES` and recorded. Shipping
comes from `fulfillment.api` (never from the client). Promotions (sales, flash sales, the
voucher, free shipping) come from `marketplace.promotions` in one call once shipping is known
(`_apply_promotions`): every line carries its discount breakdown, every vendor group its shipping
discounts; `subtotal` is goods at list price, `discount` every discount (goods and shipping),
`total = subtotal + shipping − discount`, and PPN is the part inside the discounted goods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils import timezone

from fulfillment.api import (
    HUB_OPTION_ID,
    Destination,
    Parcel,
    ShippingOption,
    hub_consolidation_option,
    shipping_options_for_vendor_group,
)
from fulfillment.config import shipping_config
from marketplace.core.money import ZERO, quantize_rupiah
from marketplace.promotions import engine
from marketplace.promotions.engine import PricedCart
from marketplace.promotions.services.checkout_vouchers import price_checkout_promotions

from .models import Checkout, CheckoutLine


@dataclass
class Discount:
    name: str
    amount: Decimal
    source: str = ""  # "sale:<id>", "voucher:<id>", "flash_sale:<id>", "free_shipping:<id>"
    funded_by: str = "PLATFORM"  # PLATFORM | VENDOR
    quantity: int = 0  # units priced by a sale or flash sale

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "amount": str(self.amount),
            "source": self.source,
            "funded_by": self.funded_by,
            "quantity": self.quantity,
        }


@dataclass
class LinePricing:
    line: CheckoutLine
    unit_price: Decimal
    undiscounted_total: Decimal
    discounts: list[Discount]
    total: Decimal
    tax: Decimal = ZERO

    @property
    def variant(self):
        return self.line.variant

    @property
    def quantity(self) -> int:
        return self.line.quantity


@dataclass
class VendorGroupPricing:
    vendor: object
    lines: list[LinePricing]
    shipping_options: list[ShippingOption]
    selected_option: ShippingOption | None
    selected_option_id: str | None
    subtotal: Decimal
    discount: Decimal
    shipping_price: Decimal
    tax: Decimal
    total: Decimal
    parcels: list[Parcel] = field(default_factory=list)
    shipping_discounts: list[Discount] = field(default_factory=list)
    platform_funded_discount: Decimal = ZERO  # of `discount`; the ledger pays it to the vendor


@dataclass
class CheckoutPricing:
    lines: list[LinePricing]
    vendor_groups: list[VendorGroupPricing]
    discounts: list[Discount]
    subtotal: Decimal
    shipping: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    currency: str = "IDR"
    destination: Destination | None = None
    promotions: PricedCart | None = None  # what checkoutComplete redeems


def ppn_effective_rate(on: date) -> Fraction:
    """The PPN rate applied to a tax-exclusive base on `on`: rate × base fraction."""
    effective = Fraction(0)
    for start, rate, fraction in sorted(settings.PPN_RATES):
        if date.fromisoformat(start) <= on:
            effective = Fraction(rate) * Fraction(fraction)
    return effective


def ppn_part(amount: Decimal, *, on: date) -> Decimal:
    """The PPN inside a PPN-inclusive amount: amount × r / (1 + r), whole Rupiah."""
    rate = ppn_effective_rate(on)
    if not rate or not amount:
        return ZERO
    share = Fraction(int(amount)) * rate / (1 + rate)
    return quantize_rupiah(Decimal(share.numerator) / Decimal(share.denominator))


def split_proportionally(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Whole-Rupiah parts of `amount` proportional to `weights` that sum exactly to `amount`."""
    total_weight = sum(weights, ZERO)
    if not weights:
        return []
    if not total_weight:
        return [amount] + [ZERO] * (len(weights) - 1)
    parts = [quantize_rupiah(amount * w / total_weight) for w in weights]
    parts[-1] += amount - sum(parts, ZERO)
    return parts


def destination_for(address: dict | None) -> Destination | None:
    if not address:
        return None
    return Destination(
        postal_code=address.get("postal_code", ""),
        city=address.get("city", ""),
        province=address.get("province", ""),
        district=address.get("district", ""),
        latitude=Decimal(str(address["latitude"])) if address.get("latitude") else None,
        longitude=Decimal(str(address["longitude"])) if address.get("longitude") else None,
    )


def parcels_for(lines: Iterable[CheckoutLine]) -> list[Parcel]:
    return [
        Parcel(
            weight_grams=line.variant.weight_grams * line.quantity,
            length_cm=line.variant.length_cm,
            width_cm=line.variant.width_cm,
            height_cm=line.variant.height_cm,
        )
        for line in lines
    ]


# What pricing, quoting and placing an order read through a line.
LINE_RELATIONS = ("variant__product__vendor", "variant__product__category")


def load_lines(checkout: Checkout) -> list[CheckoutLine]:
    """The lines in the order they were added, with variant, product, vendor and category.

    Sorted here rather than by ORDER BY: Django builds an ordering reference for every selected
    column of an ordered query, and this one selects four tables' columns."""
    lines = list(checkout.lines.select_related(*LINE_RELATIONS).order_by())
    lines.sort(key=lambda line: line.pk)
    return lines


_DISCOUNT_NAMES = {
    "SALE": "Diskon",
    "FLASH_SALE": "Flash sale",
    "VOUCHER": "Voucher",
    "FREE_SHIPPING": "Gratis ongkir",
}


def _discount(d: engine.Discount) -> Discount:
    """An engine discount row as the checkout's breakdown row."""
    default = _DISCOUNT_NAMES.get(d.kind, d.kind.title())
    if d.kind == engine.VOUCHER:
        name = f"Voucher {d.label}" if d.label else default
    else:
        name = d.label or default
    return Discount(
        name=name,
        amount=d.amount,
        source=f"{d.kind.lower()}:{d.promotion_id}",
        funded_by=d.funded_by,
        quantity=d.quantity,
    )


def _apply_promotions(
    checkout: Checkout,
    lines: list[CheckoutLine],
    priced_lines: list[LinePricing],
    groups: list[VendorGroupPricing],
    *,
    now: datetime,
) -> tuple[PricedCart, list[Discount]]:
    """Price the cart with `marketplace.promotions` and write the result into the lines and
    groups: line totals and breakdowns, each group's shipping discounts and platform-funded share.
    Returns the engine's priced cart (what checkoutComplete redeems) and the checkout's breakdown
    (one row per promotion, amounts summed)."""
    priced = price_checkout_promotions(
        checkout,
        lines=lines,
        shipping_by_group={g.vendor.pk: g.shipping_price for g in groups},
        now=now,
    )
    by_line_id = {pl.line.line_id: pl for pl in priced.lines}
    for line in priced_lines:
        found = by_line_id.get(line.line.pk)
        if found is None:
            continue
        line.discounts = [_discount(d) for d in found.discounts]
        line.total = max(found.total, ZERO)
    shipping_by_vendor = {g.key: g for g in priced.shipping_groups}
    funding = priced.funding_by_vendor()
    for group in groups:
        shipping_group = shipping_by_vendor.get(group.vendor.pk)
        group.shipping_discounts = (
            [_discount(d) for d in shipping_group.discounts] if shipping_group else []
        )
        group.platform_funded_discount = funding.get(group.vendor.pk, {}).get(engine.PLATFORM, ZERO)
    summary: dict[str, Discount] = {}
    for d in map(_discount, priced.all_discounts()):
        row = summary.setdefault(d.source, Discount(d.name, ZERO, d.source, d.funded_by))
        row.amount += d.amount
        row.quantity += d.quantity
    return priced, list(summary.values())


@dataclass
class ShippingQuotes:
    """Every shipping choice of a checkout, quoted once: per vendor group (for the parcels it was
    quoted for) and the Galeri hub consolidation across the gallery tenants' groups.

    Quoting may call a courier aggregator over HTTP, so checkoutComplete quotes before it takes
    any row lock and prices under the locks with these quotes (`matches` tells whether the cart
    still holds the same parcels)."""

    by_vendor: dict[int, tuple[tuple[Parcel, ...], list[ShippingOption]]]
    hub: ShippingOption | None = None

    def options_for(self, vendor_id: int, parcels: list[Parcel]) -> list[ShippingOption] | None:
        quoted = self.by_vendor.get(vendor_id)
        if quoted is None or quoted[0] != tuple(parcels):
            return None
        return list(quoted[1])

    def matches(self, lines: list[CheckoutLine]) -> bool:
        groups = _group_lines(lines)
        return set(groups) == set(self.by_vendor) and all(
            self.by_vendor[vendor_id][0] == tuple(parcels_for(vendor_lines))
            for vendor_id, vendor_lines in groups.items()
        )


def _group_lines(lines: list[CheckoutLine]) -> dict[int, list[CheckoutLine]]:
    groups: dict[int, list[CheckoutLine]] = {}
    for line in lines:
        groups.setdefault(line.variant.product.vendor_id, []).append(line)
    return groups


def quote_shipping(
    lines: list[CheckoutLine], destination: Destination | None, *, now: datetime
) -> ShippingQuotes:
    """Quote every vendor group of the cart and, when two or more of them are gallery tenants,
    the hub consolidation of those groups (`fulfillment.api.hub_consolidation_option`)."""
    by_vendor: dict = {}
    tenant_groups = []
    config = shipping_config() if destination is not None and lines else None
    for vendor_id, vendor_lines in _group_lines(lines).items():
        vendor = vendor_lines[0].variant.product.vendor
        parcels = parcels_for(vendor_lines)
        options = (
            shipping_options_for_vendor_group(
                vendor=vendor, destination=destination, parcels=parcels, now=now, config=config
            )
            if destination is not None
            else []
        )
        by_vendor[vendor_id] = (tuple(parcels), options)
        if getattr(vendor, "is_gallery_tenant", False):
            tenant_groups.append((vendor, parcels))
    hub = None
    if destination is not None and len(tenant_groups) >= 2:
        hub = hub_consolidation_option(groups=tenant_groups, destination=destination, now=now)
    return ShippingQuotes(by_vendor=by_vendor, hub=hub)


def _apply_hub_consolidation(
    groups: list[VendorGroupPricing], hub: ShippingOption | None, selected: dict[int, str]
) -> None:
    """Offer the hub in every group it covers, priced at that group's share of the one fee.

    The hub is one parcel for all the covered groups, so it is either chosen for all of them or
    for none (`checkoutDeliveryMethodUpdate` writes it to every covered group at once): a group
    that chose it while another covered group did not is left without a valid choice."""
    if hub is None:
        return
    shares = hub.meta.get("shares", {})
    covered = [g for g in groups if str(g.vendor.pk) in shares]
    everyone_chose_hub = all(selected.get(g.vendor.pk) == HUB_OPTION_ID for g in covered)
    for group in covered:
        option = replace(
            hub,
            price=quantize_rupiah(Decimal(shares[str(group.vendor.pk)])),
            is_fastest=False,
            is_cheapest=False,
            meta=dict(hub.meta),
        )
        group.shipping_options.append(option)
        if group.selected_option_id == HUB_OPTION_ID and everyone_chose_hub:
            group.selected_option = option
            group.shipping_price = option.price
            group.total = group.subtotal + option.price


def price_checkout(
    checkout: Checkout,
    *,
    now: datetime | None = None,
    lines: list[CheckoutLine] | None = None,
    selected: dict[int, str] | None = None,
    quotes: ShippingQuotes | None = None,
    with_promotions: bool = True,
) -> CheckoutPricing:
    """Price every line, vendor group and total of `checkout` as of `now`.

    `lines` (with variant, product and vendor loaded) and `selected` (vendor id → shipping option
    id) may be passed by a caller that already holds them, to save queries; `quotes`
    (`quote_shipping`) by a caller that quoted shipping before taking row locks.
    `with_promotions=False` leaves promotions out: list prices, shipping options and choices are
    right, discounts and totals are not (for an answer that shows only the former).
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if lines is None:
        lines = load_lines(checkout)
    if selected is None:
        selected = dict(checkout.deliveries.values_list("vendor_id", "shipping_option_id"))
    destination = destination_for(checkout.shipping_address)
    if quotes is None:
        quotes = quote_shipping(lines, destination, now=now)

    priced_lines: list[LinePricing] = []
    by_vendor: dict[int, list[LinePricing]] = {}
    for line in lines:
        unit = quantize_rupiah(line.variant.price)
        undiscounted = unit * line.quantity
        discounts: list[Discount] = []  # promotions apply below, once shipping is known
        total = max(undiscounted - sum((d.amount for d in discounts), ZERO), ZERO)
        priced = LinePricing(line, unit, undiscounted, discounts, total)
        priced_lines.append(priced)
        by_vendor.setdefault(line.variant.product.vendor_id, []).append(priced)

    groups: list[VendorGroupPricing] = []
    for vendor_lines in by_vendor.values():
        vendor = vendor_lines[0].line.variant.product.vendor
        parcels = parcels_for(p.line for p in vendor_lines)
        options = quotes.options_for(vendor.pk, parcels) or []
        chosen_id = selected.get(vendor.pk)
        chosen = next((o for o in options if o.id == chosen_id), None)
        subtotal = sum((p.total for p in vendor_lines), ZERO)
        shipping = quantize_rupiah(chosen.price) if chosen else ZERO
        groups.append(
            VendorGroupPricing(
                vendor=vendor,
                lines=vendor_lines,
                shipping_options=options,
                selected_option=chosen,
                selected_option_id=chosen_id,
                subtotal=subtotal,
                discount=ZERO,
                shipping_price=shipping,
                tax=ZERO,
                total=subtotal + shipping,
                parcels=parcels,
            )
        )

    _apply_hub_consolidation(groups, quotes.hub, selected)
    promotions, discounts = (
        _apply_promotions(checkout, lines, priced_lines, groups, now=now)
        if with_promotions
        else (None, [])
    )
    for group in groups:
        group.subtotal = sum((p.undiscounted_total for p in group.lines), ZERO)
        goods = sum((p.total for p in group.lines), ZERO)  # after sales, flash sales, voucher
        shipping_discount = sum((d.amount for d in group.shipping_discounts), ZERO)
        group.discount = group.subtotal - goods + shipping_discount
        if getattr(group.vendor, "is_pkp", False):
            group.tax = ppn_part(goods, on=today)
            for line, tax in zip(
                group.lines,
                split_proportionally(group.tax, [p.total for p in group.lines]),
                strict=True,
            ):
                line.tax = tax
        group.total = group.subtotal + group.shipping_price - group.discount

    subtotal = sum((g.subtotal for g in groups), ZERO)
    shipping = sum((g.shipping_price for g in groups), ZERO)
    discount = sum((g.discount for g in groups), ZERO)
    tax = sum((g.tax for g in groups), ZERO)
    return CheckoutPricing(
        lines=priced_lines,
        vendor_groups=groups,
        discounts=discounts,
        subtotal=subtotal,
        shipping=shipping,
        discount=discount,
        tax=tax,
        total=subtotal + shipping - discount,
        currency=checkout.currency,
        destination=destination,
        promotions=promotions,
    )
