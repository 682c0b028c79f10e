"""What the rest of the marketplace may ask of fulfilment: shipping options for a vendor group.

Checkout calls `shipping_options_for_vendor_group` to show choices and `find_shipping_option` to
re-quote the chosen one when the order is placed (a price never comes from the client). Across
vendor groups, `hub_consolidation_option` offers one parcel from the Galeri hub when every vendor
is a gallery tenant, and `split_shipping_fee` divides its fee exactly between the vendor orders.

Option ids are stable: "table:regular", "table:express", "sameday:city", "pickup:galeri",
"aggregator:jne:REG", "hub:consolidated" (and "flat:regular" before any carrier is configured).
Each option's promised date = the vendor's handling time (business days from payment, daily
cut-off, WIB, national holidays and cuti bersama) + the service's longest transit time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .calendar import BusinessCalendar, promised_delivery_date, ship_by_date
from .carriers.base import CarrierAdapter, CarrierError, Location, QuoteRequest, Rate
from .split import split_shipping_fee
from .weights import total_actual_grams, total_chargeable_grams

logger = logging.getLogger(__name__)

__all__ = [
    "Parcel",
    "Destination",
    "ShippingOption",
    "shipping_options_for_vendor_group",
    "find_shipping_option",
    "hub_consolidation_option",
    "split_shipping_fee",
    "HUB_OPTION_ID",
]

HUB_OPTION_ID = "hub:consolidated"


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
    id: str  # stable: "<carrier>:<service>", e.g. "table:regular", "aggregator:jne:REG"
    name: str
    carrier: str
    service: str
    type: str  # regular | express | same_day | instant | pickup | hub
    price: Decimal
    estimated_delivery_date: date | None = None
    is_fastest: bool = False
    is_cheapest: bool = False
    meta: dict = field(default_factory=dict)
    ship_by_date: date | None = None
    transit_days: int = 0


@lru_cache(maxsize=4096)
def regions_of_postal_code(postal_code: str) -> tuple[str, str, str]:
    """(provinsi, kota/kabupaten, kecamatan) of a postal code from the packaged region data;
    a part shared by several regions (a postal code spanning two kecamatan) is left empty."""
    from marketplace.core import regions

    if not regions.is_known_postal_code(postal_code):
        return ("", "", "")
    codes = [village.code for village in regions.region_for_postal_code(postal_code)]

    def common(length: int) -> str:
        found = {code[:length] for code in codes}
        if len(found) != 1:
            return ""
        region = regions.get_region(found.pop())
        return region.name if region else ""

    return (common(2), common(5), common(8))


def destination_location(destination: Destination) -> Location:
    """The destination as carriers need it; a bare postal code is completed from region data
    (a price estimate on a product page knows only the postal code)."""
    province, city, district = destination.province, destination.city, destination.district
    if destination.postal_code and not (province and city):
        found = regions_of_postal_code(destination.postal_code)
        province, city = province or found[0], city or found[1]
        district = district or found[2]
    return Location(
        postal_code=destination.postal_code,
        city=city,
        province=province,
        district=district,
        latitude=destination.latitude,
        longitude=destination.longitude,
    )


def vendor_origin(vendor) -> Location:
    """Where the vendor's parcels leave from: its first active pickup warehouse, else its address."""
    from vendors.models import Warehouse

    warehouse = (
        Warehouse.objects.filter(vendor=vendor, is_active=True, is_pickup_point=True)
        .select_related("address")
        .order_by("pk")
        .first()
    )
    address = warehouse.address if warehouse else getattr(vendor, "address", None)
    if address is None:
        return Location(postal_code="", name=vendor.name, phone=vendor.phone)
    return Location(
        postal_code=address.postal_code,
        city=address.city,
        province=address.province,
        district=address.district,
        latitude=(
            warehouse.latitude if warehouse and warehouse.latitude is not None else address.latitude
        ),
        longitude=(
            warehouse.longitude
            if warehouse and warehouse.longitude is not None
            else address.longitude
        ),
        name=vendor.name,
        phone=vendor.phone,
        street=", ".join(p for p in (address.street_address_1, address.street_address_2) if p),
    )


