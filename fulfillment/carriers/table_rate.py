"""The table-rate carrier: zones by provinsi/kota, weight brackets on chargeable weight.

The tariff is the Galeri's contract with its regular courier, kept in the admin (ShippingZone,
ShippingZoneArea, ShippingRate). Waybills are issued by us; statuses are updated by the courier's
staff through `shipmentStatusUpdate`.
"""

from __future__ import annotations

from decimal import Decimal

from ..geo import normalise_region_name
from ..models import ServiceLevel, ShippingRate, ShippingZone
from ..weights import billable_kilograms
from .base import Booking, BookingRequest, CarrierAdapter, QuoteRequest, Rate
from .internal import internal_waybill

SERVICE_NAMES = {ServiceLevel.REGULAR: "Reguler", ServiceLevel.EXPRESS: "Ekspres"}


def match_zone(*, province: str, city: str) -> ShippingZone | None:
    """The most specific active zone for a destination: city beats province beats catch-all."""
    from ..config import shipping_config

    province_n, city_n = normalise_region_name(province), normalise_region_name(city)
    best: tuple | None = None
    for zone in shipping_config().zones:
        areas = list(zone.areas.all())
        specificity = None
        if not areas:
            specificity = 0
        for area in areas:
            if normalise_region_name(area.province) != province_n:
                continue
            if area.city and normalise_region_name(area.city) == city_n:
                specificity = max(specificity or 0, 2)
            elif not area.city:
                specificity = max(specificity or 0, 1)
        if specificity is None:
            continue
        key = (-specificity, zone.priority, zone.pk)
        if best is None or key < best[0]:
            best = (key, zone)
    return best[1] if best else None


def price_for(rate: ShippingRate, chargeable_grams: int) -> Decimal:
    """Couriers bill started kilograms: the base price covers the bracket's first kilogram
    (e.g. up to 1 kg for a bracket from 0 g, up to 2 kg for one from 1,001 g), every further
    started kilogram adds `price_per_extra_kg`."""
    included_kg = billable_kilograms(rate.min_weight_grams, minimum_kg=1)
    extra_kg = max(billable_kilograms(chargeable_grams, minimum_kg=1) - included_kg, 0)
    return rate.base_price + rate.price_per_extra_kg * extra_kg


class TableRateCarrier(CarrierAdapter):
    code = "table"
    name = "Kurir Reguler Galeri"

    def quote(self, request: QuoteRequest) -> list[Rate]:
        zone = match_zone(province=request.destination.province, city=request.destination.city)
        if zone is None:
            return []
        grams = request.chargeable_grams
        rates = []
        brackets = sorted(
            (
                rate
                for rate in zone.rates.all()  # prefetched with the cached zones
                if rate.min_weight_grams <= grams <= rate.max_weight_grams
            ),
            key=lambda rate: (rate.service, rate.min_weight_grams, rate.pk),
        )
        seen: set[str] = set()
        for bracket in brackets:
            if bracket.service in seen:
                continue
            seen.add(bracket.service)
            rates.append(
                Rate(
                    carrier=self.code,
                    service=bracket.service,
                    name=f"{SERVICE_NAMES.get(bracket.service, bracket.service)} ({zone.name})",
                    type="express" if bracket.service == ServiceLevel.EXPRESS else "regular",
                    price=price_for(bracket, grams),
                    transit_days_min=bracket.transit_days_min,
                    transit_days_max=bracket.transit_days_max,
                    meta={"zone": zone.name, "chargeableGrams": grams},
                )
            )
        return rates

    def book(self, request: BookingRequest) -> Booking:
        waybill = internal_waybill("GLR", request.reference)
        return Booking(external_id=waybill, waybill=waybill, status="allocated")
