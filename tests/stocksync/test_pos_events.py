"""Inbound POS events at POST /stock/channels/<code>/events/: signed, de-duplicated, and the
conflict policy (the physical sale wins over online reservations, never over allocations)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.inventory.models import Reservation, Stock, StockMovement
from marketplace.inventory.services.stock import get_available_quantities
from marketplace.notifications.models import OutboxEvent
from marketplace.notifications.signing import compute_signature
from marketplace.stocksync.models import InboundStatus, InboundStockEvent
from tests.factories import StockFactory

from .helpers import SECRET, make_channel, post_event


@pytest.fixture
def stock(db):
    return StockFactory(quantity=10)


@pytest.fixture
def channel(stock):
    return make_channel(stock.warehouse)


def sale(sku, quantity=1, event_id="pos-1"):
    return {
        "id": event_id,
        "type": "sale",
        "sku": sku,
        "quantity": quantity,
        "occurredAt": "2026-11-23T10:00:00+07:00",
    }


def test_pos_sale_replayed_three_times_changes_stock_once(stock, channel):
    client = Client()
    answers = [post_event(client, channel.code, sale(stock.variant.sku, 2)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["replay"] for a in answers] == [False, True, True]
    assert all(a.json()["status"] == "applied" and a.json()["quantity"] == 8 for a in answers)
    stock.refresh_from_db()
    assert stock.quantity == 8
    movement = StockMovement.objects.get(stock=stock)
    assert (movement.delta, movement.source, movement.external_id) == (
        -2,
        "POS_SALE",
        "galeri-pos:pos-1",
    )
    assert InboundStockEvent.objects.count() == 1


def test_bad_signature_changes_nothing(stock, channel):
    client = Client()
    wrong_secret = post_event(
        client, channel.code, sale(stock.variant.sku), secret="bukan-rahasia-yang-benar"
    )
    stale = post_event(
        client, channel.code, sale(stock.variant.sku), timestamp=int(time.time()) - 3600
    )
    body = b'{"id":"pos-9","type":"sale","sku":"%s","quantity":5}' % stock.variant.sku.encode()
    t = int(time.time())
    signed_for_original = f"t={t},v1={compute_signature(SECRET, t, body)}"
    tampered = client.post(
        f"/stock/channels/{channel.code}/events/",
        data=body.replace(b'"quantity":5', b'"quantity":9'),
        content_type="application/json",
        HTTP_X_GALERI_SIGNATURE=signed_for_original,
    )
    unsigned = Client().post(
        f"/stock/channels/{channel.code}/events/", data=b"{}", content_type="application/json"
    )
    for answer in (wrong_secret, stale, tampered, unsigned):
        assert answer.status_code == 401
        assert answer.json()["code"] == "INVALID_SIGNATURE"
    stock.refresh_from_db()
    assert stock.quantity == 10
    assert not StockMovement.objects.exists() and not InboundStockEvent.objects.exists()


def test_unknown_channel_and_malformed_bodies(stock, channel):
    client = Client()
    assert post_event(client, "tidak-ada", sale(stock.variant.sku)).status_code == 404
    bad = post_event(
        client,
        channel.code,
        {"id": "x", "type": "teleport", "sku": stock.variant.sku, "quantity": 1},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "type"
    negative = post_event(
        client, channel.code, {"id": "y", "type": "sale", "sku": stock.variant.sku, "quantity": 0}
    )
    assert negative.status_code == 400 and negative.json()["code"] == "OUT_OF_RANGE"
    unknown = post_event(client, channel.code, sale("SKU-TIDAK-ADA", event_id="z"))
    assert unknown.status_code == 422 and unknown.json()["code"] == "UNKNOWN_SKU"
    assert (
        post_event(client, channel.code, sale("SKU-TIDAK-ADA", event_id="z")).json()["replay"]
        is True
    )
    assert client.get(f"/stock/channels/{channel.code}/events/").status_code == 405
    stock.refresh_from_db()
    assert stock.quantity == 10


def test_count_and_adjustment_events(stock, channel):
    client = Client()
    sku = stock.variant.sku
    assert (
        post_event(
            client, channel.code, {"id": "c1", "type": "count", "sku": sku, "quantity": 4}
        ).json()["quantity"]
        == 4
    )
    assert (
        post_event(
            client, channel.code, {"id": "a1", "type": "adjustment", "sku": sku, "quantity": 3}
        ).json()["quantity"]
        == 7
    )
    refused = post_event(
        client, channel.code, {"id": "a2", "type": "adjustment", "sku": sku, "quantity": -8}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "INSUFFICIENT_STOCK"
    stock.refresh_from_db()
    assert stock.quantity == 7


def test_pos_sells_the_last_unit_an_online_shopper_reserved(
    stock, channel, django_capture_on_commit_callbacks
):
    """Policy: the physical sale wins. The shopper's reservation is short: the checkout can no
    longer get the unit (completion answers INSUFFICIENT_STOCK) and the vendor is told."""
    Stock.objects.filter(pk=stock.pk).update(quantity=1)
    token = uuid.uuid4()
    Reservation.objects.create(
        checkout_token=token,
        stock=stock,
        quantity=1,
        expires_at=timezone.now() + timedelta(minutes=15),
    )
    assert get_available_quantities([stock.variant_id], exclude_checkout_token=token) == {
        stock.variant_id: 1
    }

    with django_capture_on_commit_callbacks(execute=False):
        answer = post_event(
            Client(), channel.code, sale(stock.variant.sku, 1, event_id="last-unit")
        )
    assert answer.status_code == 200 and answer.json()["status"] == "applied"
    stock.refresh_from_db()
    assert stock.quantity == 0
    # Even the reserving checkout sees nothing left to buy.
    assert get_available_quantities([stock.variant_id], exclude_checkout_token=token) == {
        stock.variant_id: 0
    }
    conflict = OutboxEvent.objects.get(kind="stock.conflict")
    assert (
        conflict.payload["conflict"] == "RESERVATION_SHORT" and conflict.payload["shortfall"] == 1
    )
    assert conflict.vendor_id == stock.variant.vendor_id


def test_pos_sale_never_takes_units_allocated_to_paid_orders(
    stock, channel, django_capture_on_commit_callbacks
):
    Stock.objects.filter(pk=stock.pk).update(quantity=3, quantity_allocated=2)
    with django_capture_on_commit_callbacks(execute=False):
        answer = post_event(Client(), channel.code, sale(stock.variant.sku, 2, event_id="big-sale"))
    body = answer.json()
    assert answer.status_code == 200
    assert (body["status"], body["quantity"], body["shortfall"], body["code"]) == (
        "conflict",
        2,
        1,
        "ALLOCATION_SHORT",
    )
    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_allocated) == (2, 2)
    event = InboundStockEvent.objects.get()
    assert event.status == InboundStatus.CONFLICT and event.shortfall == 1
    conflict = OutboxEvent.objects.get(kind="stock.conflict")
    assert conflict.payload["conflict"] == "ALLOCATION_SHORT"


def test_low_stock_event_when_a_sale_crosses_the_threshold(
    stock, channel, settings, django_capture_on_commit_callbacks
):
    settings.LOW_STOCK_THRESHOLD = 3
    with django_capture_on_commit_callbacks(execute=False):
        post_event(Client(), channel.code, sale(stock.variant.sku, 7, event_id="s1"))
        post_event(Client(), channel.code, sale(stock.variant.sku, 1, event_id="s2"))
    low = OutboxEvent.objects.filter(kind="stock.low")
    assert low.count() == 1  # once, when crossing, not on every later sale
    assert low.get().payload["quantity"] == 3
