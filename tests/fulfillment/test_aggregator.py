"""The courier aggregator adapter against a local server that plays the aggregator: quotes,
price changes, retries on 5xx and timeouts only, and never two bookings for one key."""

from __future__ import annotations

import time
from decimal import Decimal

from django.core.cache import cache

from fulfillment.api import Destination, Parcel, shipping_options_for_vendor_group
from fulfillment.models import Shipment
from fulfillment.tasks import poll_tracking
from marketplace.orders.models import VendorOrderStatus

from .conftest import make_vendor_order, wib
from .helpers import create_shipment

NOW = wib(2026, 11, 16, 10, 0)


def later(hours: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() + timedelta(hours=hours)).isoformat()


JAKARTA = Destination(postal_code="10110", city="Kota Jakarta Pusat", province="DKI Jakarta")


def quote(vendor, parcels=None):
    return {
        o.id: o
        for o in shipping_options_for_vendor_group(
            vendor=vendor, destination=JAKARTA, parcels=parcels or [Parcel(1500)], now=NOW
        )
    }


def test_quotes_by_postal_code_and_grams_with_promised_dates(aggregator, seller):
    _, vendor = seller
    options = quote(vendor)
    assert {
        "aggregator:jne:REG",
        "aggregator:jne:YES",
        "aggregator:sicepat:REG",
        "aggregator:jnt:EZ",
    } <= set(options)
    assert options["aggregator:jne:REG"].price == Decimal("36000")  # 1.5 kg → 2 kg × 18,000
    assert options["aggregator:jne:YES"].type == "express"
    # Paid Monday 10:00, 2 handling days → Wednesday; YES 1 day → Thursday; REG 3 days → Monday.
    assert str(options["aggregator:jne:YES"].estimated_delivery_date) == "2026-11-19"
    assert str(options["aggregator:jne:REG"].estimated_delivery_date) == "2026-11-23"
    method, path, body = aggregator.requests[-1]
    assert (method, path) == ("POST", "/v1/rates/couriers")
    assert body["destination_postal_code"] == "10110" and body["origin_postal_code"] == "50174"
    assert body["items"][0]["weight"] == 1500


def test_quotes_are_cached_briefly_and_price_changes_show_after_expiry(aggregator, seller):
    _, vendor = seller
    assert quote(vendor)["aggregator:sicepat:REG"].price == Decimal("32000")
    aggregator.prices[("sicepat", "REG")] = (17500, "2 - 4", "standard", "Reguler")
    assert quote(vendor)["aggregator:sicepat:REG"].price == Decimal("32000")  # cached
    assert aggregator.count("POST", "/v1/rates") == 1
    cache.clear()  # the cache entry expires
    assert quote(vendor)["aggregator:sicepat:REG"].price == Decimal("35000")
    assert aggregator.count("POST", "/v1/rates") == 2


def test_quote_retries_a_5xx_once(aggregator, seller):
    _, vendor = seller
    aggregator.fail_next("POST /v1/rates", ("status", 502))
    assert "aggregator:jne:REG" in quote(vendor)
    assert aggregator.count("POST", "/v1/rates") == 2


def test_an_aggregator_outage_leaves_other_carriers_bookable(aggregator, seller, zones):
    _, vendor = seller
    aggregator.fail_next("POST /v1/rates", ("status", 503), ("stall", 1.0))
    started = time.monotonic()
    options = quote(vendor)
    assert time.monotonic() - started < 3
    assert "table:regular" in options
    assert not [o for o in options if o.startswith("aggregator:")]