def quote_origin(vendor) -> Location:
    """`vendor_origin` for quoting, remembered per process (`config.quote_origins`: warehouse and
    vendor-address changes retire it); bookings and labels read `vendor_origin` fresh."""
    from .config import quote_origins

    origins = quote_origins()
    key = (vendor.pk, getattr(vendor, "address_id", None))
    origin = origins.get(key)
    if origin is None:
        origin = origins[key] = vendor_origin(vendor)
    if origin.name == vendor.name and origin.phone == vendor.phone:
        return origin
    return replace(origin, name=vendor.name, phone=vendor.phone)


def hub_origin(hub) -> Location:
    return Location(
        postal_code=hub.postal_code,
        city=hub.city,
        province=hub.province,
        district=hub.district,
        latitude=hub.latitude,
        longitude=hub.longitude,
        name=hub.name,
        phone=hub.phone,
        street=hub.street_address,
    )


def quote_request(origin: Location, destination: Location, parcels: list[Parcel]) -> QuoteRequest:
    return QuoteRequest(
        origin=origin,
        destination=destination,
        parcels=tuple(parcels),
        chargeable_grams=total_chargeable_grams(parcels),
        actual_grams=total_actual_grams(parcels),
    )


def _cache_key(carrier: CarrierAdapter, request: QuoteRequest) -> str:
    raw = json.dumps(
        [
            carrier.code,
            [str(v) for v in vars(request.origin).values()],
            [str(v) for v in vars(request.destination).values()],
            [[str(v) for v in vars(p).values()] for p in request.parcels],
        ]
    )
    return "fulfillment:quote:" + hashlib.sha256(raw.encode()).hexdigest()


def quote_carrier(carrier: CarrierAdapter, request: QuoteRequest) -> list[Rate]:
    """Rates of one carrier; outside carriers' answers are cached briefly (prices move daily,
    a shopper refreshing the checkout must not cost an API call each time). A carrier that
    fails is left out of the choices, never the cause of a failed checkout."""
    ttl = int(getattr(settings, "FULFILLMENT_QUOTE_CACHE_SECONDS", 300))
    key = _cache_key(carrier, request) if not carrier.in_house and ttl > 0 else None
    if key:
        cached = cache.get(key)
        if cached is not None:
            return cached
    try:
        rates = carrier.quote(request)
    except CarrierError as exc:
        logger.warning("carrier %s could not quote: %s", carrier.code, exc)
        return []
    if key:
        cache.set(key, rates, ttl)
    return rates


def option_from_rate(
    rate: Rate, *, vendor, now: datetime, calendar: BusinessCalendar
) -> ShippingOption:
    handling = vendor.handling_days if rate.handling_days is None else rate.handling_days
    cutoff = vendor.daily_cutoff_hour
    if rate.cutoff_hour is not None:
        cutoff = min(cutoff, rate.cutoff_hour)
    ship_by = ship_by_date(calendar, now, handling_days=handling, cutoff_hour=cutoff)
    eta = promised_delivery_date(
        calendar,
        now,
        handling_days=handling,
        cutoff_hour=cutoff,
        transit_days=rate.transit_days_max,
    )
    return ShippingOption(
        id=rate.option_id,
        name=rate.name,
        carrier=rate.carrier,
        service=rate.service,
        type=rate.type,
        price=rate.price,
        estimated_delivery_date=eta,
        meta=dict(rate.meta, courier=rate.courier) if rate.courier else dict(rate.meta),
        ship_by_date=ship_by,
        transit_days=rate.transit_days_max,
    )


def mark_fastest_and_cheapest(options: list[ShippingOption]) -> list[ShippingOption]:
    """Cheapest first; exactly one option marked fastest and one cheapest (ties: the other
    criterion, then the id, so the marks never flicker between identical quotes)."""
    if not options:
        return options
    far = date.max
    fastest = min(options, key=lambda o: (o.estimated_delivery_date or far, o.price, o.id))
    cheapest = min(options, key=lambda o: (o.price, o.estimated_delivery_date or far, o.id))
    for option in options:
        option.is_fastest = option is fastest
        option.is_cheapest = option is cheapest
    return sorted(options, key=lambda o: (o.price, o.estimated_delivery_date or far, o.id))


