"""All money arithmetic of a checkout, in one function: `price_checkout`.

Prices are PPN-inclusive (what Indonesian shoppers expect to see); for vendors registered as PKP
the PPN part is computed from the dated rates in `settings.PPN_RATES` and recorded. Shipping
comes from `fulfillment.api` (never from the client). Promotions plug in at `_line_discounts`
(sales, flash sales) and `_checkout_discounts` (vouchers); until they land both return nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils import timezone

from fulfillment.api import Destination, Parcel, ShippingOption, shipping_options_for_vendor_group
from marketplace.core.money import ZERO, quantize_rupiah

from .models import Checkout, CheckoutLine


@dataclass
class Discount:
    name: str
    amount: Decimal
    source: str = ""  # "sale:<id>", "voucher:<code>", "flash_sale:<id>"
    funded_by: str = "PLATFORM"  # PLATFORM | VENDOR


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


def load_lines(checkout: Checkout) -> list[CheckoutLine]:
    return list(
        checkout.lines.select_related(
            "variant__product__vendor", "variant__product__category"
        ).order_by("pk")
    )


def _line_discounts(line: CheckoutLine, *, now: datetime) -> list[Discount]:
    """Sales and flash sales of the promotions app (none until it lands)."""
    return []


def _checkout_discounts(
    checkout: Checkout, groups: list[VendorGroupPricing], *, now: datetime
) -> list[Discount]:
    """Vouchers of the promotions app (none until it lands)."""
    return []


def price_checkout(
    checkout: Checkout,
    *,
    now: datetime | None = None,
    lines: list[CheckoutLine] | None = None,
    selected: dict[int, str] | None = None,
) -> CheckoutPricing:
    """Price every line, vendor group and total of `checkout` as of `now`.

    `lines` (with variant, product and vendor loaded) and `selected` (vendor id → shipping option
    id) may be passed by a caller that already holds them, to save queries.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if lines is None:
        lines = load_lines(checkout)
    if selected is None:
        selected = dict(checkout.deliveries.values_list("vendor_id", "shipping_option_id"))
    destination = destination_for(checkout.shipping_address)

    priced_lines: list[LinePricing] = []
    by_vendor: dict[int, list[LinePricing]] = {}
    for line in lines:
        unit = quantize_rupiah(line.variant.price)
        undiscounted = unit * line.quantity
        discounts = _line_discounts(line, now=now)
        total = max(undiscounted - sum((d.amount for d in discounts), ZERO), ZERO)
        priced = LinePricing(line, unit, undiscounted, discounts, total)
        priced_lines.append(priced)
        by_vendor.setdefault(line.variant.product.vendor_id, []).append(priced)

    groups: list[VendorGroupPricing] = []
    for vendor_lines in by_vendor.values():
        vendor = vendor_lines[0].line.variant.product.vendor
        parcels = parcels_for(p.line for p in vendor_lines)
        options = (
            shipping_options_for_vendor_group(
                vendor=vendor, destination=destination, parcels=parcels, now=now
            )
            if destination is not None
            else []
        )
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

    discounts = _checkout_discounts(checkout, groups, now=now)
    for group in groups:
        goods = group.subtotal - group.discount
        if getattr(group.vendor, "is_pkp", False):
            group.tax = ppn_part(goods, on=today)
            for line, tax in zip(
                group.lines,
                split_proportionally(group.tax, [p.total for p in group.lines]),
                strict=True,
            ):
                line.tax = tax
        group.total = goods + group.shipping_price

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
    )
