"""The bootstrap flat rate: answers only while no carrier at all is configured (a fresh install,
the demo), so a checkout never dead-ends before the operations team has entered a tariff."""

from __future__ import annotations

from decimal import Decimal

from .base import Booking, BookingRequest, CarrierAdapter, QuoteRequest, Rate
from .internal import internal_waybill

FLAT_RATE_PRICE = Decimal("15000")
FLAT_RATE_TRANSIT_DAYS = 3


class FlatRateCarrier(CarrierAdapter):
    code = "flat"
    name = "Tarif datar"

    def quote(self, request: QuoteRequest) -> list[Rate]:
        return [
            Rate(
                carrier=self.code,
                service="regular",
                name="Reguler (tarif datar)",
                type="regular",
                price=FLAT_RATE_PRICE,
                transit_days_min=1,
                transit_days_max=FLAT_RATE_TRANSIT_DAYS,
            )
        ]

    def book(self, request: BookingRequest) -> Booking:
        waybill = internal_waybill("FLT", request.reference)
        return Booking(external_id=waybill, waybill=waybill, status="allocated")