def shipping_options_for_vendor_group(
    *,
    vendor,
    destination: Destination,
    parcels: list[Parcel],
    now: datetime | None = None,
    config=None,
) -> list[ShippingOption]:
    """The delivery choices for one vendor's part of a checkout, cheapest first.

    `config` (`config.shipping_config()`) lets a caller quoting several groups pass one snapshot."""
    from .carriers.registry import carriers_for_vendor
    from .config import shipping_config

    now = now or timezone.now()
    if not parcels:
        return []
    if config is None:
        config = shipping_config()  # one snapshot for the carriers and the calendar of this quote
    calendar = BusinessCalendar(extra_closures=config.closures)
    request = quote_request(quote_origin(vendor), destination_location(destination), parcels)
    options = []
    seen: set[str] = set()
    for carrier in carriers_for_vendor(vendor, config=config):
        for rate in quote_carrier(carrier, request):
            if rate.option_id in seen:
                continue
            seen.add(rate.option_id)
            options.append(option_from_rate(rate, vendor=vendor, now=now, calendar=calendar))
    return mark_fastest_and_cheapest(options)


def find_shipping_option(
    *,
    vendor,
    destination: Destination,
    parcels: list[Parcel],
    option_id: str,
    now: datetime | None = None,
) -> ShippingOption | None:
    for option in shipping_options_for_vendor_group(
        vendor=vendor, destination=destination, parcels=parcels, now=now
    ):
        if option.id == option_id:
            return option
    return None


def hub_consolidation_option(
    *, groups: list[tuple], destination: Destination, now: datetime | None = None
) -> ShippingOption | None:
    """One parcel from the Galeri hub for several gallery tenants' goods, or None.

    Offered only for two or more vendor groups whose vendors are all gallery tenants, while the
    hub takes consolidations. Each vendor drops its parcel at the hub by its own ship-by date; the
    hub hands the combined parcel over `processing_days` after the last drop-off. The fee is the
    cheapest long-haul rate for the combined chargeable weight, and `meta["shares"]` (vendor pk →
    Rupiah) splits it in proportion to each group's chargeable weight, summing exactly to it.
    """
    from .carriers.registry import get_hub, outbound_carriers

    if len(groups) < 2 or len({vendor.pk for vendor, _ in groups}) != len(groups):
        return None
    if not all(getattr(vendor, "is_gallery_tenant", False) for vendor, _ in groups):
        return None
    if any(not parcels for _, parcels in groups):
        return None
    hub = get_hub()
    if hub is None or not hub.consolidation_enabled:
        return None
    now = now or timezone.now()
    all_parcels = [parcel for _, parcels in groups for parcel in parcels]
    request = quote_request(hub_origin(hub), destination_location(destination), all_parcels)
    rates = [
        rate
        for carrier in outbound_carriers()
        for rate in quote_carrier(carrier, request)
        if rate.type in ("regular", "express")
    ]
    if not rates:
        return None
    rate = min(rates, key=lambda r: (r.price, r.transit_days_max, r.option_id))
    calendar = BusinessCalendar()
    last_drop_off = max(
        ship_by_date(
            calendar, now, handling_days=vendor.handling_days, cutoff_hour=vendor.daily_cutoff_hour
        )
        for vendor, _ in groups
    )
    handed_over = calendar.add_business_days(last_drop_off, hub.processing_days)
    eta = calendar.add_business_days(handed_over, rate.transit_days_max)
    weights = [total_chargeable_grams(parcels) for _, parcels in groups]
    shares = split_shipping_fee(rate.price, weights)
    return ShippingOption(
        id=HUB_OPTION_ID,
        name=f"Gabung kiriman dari {hub.name} ({rate.name})",
        carrier="hub",
        service=rate.option_id,
        type="hub",
        price=rate.price,
        estimated_delivery_date=eta,
        meta={
            "outboundOptionId": rate.option_id,
            "shares": {
                str(vendor.pk): str(share)
                for (vendor, _), share in zip(groups, shares, strict=True)
            },
            "chargeableGrams": {
                str(vendor.pk): w for (vendor, _), w in zip(groups, weights, strict=True)
            },
            "dropOffBy": last_drop_off.isoformat(),
        },
        ship_by_date=last_drop_off,
        transit_days=rate.transit_days_max,
    )
