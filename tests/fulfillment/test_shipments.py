"""Shipments through GraphQL: booking in-house carriers, labels, access between vendors, the
state machine (every invalid transition refused), failed deliveries and returns, click-and-collect."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from fulfillment.models import Shipment, ShipmentEvent, ShipmentStatus
from fulfillment.status import ALLOWED_TRANSITIONS
from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import VendorOrderStatus
from tests.factories import StaffFactory, UserFactory

from .conftest import make_vendor, make_vendor_order
from .helpers import CANCEL, STATUS_UPDATE, create_shipment, shipment_id, vo_id


@pytest.fixture
def staff(db):
    return StaffFactory()


def test_table_rate_booking_issues_a_waybill_and_a_printable_label(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="table:regular")
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"] == []
    shipment = result["shipment"]
    assert shipment["status"] == "BOOKED" and shipment["trackingNumber"].startswith("GLR")
    assert shipment["carrier"] == "table" and shipment["service"] == "regular"
    assert shipment["events"][0]["trackingStatus"] == "allocated"
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.PACKED
    assert OutboxEvent.objects.filter(kind="shipment.booked").count() == 1

    client = Client()
    client.force_login(user)
    label = client.get(shipment["labelUrl"].replace("http://testserver", ""))
    assert label.status_code == 200
    html = label.content.decode()
    assert shipment["trackingNumber"] in html
    assert "Jl. Letjen Suprapto No. 31" in html and vendor.name in html and "50174" in html


def test_shipment_create_defaults_to_the_shoppers_choice_and_refuses_unavailable_options(
    gql, seller, zones
):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, option_id="table:express")
    bad = gql.as_user(user).execute(
        'mutation($vo: ID!) { shipmentCreate(vendorOrderId: $vo, shippingOptionId: "sameday:city") { shipment { id } errors { field code } } }',
        {"vo": vo_id(vendor_order)},
    )["data"]["shipmentCreate"]
    assert bad["errors"] == [{"field": "shippingOptionId", "code": "SHIPPING_NOT_AVAILABLE"}]
    assert Shipment.objects.count() == 0
    good = create_shipment(gql, user, vendor_order)
    assert good["shipment"]["service"] == "express"


def test_shipment_requires_an_accepted_vendor_order(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, status=VendorOrderStatus.PENDING)
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"][0]["code"] == "INVALID_TRANSITION"
    assert Shipment.objects.count() == 0


def test_a_vendor_cannot_book_cancel_or_read_another_vendors_shipments(gql, seller, zones):
    owner, vendor = seller
    stranger = UserFactory()
    make_vendor(member=stranger)
    vendor_order = make_vendor_order(vendor)

    # Book: NOT_FOUND, exactly like a vendor order that does not exist.
    theirs = create_shipment(gql, stranger, vendor_order)
    from graphql_relay import to_global_id

    missing = gql.as_user(stranger).execute(
        "mutation($vo: ID!) { shipmentCreate(vendorOrderId: $vo) { shipment { id } errors { field code message } } }",
        {"vo": to_global_id("VendorOrder", 999999)},
    )["data"]["shipmentCreate"]
    assert theirs["errors"] == missing["errors"]
    assert theirs["errors"][0]["code"] == "NOT_FOUND"
    assert Shipment.objects.count() == 0

    create_shipment(gql, owner, vendor_order)
    shipment = Shipment.objects.get()
    # Cancel: NOT_FOUND, nothing changes.
    cancel = gql.as_user(stranger).execute(CANCEL, {"id": shipment_id(shipment)})["data"][
        "shipmentCancel"
    ]
    assert cancel["errors"][0]["code"] == "NOT_FOUND"
    shipment.refresh_from_db()
    assert shipment.status == "BOOKED"
    # Status: NOT_FOUND.
    update = gql.as_user(stranger).execute(
        STATUS_UPDATE, {"id": shipment_id(shipment), "status": "PICKED_UP"}
    )
    assert update["data"]["shipmentStatusUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    # Read: node() is null, the list is empty, the label is a 404.
    node = gql.as_user(stranger).execute(
        "query($id: ID!) { node(id: $id) { ... on Shipment { trackingNumber } } }",
        {"id": shipment_id(shipment)},
    )
    assert "errors" not in node and node["data"]["node"] is None
    listing = gql.as_user(stranger).data("{ shipments(first: 10) { totalCount } }")
    assert listing["shipments"]["totalCount"] == 0
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/fulfillment/shipments/{shipment.pk}/label/").status_code == 404
    # The owner sees it.
    assert (
        gql.as_user(owner).data("{ shipments(first: 10) { totalCount } }")["shipments"][
            "totalCount"
        ]
        == 1
    )


def test_anonymous_callers_cannot_book(gql, seller, zones):
    _, vendor = seller
    vendor_order = make_vendor_order(vendor)
    result = gql.execute(
        "mutation($vo: ID!) { shipmentCreate(vendorOrderId: $vo) { shipment { id } errors { code } } }",
        {"vo": vo_id(vendor_order)},
    )["data"]["shipmentCreate"]
    assert result["errors"][0]["code"] == "PERMISSION_DENIED"


def _shipment_in(status, vendor, carrier="table"):
    vendor_order = make_vendor_order(
        vendor, status=VendorOrderStatus.PACKED, option_id=f"{carrier}:regular"
    )
    return Shipment.objects.create(
        order=vendor_order.order,
        vendor_order=vendor_order,
        vendor=vendor,
        carrier=carrier,
        service="regular",
        option_id=f"{carrier}:regular",
        idempotency_key=f"k-{vendor_order.pk}",
        tracking_number=f"T{vendor_order.pk}",
        external_id=f"T{vendor_order.pk}",
        charged_price=Decimal("9000"),
        status=status,
    )


def test_every_invalid_shipment_transition_is_refused(gql, staff, seller, zones):
    """Staff may make any valid move; each invalid one answers INVALID_TRANSITION, changes nothing."""
    _, vendor = seller
    refused = 0
    for current in ShipmentStatus.values:
        shipment = _shipment_in(current, vendor)
        for target in ShipmentStatus.values:
            if target in ALLOWED_TRANSITIONS[current]:
                continue
            events = ShipmentEvent.objects.count()
            body = gql.as_user(staff).execute(
                STATUS_UPDATE, {"id": shipment_id(shipment), "status": target}
            )
            errors = body["data"]["shipmentStatusUpdate"]["errors"]
            assert errors and errors[0]["code"] == "INVALID_TRANSITION", (current, target, errors)
            shipment.refresh_from_db()
            assert shipment.status == current
            assert ShipmentEvent.objects.count() == events
            refused += 1
    assert refused == 121 - sum(len(v) for v in ALLOWED_TRANSITIONS.values())


@pytest.mark.parametrize("current", [s for s in ShipmentStatus.values if ALLOWED_TRANSITIONS[s]])
def test_every_valid_transition_is_accepted_by_staff(gql, staff, seller, zones, current):
    _, vendor = seller
    for target in sorted(ALLOWED_TRANSITIONS[current]):
        shipment = _shipment_in(current, vendor)
        body = gql.as_user(staff).execute(
            STATUS_UPDATE, {"id": shipment_id(shipment), "status": target}
        )
        assert body["data"]["shipmentStatusUpdate"]["errors"] == [], (current, target)
        shipment.refresh_from_db()
        assert shipment.status == target


def test_vendors_report_hand_over_but_never_delivery(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor)
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    delivered = gql.as_user(user).execute(
        STATUS_UPDATE, {"id": shipment_id(shipment), "status": "DELIVERED"}
    )
    assert delivered["data"]["shipmentStatusUpdate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    picked = gql.as_user(user).execute(
        STATUS_UPDATE, {"id": shipment_id(shipment), "status": "PICKED_UP"}
    )
    assert picked["data"]["shipmentStatusUpdate"]["shipment"]["status"] == "PICKED_UP"
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.SHIPPED and vendor_order.shipped_at is not None


def test_failed_delivery_redelivery_then_delivered(gql, staff, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor)
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    for status in [
        "PICKED_UP",
        "OUT_FOR_DELIVERY",
        "FAILED",
        "OUT_FOR_DELIVERY",
        "FAILED",
        "OUT_FOR_DELIVERY",
        "DELIVERED",
    ]:
        body = gql.as_user(staff).execute(
            STATUS_UPDATE, {"id": shipment_id(shipment), "status": status}
        )
        assert body["data"]["shipmentStatusUpdate"]["errors"] == [], status
    shipment.refresh_from_db()
    vendor_order.refresh_from_db()
    assert shipment.delivery_attempts == 2
    assert vendor_order.status == VendorOrderStatus.DELIVERED
    assert OutboxEvent.objects.filter(kind="shipment.delivery_failed").count() == 2


def test_return_to_sender_returns_the_vendor_order(gql, staff, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor)
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    for status in ["PICKED_UP", "IN_TRANSIT", "FAILED", "RETURNING", "RETURNED"]:
        body = gql.as_user(staff).execute(
            STATUS_UPDATE, {"id": shipment_id(shipment), "status": status}
        )
        assert body["data"]["shipmentStatusUpdate"]["errors"] == [], status
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.RETURNED


def test_cancel_only_before_pickup(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor)
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    gql.as_user(user).execute(STATUS_UPDATE, {"id": shipment_id(shipment), "status": "PICKED_UP"})
    body = gql.as_user(user).execute(CANCEL, {"id": shipment_id(shipment)})["data"][
        "shipmentCancel"
    ]
    assert body["errors"][0]["code"] == "INVALID_TRANSITION"


def test_click_and_collect_ready_then_collected_with_the_code(gql, staff, hub, zones):
    user = UserFactory()
    vendor = make_vendor(tenant=True, member=user)
    vendor_order = make_vendor_order(vendor, option_id="pickup:galeri", price=Decimal("0"))
    result = create_shipment(gql, user, vendor_order)
    assert result["errors"] == []
    shipment = Shipment.objects.get()
    assert len(shipment.pickup_code) == 6
    ready = gql.as_user(staff).execute(
        STATUS_UPDATE, {"id": shipment_id(shipment), "status": "READY_FOR_PICKUP"}
    )
    assert ready["data"]["shipmentStatusUpdate"]["errors"] == []
    assert OutboxEvent.objects.filter(kind="shipment.ready_for_pickup").count() == 1
    collect = """mutation($id: ID!, $code: String!) {
      shipmentCollect(id: $id, pickupCode: $code, collectedBy: "Budi Santoso") { shipment { status collectedBy } errors { field code } } }"""
    wrong = gql.as_user(staff).execute(
        collect,
        {
            "id": shipment_id(shipment),
            "code": "000000" if shipment.pickup_code != "000000" else "111111",
        },
    )
    assert wrong["data"]["shipmentCollect"]["errors"] == [
        {"field": "pickupCode", "code": "INVALID"}
    ]
    # The vendor may not hand the parcel over itself.
    by_vendor = gql.as_user(user).execute(
        collect, {"id": shipment_id(shipment), "code": shipment.pickup_code}
    )
    assert by_vendor["data"]["shipmentCollect"]["errors"][0]["code"] == "NOT_FOUND"
    done = gql.as_user(staff).execute(
        collect, {"id": shipment_id(shipment), "code": shipment.pickup_code}
    )
    assert done["data"]["shipmentCollect"]["shipment"] == {
        "status": "DELIVERED",
        "collectedBy": "Budi Santoso",
    }
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.DELIVERED


def test_switching_between_pickup_and_delivery_is_refused(gql, hub, zones):
    user = UserFactory()
    vendor = make_vendor(tenant=True, member=user)
    vendor_order = make_vendor_order(vendor, option_id="table:regular")
    result = create_shipment(gql, user, vendor_order, option="pickup:galeri")
    assert result["errors"][0]["field"] == "shippingOptionId"
    assert Shipment.objects.count() == 0


def test_owner_reads_a_shipment_through_node(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor)
    created = create_shipment(gql, user, vendor_order)["shipment"]
    body = gql.as_user(user).data(
        "query($id: ID!) { node(id: $id) { ... on Shipment { trackingNumber status orderNumber } } }",
        {"id": created["id"]},
    )
    assert body["node"]["trackingNumber"] == created["trackingNumber"]
    assert body["node"]["orderNumber"] == vendor_order.order.number


def test_the_shopper_sees_their_parcel_and_pickup_code_but_cannot_manage_it(gql, hub, zones):
    seller_user, shopper = UserFactory(), UserFactory()
    vendor = make_vendor(tenant=True, member=seller_user)
    vendor_order = make_vendor_order(vendor, option_id="pickup:galeri", price=Decimal("0"))
    vendor_order.order.user = shopper
    vendor_order.order.save()
    created = create_shipment(gql, seller_user, vendor_order)["shipment"]
    query = "query($id: ID!) { node(id: $id) { ... on Shipment { pickupCode status } } }"
    seen = gql.as_user(shopper).data(query, {"id": created["id"]})["node"]
    assert seen["pickupCode"] == Shipment.objects.get().pickup_code
    assert gql.as_user(seller_user).data(query, {"id": created["id"]})["node"]["pickupCode"] is None
    cancel = gql.as_user(shopper).execute(CANCEL, {"id": created["id"]})["data"]["shipmentCancel"]
    assert cancel["errors"][0]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("given", "code"),
    [("not-a-global-id", "INVALID"), ("U2hpcG1lbnQ6MQ==", "NOT_FOUND"), ("", "REQUIRED")],
    ids=["garbage", "wrong-type", "empty"],
)
def test_bad_ids_answer_coded_errors(gql, seller, given, code):
    user, _ = seller
    body = gql.as_user(user).execute(
        "mutation($vo: ID!) { shipmentCreate(vendorOrderId: $vo) { shipment { id } errors { field code } } }",
        {"vo": given},
    )
    assert body["data"]["shipmentCreate"]["errors"] == [{"field": "vendorOrderId", "code": code}]
    assert Shipment.objects.count() == 0


def test_uncollected_pickups_go_back_to_the_seller_after_the_hold_period(gql, staff, hub, zones):
    from datetime import timedelta

    from django.utils import timezone

    from fulfillment.services.pickup import return_uncollected_pickups
    from fulfillment.tasks import return_uncollected_pickups_task

    user = UserFactory()
    vendor = make_vendor(tenant=True, member=user)
    vendor_order = make_vendor_order(vendor, option_id="pickup:galeri", price=Decimal("0"))
    create_shipment(gql, user, vendor_order)
    shipment = Shipment.objects.get()
    gql.as_user(staff).execute(
        STATUS_UPDATE, {"id": shipment_id(shipment), "status": "READY_FOR_PICKUP"}
    )
    assert return_uncollected_pickups_task.apply().get() == 0  # just put on the shelf
    assert return_uncollected_pickups(now=timezone.now() + timedelta(days=14)) == 1
    assert return_uncollected_pickups(now=timezone.now() + timedelta(days=15)) == 0
    shipment.refresh_from_db()
    vendor_order.refresh_from_db()
    assert shipment.status == "RETURNED" and vendor_order.status == VendorOrderStatus.RETURNED