def test_booking_survives_a_5xx_with_one_booking(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    aggregator.fail_next("POST /v1/orders", ("status", 500))
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"] == []
    assert result["shipment"]["status"] == "BOOKED"
    assert result["shipment"]["trackingNumber"] == "WB00000001"
    assert len(aggregator.bookings) == 1
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.PACKED


def test_a_timeout_after_the_aggregator_booked_never_books_twice(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    aggregator.fail_next("POST /v1/orders", ("book_then_stall", 1.0))
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"] == []
    assert result["shipment"]["trackingNumber"] == "WB00000001"
    assert len(aggregator.bookings) == 1
    assert aggregator.count("POST", "/v1/orders") == 1  # the retry found the booking instead
    shipment = Shipment.objects.get()
    assert aggregator.bookings[0]["reference_id"] == shipment.idempotency_key


def test_an_outage_during_booking_is_retried_later_with_the_same_key(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    aggregator.fail_next(
        "POST /v1/orders", ("book_then_stall", 1.0), ("status", 503), ("status", 503)
    )
    aggregator.fail_next(
        "GET /v1/orders", ("status", 503), ("status", 503), ("status", 503), ("status", 503)
    )
    failed = create_shipment(gql, user, vendor_order)
    assert failed["errors"][0]["code"] == "CARRIER_ERROR"
    shipment = Shipment.objects.get()
    assert shipment.status == "CREATED" and shipment.last_error
    # The aggregator booked on the first attempt; the seller presses "book" again later.
    again = create_shipment(gql, user, vendor_order)
    assert again["errors"] == [] and again["shipment"]["status"] == "BOOKED"
    assert len(aggregator.bookings) == 1
    assert Shipment.objects.get().pk == shipment.pk


def test_a_4xx_is_an_answer_not_an_outage(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    aggregator.fail_next("POST /v1/orders", ("status", 422))
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"][0]["code"] == "CARRIER_ERROR"
    assert aggregator.count("POST", "/v1/orders") == 1
    assert aggregator.bookings == []


def test_calling_shipment_create_twice_returns_the_same_booking(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    first = create_shipment(gql, user, vendor_order)
    second = create_shipment(gql, user, vendor_order)
    assert first["shipment"]["id"] == second["shipment"]["id"]
    assert len(aggregator.bookings) == 1


def test_a_price_change_at_booking_is_recorded_not_charged(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    aggregator.prices[("jne", "REG")] = (19500, "2 - 3", "standard", "Reguler")
    result = create_shipment(gql, user, vendor_order)
    assert result["shipment"]["price"]["amount"] == "18000"
    shipment = Shipment.objects.get()
    assert (shipment.charged_price, shipment.carrier_price) == (Decimal("18000"), Decimal("19500"))


def test_cancel_tells_the_aggregator_and_allows_a_new_booking(aggregator, gql, seller):
    from .helpers import CANCEL, shipment_id

    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    body = gql.as_user(user).execute(CANCEL, {"id": shipment_id(shipment)})
    assert body["data"]["shipmentCancel"]["shipment"]["status"] == "CANCELLED"
    assert aggregator.bookings[0]["status"] == "cancelled"
    again = create_shipment(gql, user, vendor_order)
    assert again["errors"] == [] and again["shipment"]["trackingNumber"] == "WB00000002"
    assert Shipment.objects.count() == 2


def test_pickup_request_reaches_the_aggregator_once(aggregator, gql, seller):
    from .helpers import shipment_id

    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    mutation = (
        "mutation($id: ID!) { shipmentPickupRequest(id: $id) { shipment { id } errors { code } } }"
    )
    for _ in range(2):
        assert (
            gql.as_user(user).execute(mutation, {"id": shipment_id(shipment)})["data"][
                "shipmentPickupRequest"
            ]["errors"]
            == []
        )
    assert aggregator.count("POST", f"/v1/orders/{shipment.external_id}/pickup") == 1


def test_scheduled_poll_applies_tracking_and_delivers_the_vendor_order(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    aggregator.tracking[shipment.external_id] = [
        {
            "event_id": "t1",
            "status": "picked",
            "note": "Paket diambil kurir",
            "updated_at": later(1),
        },
        {
            "event_id": "t2",
            "status": "in_transit",
            "note": "Tiba di hub Semarang",
            "updated_at": later(8),
        },
    ]
    assert poll_tracking.apply().get() == 2
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.SHIPPED
    aggregator.tracking[shipment.external_id].append(
        {"event_id": "t3", "status": "delivered", "note": "Diterima Budi", "updated_at": later(50)}
    )
    assert poll_tracking.apply().get() == 1
    assert poll_tracking.apply().get() == 0  # delivered: nothing left to poll
    shipment.refresh_from_db()
    vendor_order.refresh_from_db()
    assert shipment.status == "DELIVERED" and vendor_order.status == VendorOrderStatus.DELIVERED
    assert [e.tracking_status for e in shipment.events.all()] == [
        "allocated",
        "picked",
        "in_transit",
        "delivered",
    ]
