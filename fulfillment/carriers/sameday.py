"""The same-day city courier: inside the city (or a radius of the warehouse), price per km.

Distance is straight-line (haversine) between the warehouse and the destination — coordinates
when known, else kecamatan centroids — times the service's road factor, rounded up to whole km.
Orders paid after the service's cut-off hour go the next business day.
"""

from __future__ import annotations

import math
from decimal import Decimal

from ..geo import haversine_km, normalise_region_name, point_of
from ..models import SameDayService
from .base import Booking, BookingRequest, CarrierAdapter, QuoteRequest, Rate
from .internal import internal_waybill


def road_distance_km(service: SameDayService, origin, destination) -> int | None:
    start = point_of(origin.latitude, origin.longitude, origin.district)
    end = point_of(destination.latitude, destination.longitude, destination.district)
    if start is None or end is None:
        return None
    straight = haversine_km(start, end)
    return max(1, math.ceil(straight * float(service.road_factor)))


def same_day_price(service: SameDayService, distance_km: int) -> Decimal:
    return max(service.minimum_price, service.price_per_km * distance_km)


class SameDayCarrier(CarrierAdapter):
    code = "sameday"
    name = "Kurir Kota Sehari Sampai"

    def __init__(self, service: SameDayService) -> None:
        self.service = service

    def covers(self, request: QuoteRequest, distance_km: int | None) -> bool:
        service = self.service
        in_city = normalise_region_name(request.destination.city) == normalise_region_name(
            service.city
        ) and (normalise_region_name(request.origin.city) == normalise_region_name(service.city))
        in_radius = (
            service.radius_km is not None
            and distance_km is not None
            and distance_km <= service.radius_km
        )
        return in_city or in_radius

    def quote(self, request: QuoteRequest) -> list[Rate]:
        service = self.service
        if request.chargeable_grams > service.max_weight_grams:
            return []
        distance = road_distance_km(service, request.origin, request.destination)
        if distance is None or not self.covers(request, distance):
            return []
        return [
            Rate(
                carrier=self.code,
                service="city",
                name=service.name,
                type="same_day",
                price=same_day_price(service, distance),
                transit_days_min=0,
                transit_days_max=0,
                handling_days=0,
                cutoff_hour=service.cutoff_hour,
                meta={"distanceKm": distance},
            )
        ]

    def book(self, request: BookingRequest) -> Booking:
        waybill = internal_waybill("SD", request.reference)
        return Booking(external_id=waybill, waybill=waybill, status="allocated")
