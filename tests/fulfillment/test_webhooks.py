"""Signed carrier webhooks: verified over the raw body, de-duplicated on the carrier's event id."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from fulfillment.carriers.aggregator import sign_payload
from fulfillment.models import CarrierWebhookEvent, Shipment, ShipmentEvent
from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import VendorOrderStatus

from .conftest import WEBHOOK_SECRET, make_vendor_order, post_webhook
from .helpers import create_shipment


@pytest.fixture
def booked(aggregator, gql, seller):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="aggregator:jne:REG", price=Decimal("18000"))
    create_shipment(gql, user, vendor_order)
    return Shipment.objects.get(), vendor_order


def event(shipment, event_id, status, note=""):
    return {
        "event": "order.status",
        "event_id": event_id,
        "order_id": shipment.external_id,
        "courier_waybill_id": shipment.tracking_number,
        "status": status,
        "note": note,
        "location": "Semarang",
    }


def snapshot(shipment, vendor_order):
    shipment.refresh_from_db()
    vendor_order.refresh_from_db()
    return (
        shipment.status,
        vendor_order.status,
        ShipmentEvent.objects.filter(shipment=shipment).count(),
        OutboxEvent.objects.count(),
        CarrierWebhookEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("status", "shipment_status", "vendor_order_status"),
    [
        ("picked", "PICKED_UP", VendorOrderStatus.SHIPPED),
        ("in_transit", "IN_TRANSIT", VendorOrderStatus.SHIPPED),
        ("dropping_off", "OUT_FOR_DELIVERY", VendorOrderStatus.SHIPPED),
        ("on_hold", "BOOKED", VendorOrderStatus.PACKED),
        ("cancelled", "CANCELLED", VendorOrderStatus.PACKED),
    ],
)
def test_each_webhook_replayed_three_times_changes_state_once(
    booked, status, shipment_status, vendor_order_status
):
    shipment, vendor_order = booked
    before = snapshot(shipment, vendor_order)
    responses = [post_webhook(event(shipment, f"evt-{status}", status)) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r.json()["applied"] for r in responses] == [1, 0, 0]
    after = snapshot(shipment, vendor_order)
    assert after[:2] == (shipment_status, vendor_order_status)
    assert after[2] == before[2] + 1  # one timeline event
    assert after[4] == before[4] + 1  # one recorded webhook
    assert ShipmentEvent.objects.filter(external_event_id=f"evt-{status}").count() == 1


def test_delivery_by_webhook_delivers_the_vendor_order_once(booked):
    shipment, vendor_order = booked
    post_webhook(event(shipment, "e1", "picked"))
    for _ in range(3):
        assert post_webhook(event(shipment, "e2", "delivered", "Diterima Budi")).status_code == 200
    shipment.refresh_from_db()
    vendor_order.refresh_from_db()
    assert shipment.status == "DELIVERED" and vendor_order.status == VendorOrderStatus.DELIVERED
    assert OutboxEvent.objects.filter(kind="shipment.delivered").count() == 1
    assert OutboxEvent.objects.filter(kind="shipment.picked_up").count() == 1


def test_late_out_of_order_events_are_kept_but_never_undo_delivery(booked):
    shipment, vendor_order = booked
    post_webhook(event(shipment, "e1", "delivered"))
    post_webhook(event(shipment, "e0", "in_transit"))
    shipment.refresh_from_db()
    assert shipment.status == "DELIVERED"
    assert list(shipment.events.values_list("tracking_status", flat=True)) == [
        "allocated",
        "delivered",
        "in_transit",
    ]


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=abc", "garbage", sign_payload("wrong-secret", b"{}")],
    ids=["missing", "stale-and-wrong", "garbage", "wrong-secret"],
)
def test_bad_signature_changes_nothing(booked, signature):
    shipment, vendor_order = booked
    before = snapshot(shipment, vendor_order)
    response = post_webhook(event(shipment, "evt-x", "delivered"), signature=signature)
    assert response.status_code == 400
    assert snapshot(shipment, vendor_order) == before


def test_signature_over_a_different_body_or_too_old_is_refused(booked):
    shipment, vendor_order = booked
    before = snapshot(shipment, vendor_order)
    other = sign_payload(WEBHOOK_SECRET, b'{"status": "picked"}')
    assert post_webhook(event(shipment, "evt-y", "delivered"), signature=other).status_code == 400
    import json

    body = event(shipment, "evt-z", "delivered")
    stale = sign_payload(
        WEBHOOK_SECRET, json.dumps(body).encode(), timestamp=int(time.time()) - 3600
    )
    assert post_webhook(body, signature=stale).status_code == 400
    assert snapshot(shipment, vendor_order) == before


def test_unknown_shipment_asks_the_carrier_to_retry_and_records_nothing(booked):
    shipment, vendor_order = booked
    body = event(shipment, "evt-404", "picked")
    body["order_id"], body["courier_waybill_id"] = "ord_9999", "WB99999999"
    assert post_webhook(body).status_code == 404
    assert not CarrierWebhookEvent.objects.filter(event_id="evt-404").exists()


def test_unknown_carrier_and_unsigned_in_house_carrier(booked):
    shipment, _ = booked
    assert post_webhook(event(shipment, "e", "picked"), code="nope").status_code == 404
    assert post_webhook(event(shipment, "e", "picked"), code="table").status_code == 400
