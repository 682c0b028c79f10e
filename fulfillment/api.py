"""What the rest of the marketplace may ask of fulfilment: shipping options for a vendor group.

Checkout calls `shipping_options_for_vendor_group` to show choices and `find_shipping_option` to
re-quote the chosen one when the order is placed (a price never comes from the client). The
carriers behind it (table rate, same-day, click-and-collect, aggregator, hub consolidation) live
in `fulfillment.carriers`; until they are registered, a flat rate per vendor answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class Parcel:
    weight_grams: int
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None


@dataclass(frozen=True)
class Destination:
    postal_code: str
    city: str = ""
    province: str = ""
    district: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class ShippingOption:
    id: str  # stable within a quote: "<carrier>:<service>", e.g. "flat:regular"
    name: str
    carrier: str
    service: str
    type: str  # regular | express | same_day | instant | pickup | hub
    price: Decimal
    estimated_delivery_date: date | None = None
    is_fastest: bool = False
    is_cheapest: bool = False
    meta: dict = field(default_factory=dict)


FLAT_RATE_PRICE = Decimal("15000")
FLAT_RATE_TRANSIT_DAYS = 3


def _flat_rate(vendor, now: datetime) -> list[ShippingOption]:
    days = int(getattr(vendor, "handling_days", 2)) + FLAT_RATE_TRANSIT_DAYS
    eta = timezone.localtime(now).date() + timedelta(days=days)
    return [
        ShippingOption(
            id="flat:regular",
            name="Reguler (tarif datar)",
            carrier="flat",
            service="regular",
            type="regular",
            price=FLAT_RATE_PRICE,
            estimated_delivery_date=eta,
            is_fastest=True,
            is_cheapest=True,
        )
    ]


def shipping_options_for_vendor_group(
    *, vendor, destination: Destination, parcels: list[Parcel], now: datetime | None = None
) -> list[ShippingOption]:
    """The delivery choices for one vendor's part of a checkout, cheapest first."""
    now = now or timezone.now()
    return _flat_rate(vendor, now)


def find_shipping_option(
    *, vendor, destination: Destination, parcels: list[Parcel], option_id: str, now: datetime | None = None
) -> ShippingOption | None:
    for option in shipping_options_for_vendor_group(
        vendor=vendor, destination=destination, parcels=parcels, now=now
    ):
        if option.id == option_id:
            return option
    return None
