"""The carrier adapter interface (DESIGN.md "Carrier adapter") and the values it speaks.

Every carrier — the table-rate courier, the same-day city courier, click-and-collect at the Galeri,
the HTTP courier aggregator — answers `quote`, `book`, `cancel`, `track` and `parse_webhook` with
these plain values, so rate shopping and shipments never know which one they talk to.
Adapters do no database writes: the shipment services decide what a result means.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# Normalised tracking statuses (DESIGN.md).
TRACKING_STATUSES = (
    "created",
    "allocated",
    "picking_up",
    "picked",
    "in_transit",
    "out_for_delivery",
    "delivered",
    "on_hold",
    "returning",
    "returned",
    "cancelled",
    "failed",
)


class CarrierError(Exception):
    """The carrier refused or could not answer; `transient` errors may be retried later."""

    def __init__(
        self, message: str, *, transient: bool = False, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.transient = transient
        self.status_code = status_code


class WebhookRejected(CarrierError):
    """A webhook whose signature or shape is wrong: nothing may change."""


@dataclass(frozen=True)
class Location:
    postal_code: str
    city: str = ""
    province: str = ""
    district: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    name: str = ""
    phone: str = ""
    street: str = ""
    area_id: str = ""


@dataclass(frozen=True)
class Rate:
    carrier: str
    service: str
    name: str
    type: str  # regular | express | same_day | instant | pickup | hub
    price: Decimal
    transit_days_min: int
    transit_days_max: int
    courier: str = ""  # the courier behind an aggregator (jne, jnt, sicepat, ...)
    # A service with its own handling rule (same-day: hand over today before its cut-off).
    handling_days: int | None = None
    cutoff_hour: int | None = None
    meta: dict = field(default_factory=dict)

    @property
    def option_id(self) -> str:
        return f"{self.carrier}:{self.service}"


@dataclass(frozen=True)
class QuoteRequest:
    origin: Location
    destination: Location
    parcels: tuple  # of fulfillment.api.Parcel
    chargeable_grams: int
    actual_grams: int
    declared_value: Decimal = Decimal("0")


@dataclass(frozen=True)
class BookingRequest:
    reference: str  # our idempotency key: the same reference never books twice
    service: str
    origin: Location
    destination: Location
    parcels: tuple
    chargeable_grams: int
    declared_value: Decimal = Decimal("0")
    items_description: str = ""
    pickup_requested: bool = False
    note: str = ""


@dataclass(frozen=True)
class Booking:
    external_id: str
    waybill: str
    price: Decimal | None = None
    pickup_code: str = ""
    label_url: str = ""
    status: str = "allocated"
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrackingUpdate:
    event_id: str  # the carrier's id for this event: de-duplication key
    status: str  # one of TRACKING_STATUSES
    occurred_at: datetime
    waybill: str = ""
    external_id: str = ""
    raw_status: str = ""
    description: str = ""
    location: str = ""


class CarrierAdapter(abc.ABC):
    code: str = ""
    name: str = ""
    # In-house carriers have no tracking feed: their staff update statuses by hand.
    in_house: bool = True
    supports_pickup_request: bool = False

    @abc.abstractmethod
    def quote(self, request: QuoteRequest) -> list[Rate]:
        """Rates for this request, [] when the carrier does not serve it."""

    @abc.abstractmethod
    def book(self, request: BookingRequest) -> Booking:
        """Book the service; the same `request.reference` must never book twice."""

    def cancel(self, booking: Booking) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Cancel a booking before pickup (in-house carriers: nothing to tell anyone)."""

    def request_pickup(self, booking: Booking, *, when: datetime | None = None) -> None:
        raise CarrierError("Layanan ini tidak mendukung permintaan penjemputan.")

    def track(self, booking: Booking) -> list[TrackingUpdate]:
        """Every tracking event the carrier knows, oldest first ([] for in-house carriers)."""
        return []

    def parse_webhook(self, headers: dict, raw_body: bytes) -> list[TrackingUpdate]:
        raise WebhookRejected("Kurir ini tidak mengirim webhook.")
