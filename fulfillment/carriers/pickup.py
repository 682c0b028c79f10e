"""Click-and-collect at the Galeri (Kota Lama): free, for gallery tenants whose goods are there.

Booking issues a pickup code; the hub marks the parcel "ready for pickup", and the counter
confirms who collected it (the code must match), which is delivery.
"""

from __future__ import annotations

from decimal import Decimal

from ..models import GalleryHub
from .base import Booking, BookingRequest, CarrierAdapter, QuoteRequest, Rate
from .internal import internal_waybill, pickup_code


class GalleryPickupCarrier(CarrierAdapter):
    code = "pickup"
    name = "Ambil di Galeri Kota Lama"

    def __init__(self, hub: GalleryHub) -> None:
        self.hub = hub

    def quote(self, request: QuoteRequest) -> list[Rate]:
        return [
            Rate(
                carrier=self.code,
                service="galeri",
                name=f"Ambil sendiri di {self.hub.name}",
                type="pickup",
                price=Decimal("0"),
                transit_days_min=0,
                transit_days_max=0,
                meta={"address": f"{self.hub.street_address}, {self.hub.city}"},
            )
        ]

    def book(self, request: BookingRequest) -> Booking:
        waybill = internal_waybill("PU", request.reference)
        return Booking(
            external_id=waybill,
            waybill=waybill,
            pickup_code=pickup_code(request.reference),
            status="allocated",
        )
