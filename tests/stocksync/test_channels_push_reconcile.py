"""Stock channels over GraphQL, outbound pushes to subscribed channels, the reconciliation report."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from marketplace.core.graphql.ids import encode_id
from marketplace.inventory.models import Reservation, Stock
from marketplace.notifications.signing import verify
from marketplace.stocksync.models import StockChannel, StockPush
from tests.factories import (
    StaffFactory,
    StockFactory,
    UserFactory,
    VendorMemberFactory,
    WarehouseFactory,
)

from .helpers import SECRET, make_channel, post_event

CREATE = """
mutation($input: StockChannelCreateInput!) {
  stockChannelCreate(input: $input) {
    stockChannel { id code name kind warehouseId isActive eventUrl }
    errors { field code message }
  }
}"""


def channel_input(warehouse, **overrides):
    data = {
        "code": "galeri-pos",
        "name": "Kasir Galeri",
        "kind": "POS",
        "warehouseId": encode_id("Warehouse", warehouse.pk),
        "secret": SECRET,
    }
    data.update(overrides)
    return {"input": data}


@pytest.mark.django_db
def test_vendor_member_and_staff_create_channels_outsiders_get_not_found(gql):
    member = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=member.vendor)
    created = gql.as_user(member.user).execute(CREATE, channel_input(warehouse))["data"][
        "stockChannelCreate"
    ]
    assert created["errors"] == []
    assert created["stockChannel"]["kind"] == "POS"
    assert created["stockChannel"]["eventUrl"] == "/stock/channels/galeri-pos/events/"

    staff = gql.as_user(StaffFactory()).execute(
        CREATE, channel_input(warehouse, code="toko-online-2", kind="WEBHOOK")
    )
    assert staff["data"]["stockChannelCreate"]["errors"] == []

    outsider = gql.as_user(UserFactory()).execute(CREATE, channel_input(warehouse, code="curang"))
    assert outsider["data"]["stockChannelCreate"]["errors"][0]["code"] == "NOT_FOUND"
    assert StockChannel.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"code": "Kode Salah!"}, "code", "INVALID"),
        ({"code": ""}, "code", "REQUIRED"),
        ({"name": ""}, "name", "REQUIRED"),
        ({"secret": "pendek"}, "secret", "INVALID"),
        ({"pushUrl": "ftp://pos.local/"}, "pushUrl", "INVALID"),
    ],
)
def test_invalid_channel_input_is_refused_with_a_code(gql, overrides, field, code):
    member = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=member.vendor)
    errors = gql.as_user(member.user).execute(CREATE, channel_input(warehouse, **overrides))[
        "data"
    ]["stockChannelCreate"]["errors"]
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in errors
    ]
    assert not StockChannel.objects.exists()


@pytest.mark.django_db
def test_duplicate_code_is_unique_error(gql):
    member = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=member.vendor)
    gql.as_user(member.user).execute(CREATE, channel_input(warehouse))
    again = gql.as_user(member.user).execute(CREATE, channel_input(warehouse))["data"][
        "stockChannelCreate"
    ]
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("code", "UNIQUE")]


@pytest.mark.django_db
def test_stock_change_is_pushed_signed_to_subscribed_channels(
    receiver, django_capture_on_commit_callbacks
):
    stock = StockFactory(quantity=10)
    pos = make_channel(stock.warehouse, code="galeri-pos")
    make_channel(
        stock.warehouse, code="toko-lain", kind="WEBHOOK", push_url=receiver.url + "/levels"
    )
    token = uuid.uuid4()
    Reservation.objects.create(
        checkout_token=token,
        stock=stock,
        quantity=2,
        expires_at=timezone.now() + timedelta(minutes=10),
    )

    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            Client(),
            pos.code,
            {"id": "s-1", "type": "sale", "sku": stock.variant.sku, "quantity": 3},
        )

    assert receiver.count() == 1
    request = receiver.requests[0]
    assert request.headers["x-galeri-event"] == "stock.levels"
    assert verify(SECRET, request.body, request.headers["x-galeri-signature"])
    body = request.json()
    assert body["channel"] == "toko-lain"
    assert body["levels"] == [{"sku": stock.variant.sku, "quantity": 7, "available": 5}]
    push = StockPush.objects.get()
    assert push.status == "SENT" and request.headers["x-galeri-delivery"] == push.push_id


@pytest.mark.django_db
def test_reconciliation_report_over_graphql_and_the_command(gql, tmp_path):
    member = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=member.vendor)
    a = StockFactory(
        variant__product__vendor=member.vendor,
        variant__sku="RK-A",
        warehouse=warehouse,
        quantity=10,
    )
    b = StockFactory(
        variant__product__vendor=member.vendor, variant__sku="RK-B", warehouse=warehouse, quantity=4
    )
    channel = make_channel(warehouse)
    post_event(Client(), channel.code, {"id": "r-1", "type": "sale", "sku": "RK-A", "quantity": 2})
    post_event(
        Client(), channel.code, {"id": "r-2", "type": "sale", "sku": "RK-NOPE", "quantity": 1}
    )
    # Someone edits the database behind the ledger's back: the report must show it.
    Stock.objects.filter(pk=a.pk).update(quantity=9)

    query = """query($id: ID!) { stockReconciliation(channelId: $id) {
        mismatchCount lines { sku quantity ledgerQuantity ledgerOk available } events { status count } } }"""
    report = gql.as_user(member.user).execute(query, {"id": encode_id("StockChannel", channel.pk)})[
        "data"
    ]["stockReconciliation"]
    lines = {line["sku"]: line for line in report["lines"]}
    assert lines["RK-A"] == {
        "sku": "RK-A",
        "quantity": 9,
        "ledgerQuantity": 8,
        "ledgerOk": False,
        "available": 9,
    }
    assert lines["RK-B"]["ledgerOk"] is True and lines["RK-B"]["ledgerQuantity"] is None
    assert report["mismatchCount"] == 1
    assert {e["status"]: e["count"] for e in report["events"]} == {"APPLIED": 1, "REJECTED": 1}

    outsider = gql.as_user(UserFactory()).execute(
        query, {"id": encode_id("StockChannel", channel.pk)}
    )
    assert outsider["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    counts = tmp_path / "pos.csv"
    counts.write_text("sku,quantity\nRK-A,9\nRK-B,3\nRK-Z,1\n")
    out = io.StringIO()
    call_command("stock_reconcile", channel.code, "--counts", str(counts), stdout=out)
    text = out.getvalue()
    assert "BUKU TIDAK COCOK" in text
    assert "SKU kanal tidak dikenal: RK-Z" in text
    assert "Selisih: 2" in text  # RK-A's ledger, RK-B's count (3 vs 4)
    assert b.pk


@pytest.mark.django_db
def test_low_stock_digest_is_one_event_per_vendor_per_day(settings):
    from marketplace.notifications.models import OutboxEvent
    from marketplace.stocksync.scheduled import send_low_stock_digest

    settings.LOW_STOCK_THRESHOLD = 3
    member = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=member.vendor)
    StockFactory(
        variant__product__vendor=member.vendor,
        variant__sku="LOW-1",
        warehouse=warehouse,
        quantity=1,
    )
    StockFactory(
        variant__product__vendor=member.vendor,
        variant__sku="LOW-2",
        warehouse=warehouse,
        quantity=3,
    )
    StockFactory(
        variant__product__vendor=member.vendor,
        variant__sku="OK-1",
        warehouse=warehouse,
        quantity=30,
    )
    StockFactory(quantity=50)  # another vendor with plenty

    assert send_low_stock_digest.apply().get() == 1
    assert send_low_stock_digest.apply().get() == 0  # once a day
    digest = OutboxEvent.objects.get(kind="stock.low_digest")
    assert digest.vendor_id == member.vendor_id
    assert digest.payload["items"] == [
        {"sku": "LOW-1", "quantity": 1},
        {"sku": "LOW-2", "quantity": 3},
    ]


@pytest.mark.django_db
def test_beat_safety_net_pushes_changes_made_outside_the_channels(
    receiver, django_capture_on_commit_callbacks
):
    from marketplace.stocksync.scheduled import push_changed_stock

    stock = StockFactory(quantity=8)
    make_channel(stock.warehouse, code="toko-lain", kind="WEBHOOK", push_url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        assert push_changed_stock.apply().get() == 1  # never pushed: everything is new
    assert receiver.requests[-1].json()["levels"][0]["quantity"] == 8
    assert push_changed_stock.apply().get() == 0  # nothing changed since
    assert receiver.count() == 1
