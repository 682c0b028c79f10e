"""The courier aggregator over HTTP, shaped like the Indonesian aggregators (Biteship, Shipper,
KiriminAja): one API in front of jne, jnt, sicepat, anteraja, pos, ...

Endpoints we use (JSON, `Authorization: Bearer <key>`):
- `POST /v1/rates/couriers` {origin_postal_code | origin_area_id, destination_*, couriers, items}
  → {pricing: [{courier_code, courier_service_code, courier_service_name, service_type, price,
  shipment_duration_range: "2 - 3", shipment_duration_unit: "days"}]}
- `POST /v1/orders` {reference_id, ...} → {id, status, price, courier: {waybill_id}}
- `GET /v1/orders?reference_id=` → {orders: [...]} (how we find a booking whose answer we lost)
- `POST /v1/orders/<id>/cancel`, `POST /v1/orders/<id>/pickup`, `GET /v1/trackings/<id>`
- webhooks: `X-Aggregator-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.

Reliability (DESIGN.md): timeouts on every call; retries with exponential backoff and jitter on
timeouts, connection errors, 429 and 5xx only (a 4xx is an answer, not an outage). Booking is not
idempotent at the aggregator (we never rely on it to de-duplicate): before every POST we look the
reference up, so a booking whose response was lost to a timeout is found, never made twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import re
import time
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import httpx
from django.conf import settings
from django.utils.dateparse import parse_datetime

from .base import (
    Booking,
    BookingRequest,
    CarrierAdapter,
    CarrierError,
    QuoteRequest,
    Rate,
    TrackingUpdate,
    WebhookRejected,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Aggregator-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300

# The aggregator's order statuses → our normalised tracking statuses (DESIGN.md).
STATUS_MAP = {
    "confirmed": "allocated",
    "allocated": "allocated",
    "picking_up": "picking_up",
    "picked": "picked",
    "in_transit": "in_transit",
    "dropping_off": "out_for_delivery",
    "out_for_delivery": "out_for_delivery",
    "delivered": "delivered",
    "on_hold": "on_hold",
    "courier_not_found": "on_hold",
    "delivery_failed": "failed",
    "rejected": "returning",
    "return_in_transit": "returning",
    "returned": "returned",
    "cancelled": "cancelled",
    "disposed": "failed",
}
SERVICE_TYPES = {
    "standard": "regular",
    "regular": "regular",
    "economy": "regular",
    "express": "express",
    "overnight": "express",
    "same_day": "same_day",
    "instant": "instant",
}
COURIER_NAMES = {
    "jne": "JNE",
    "jnt": "J&T Express",
    "sicepat": "SiCepat",
    "anteraja": "AnterAja",
    "pos": "POS Indonesia",
    "tiki": "TIKI",
    "ninja": "Ninja Xpress",
    "idexpress": "ID Express",
}


def normalise_status(raw: str) -> str:
    return STATUS_MAP.get((raw or "").strip().lower(), "on_hold")


def sign_payload(secret: str, raw_body: bytes, timestamp: int | None = None) -> str:
    """The signature header value the aggregator sends (and the fake one in tests)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    secret: str, header: str, raw_body: bytes, *, now: float | None = None
) -> None:
    if not secret:
        raise WebhookRejected("Rahasia webhook kurir belum diatur.")
    parts = dict(item.split("=", 1) for item in (header or "").split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise WebhookRejected("Tanda tangan webhook tidak valid.")
    now = time.time() if now is None else now
    if abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
        raise WebhookRejected("Tanda tangan webhook kedaluwarsa.")
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise WebhookRejected("Tanda tangan webhook tidak valid.")


def _transit_days(pricing: dict) -> tuple[int, int]:
    unit = str(pricing.get("shipment_duration_unit") or "days").lower()
    numbers = [
        int(n) for n in re.findall(r"\d+", str(pricing.get("shipment_duration_range") or ""))
    ]
    if unit.startswith("hour") or not numbers:
        return (0, 0) if unit.startswith("hour") else (1, 3)
    return min(numbers), max(numbers)


def _parse_time(value) -> datetime:
    parsed = parse_datetime(str(value or "")) if value else None
    if parsed is None:
        return datetime.now(UTC)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


class AggregatorCarrier(CarrierAdapter):
    code = "aggregator"
    name = "Agregator kurir"
    in_house = False
    supports_pickup_request = True

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        webhook_secret: str | None = None,
        couriers: list[str] | None = None,
        timeout: float | None = None,
        max_attempts: int | None = None,
        backoff_seconds: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = (
            base_url if base_url is not None else settings.COURIER_AGGREGATOR_BASE_URL
        ).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.COURIER_AGGREGATOR_API_KEY
        self.webhook_secret = (
            webhook_secret
            if webhook_secret is not None
            else settings.COURIER_AGGREGATOR_WEBHOOK_SECRET
        )
        self.couriers = couriers or list(
            getattr(
                settings,
                "COURIER_AGGREGATOR_COURIERS",
                ["jne", "jnt", "sicepat", "anteraja", "pos"],
            )
        )
        self.timeout = (
            timeout
            if timeout is not None
            else float(getattr(settings, "COURIER_AGGREGATOR_TIMEOUT", 8.0))
        )
        self.max_attempts = max_attempts or int(
            getattr(settings, "COURIER_AGGREGATOR_MAX_ATTEMPTS", 3)
        )
        self.backoff_seconds = (
            backoff_seconds
            if backoff_seconds is not None
            else float(getattr(settings, "COURIER_AGGREGATOR_BACKOFF_SECONDS", 0.5))
        )
        self.transport = transport

    # --- HTTP with retries -------------------------------------------------------------------
    def _client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 3.0)),
            headers={"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"},
            transport=self.transport,
        )

    def _sleep_before_retry(self, attempt: int) -> None:
        delay = self.backoff_seconds * (2 ** (attempt - 1))
        time.sleep(delay + random.uniform(0, self.backoff_seconds))

    def _request(
        self, method: str, path: str, *, attempts: int | None = None, before_retry=None, **kwargs
    ) -> dict:
        """One call with retries on transient failures. `before_retry()` may return an answer
        that makes a retry unnecessary (a booking found by its reference)."""
        attempts = attempts or self.max_attempts
        last_error: CarrierError | None = None
        with self._client() as client:
            for attempt in range(1, attempts + 1):
                if attempt > 1:
                    self._sleep_before_retry(attempt - 1)
                    if before_retry is not None:
                        found = before_retry()
                        if found is not None:
                            return found
                try:
                    response = client.request(method, path, **kwargs)
                except httpx.TimeoutException:
                    last_error = CarrierError("Kurir tidak menjawab tepat waktu.", transient=True)
                    logger.warning("aggregator %s %s timed out (attempt %s)", method, path, attempt)
                    continue
                except httpx.TransportError as exc:
                    last_error = CarrierError(f"Kurir tidak dapat dihubungi: {exc}", transient=True)
                    logger.warning(
                        "aggregator %s %s failed: %s (attempt %s)", method, path, exc, attempt
                    )
                    continue
                if response.status_code == 429 or response.status_code >= 500:
                    last_error = CarrierError(
                        f"Kurir sedang bermasalah (HTTP {response.status_code}).",
                        transient=True,
                        status_code=response.status_code,
                    )
                    logger.warning(
                        "aggregator %s %s → %s (attempt %s)",
                        method,
                        path,
                        response.status_code,
                        attempt,
                    )
                    continue
                try:
                    body = response.json()
                except ValueError:
                    raise CarrierError(
                        "Jawaban kurir tidak dapat dibaca.", status_code=response.status_code
                    )
                if response.status_code >= 400 or body.get("success") is False:
                    message = (
                        body.get("error") or body.get("message") or f"HTTP {response.status_code}"
                    )
                    raise CarrierError(
                        f"Kurir menolak permintaan: {message}", status_code=response.status_code
                    )
                return body
        assert last_error is not None
        raise last_error

    # --- The adapter -------------------------------------------------------------------------
    @staticmethod
    def _place(prefix: str, location) -> dict:
        data = {f"{prefix}_postal_code": location.postal_code}
        if location.area_id:
            data[f"{prefix}_area_id"] = location.area_id
        if location.latitude is not None and location.longitude is not None:
            data[f"{prefix}_latitude"] = float(location.latitude)
            data[f"{prefix}_longitude"] = float(location.longitude)
        return data

    @staticmethod
    def _items(parcels, declared_value: Decimal, description: str = "") -> list[dict]:
        items = []
        for index, parcel in enumerate(parcels):
            item = {
                "name": description or f"Paket {index + 1}",
                "quantity": 1,
                "weight": int(parcel.weight_grams),
            }
            for attr, key in (
                ("length_cm", "length"),
                ("width_cm", "width"),
                ("height_cm", "height"),
            ):
                value = getattr(parcel, attr, None)
                if value:
                    item[key] = float(value)
            items.append(item)
        if items:
            items[0]["value"] = int(declared_value)
        return items

    def quote(self, request: QuoteRequest) -> list[Rate]:
        if not self.base_url:
            return []
        payload = {
            **self._place("origin", request.origin),
            **self._place("destination", request.destination),
            "couriers": ",".join(self.couriers),
            "items": self._items(request.parcels, request.declared_value),
        }
        body = self._request(
            "POST", "/v1/rates/couriers", json=payload, attempts=min(2, self.max_attempts)
        )
        rates = []
        for pricing in body.get("pricing") or []:
            try:
                courier = str(pricing["courier_code"]).lower()
                service_code = str(pricing["courier_service_code"])
                price = Decimal(str(pricing["price"]))
            except (KeyError, InvalidOperation):
                logger.warning("aggregator returned an unreadable rate: %r", pricing)
                continue
            if price < 0 or price != price.to_integral_value():
                continue
            low, high = _transit_days(pricing)
            courier_name = pricing.get("courier_name") or COURIER_NAMES.get(
                courier, courier.upper()
            )
            rates.append(
                Rate(
                    carrier=self.code,
                    service=f"{courier}:{service_code}",
                    courier=courier,
                    name=f"{courier_name} {pricing.get('courier_service_name') or service_code}",
                    type=SERVICE_TYPES.get(
                        str(pricing.get("service_type") or "").lower(), "regular"
                    ),
                    price=price,
                    transit_days_min=low,
                    transit_days_max=high,
                )
            )
        return rates

    def _booking_from(self, order: dict) -> Booking:
        courier = order.get("courier") or {}
        price = order.get("price")
        return Booking(
            external_id=str(order["id"]),
            waybill=str(courier.get("waybill_id") or order.get("waybill_id") or ""),
            price=Decimal(str(price)) if price is not None else None,
            label_url=str(order.get("label_url") or ""),
            status=normalise_status(order.get("status") or "confirmed"),
            raw=order,
        )

    def find_booking(self, reference: str) -> Booking | None:
        body = self._request("GET", "/v1/orders", params={"reference_id": reference})
        orders = [o for o in body.get("orders") or [] if str(o.get("reference_id")) == reference]
        live = [o for o in orders if str(o.get("status")) != "cancelled"] or orders
        return self._booking_from(live[0]) if live else None

    def book(self, request: BookingRequest) -> Booking:
        if not self.base_url:
            raise CarrierError("Agregator kurir belum dikonfigurasi.")
        # We never rely on the aggregator to de-duplicate: a booking whose answer we lost (a
        # timeout after it booked, a crash before we saved it) is found by its reference.
        existing = self.find_booking(request.reference)
        if existing is not None:
            return existing
        courier, _, service_code = request.service.partition(":")
        origin, destination = request.origin, request.destination
        payload = {
            "reference_id": request.reference,
            "shipper_contact_name": "Galeri IKM",
            "origin_contact_name": origin.name,
            "origin_contact_phone": origin.phone,
            "origin_address": origin.street,
            **self._place("origin", origin),
            "destination_contact_name": destination.name,
            "destination_contact_phone": destination.phone,
            "destination_address": destination.street,
            **self._place("destination", destination),
            "courier_company": courier,
            "courier_type": service_code,
            "delivery_type": "now" if request.pickup_requested else "later",
            "order_note": request.note,
            "items": self._items(
                request.parcels, request.declared_value, request.items_description
            ),
        }

        def look_up() -> dict | None:
            try:
                found = self.find_booking(request.reference)
            except CarrierError:
                return None
            return found.raw if found is not None else None

        body = self._request("POST", "/v1/orders", json=payload, before_retry=look_up)
        return self._booking_from(body)

    def cancel(self, booking: Booking) -> None:
        self._request(
            "POST",
            f"/v1/orders/{booking.external_id}/cancel",
            json={"reason": "dibatalkan penjual"},
        )

    def request_pickup(self, booking: Booking, *, when: datetime | None = None) -> None:
        payload = {"pickup_time": when.isoformat() if when else None}
        self._request("POST", f"/v1/orders/{booking.external_id}/pickup", json=payload)

    def track(self, booking: Booking) -> list[TrackingUpdate]:
        body = self._request("GET", f"/v1/trackings/{booking.external_id}")
        updates = []
        for item in body.get("history") or []:
            raw = str(item.get("status") or "")
            occurred = _parse_time(item.get("updated_at"))
            updates.append(
                TrackingUpdate(
                    event_id=str(
                        item.get("event_id")
                        or f"{booking.external_id}:{raw}:{occurred.isoformat()}"
                    ),
                    status=normalise_status(raw),
                    raw_status=raw,
                    occurred_at=occurred,
                    waybill=booking.waybill,
                    external_id=booking.external_id,
                    description=str(item.get("note") or ""),
                    location=str(item.get("location") or ""),
                )
            )
        return updates

    def parse_webhook(self, headers: dict, raw_body: bytes) -> list[TrackingUpdate]:
        verify_signature(self.webhook_secret, headers.get(SIGNATURE_HEADER, ""), raw_body)
        try:
            body = json.loads(raw_body)
            event_id = str(body["event_id"])
            raw = str(body["status"])
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("Isi webhook tidak dapat dibaca.")
        return [
            TrackingUpdate(
                event_id=event_id,
                status=normalise_status(raw),
                raw_status=raw,
                occurred_at=_parse_time(body.get("updated_at")),
                waybill=str(body.get("courier_waybill_id") or ""),
                external_id=str(body.get("order_id") or ""),
                description=str(body.get("note") or ""),
                location=str(body.get("location") or ""),
            )
        ]
