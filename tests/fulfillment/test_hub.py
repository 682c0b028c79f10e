"""Hub consolidation: the option, the exact fee split, drop-offs and the outbound booking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from fulfillment.api import HUB_OPTION_ID, Destination, Parcel, hub_consolidation_option
from fulfillment.models import HubConsolidation, Shipment
from marketplace.orders.models import VendorOrderStatus
from tests.factories import StaffFactory, UserFactory

from .conftest import make_vendor, make_vendor_order, wib
from .helpers import create_shipment

NOW = wib(2026, 11, 16, 10, 0)
JAKARTA = Destination(postal_code="10110", city="Kota Jakarta Pusat", province="DKI Jakarta")


@pytest.fixture
def staff(db):
    return StaffFactory()


def test_consolidation_is_offered_for_two_or_more_gallery_tenants_only(zones, hub):
    a, b, outsider = (
        make_vendor(tenant=True),
        make_vendor(tenant=True, handling_days=3),
        make_vendor(),
    )
    groups = [(a, [Parcel(1200)]), (b, [Parcel(500, Decimal("40"), Decimal("30"), Decimal("30"))])]
    option = hub_consolidation_option(groups=groups, destination=JAKARTA, now=NOW)
    assert option.id == HUB_OPTION_ID and option.type == "hub"
    # One parcel of 7,200 g chargeable from the hub: Jawa regular 18,000 + 7 × 6,000.
    assert option.price == Decimal("60000")
    shares = option.meta["shares"]
    assert sum(Decimal(v) for v in shares.values()) == option.price
    assert shares == {str(a.pk): "10000", str(b.pk): "50000"}  # 1,200 g : 6,000 g
    # The slower vendor (3 handling days: Thursday) + 1 hub day (Friday) + 4 transit days.
    assert str(option.ship_by_date) == "2026-11-19"
    assert str(option.estimated_delivery_date) == "2026-11-26"

    assert hub_consolidation_option(groups=groups[:1], destination=JAKARTA, now=NOW) is None
    assert (
        hub_consolidation_option(
            groups=[groups[0], (outsider, [Parcel(100)])], destination=JAKARTA, now=NOW
        )
        is None
    )
    hub.consolidation_enabled = False
    hub.save()
    assert hub_consolidation_option(groups=groups, destination=JAKARTA, now=NOW) is None


def _hub_order(zones):
    a_user, b_user = UserFactory(), UserFactory()
    a, b = make_vendor(tenant=True, member=a_user), make_vendor(tenant=True, member=b_user)
    first = make_vendor_order(a, option_id=HUB_OPTION_ID, price=Decimal("10000"), weight=1200)
    second = make_vendor_order(
        b, option_id=HUB_OPTION_ID, price=Decimal("50000"), order=first.order, weight=900
    )
    return (a_user, first), (b_user, second)


EXPECTED = "{ hubExpectedDropOffs(first: 10) { totalCount edges { node { vendorOrderNumber vendorName dropOffBy } } } }"
CONFIRM = """mutation($vo: ID!) { hubDropOffConfirm(vendorOrderId: $vo, parcelCount: 1, weightGrams: 1250) {
  dropOff { vendorOrderNumber consolidationStatus } errors { field code } } }"""
BOOK = "mutation($o: ID!) { hubOutboundBook(orderId: $o) { shipment { id carrier trackingNumber status } errors { field code } } }"


def test_hub_flow_drop_offs_then_one_outbound_parcel(gql, staff, zones, hub):
    (a_user, first), (b_user, second) = _hub_order(zones)
    order_gid = to_global_id("Order", first.order_id)
    assert gql.as_user(staff).data(EXPECTED)["hubExpectedDropOffs"]["totalCount"] == 2

    # Sellers do not book a courier for a hub order: they hand the parcel in.
    assert create_shipment(gql, a_user, first)["errors"][0]["field"] == "shippingOptionId"

    # Too early: not everything is at the hub.
    done = gql.as_user(staff).execute(CONFIRM, {"vo": to_global_id("VendorOrder", first.pk)})[
        "data"
    ]["hubDropOffConfirm"]
    assert done["dropOff"]["consolidationStatus"] == "EXPECTING"
    early = gql.as_user(staff).execute(BOOK, {"o": order_gid})["data"]["hubOutboundBook"]
    assert early["errors"][0]["code"] == "INVALID_TRANSITION"

    again = gql.as_user(staff).execute(CONFIRM, {"vo": to_global_id("VendorOrder", first.pk)})[
        "data"
    ]["hubDropOffConfirm"]
    assert again["errors"] == []  # idempotent
    done = gql.as_user(staff).execute(CONFIRM, {"vo": to_global_id("VendorOrder", second.pk)})[
        "data"
    ]["hubDropOffConfirm"]
    assert done["dropOff"]["consolidationStatus"] == "READY"
    assert gql.as_user(staff).data(EXPECTED)["hubExpectedDropOffs"]["totalCount"] == 0

    booked = gql.as_user(staff).execute(BOOK, {"o": order_gid})["data"]["hubOutboundBook"]
    assert booked["errors"] == [] and booked["shipment"]["status"] == "BOOKED"
    twice = gql.as_user(staff).execute(BOOK, {"o": order_gid})["data"]["hubOutboundBook"]
    assert twice["shipment"]["id"] == booked["shipment"]["id"]
    shipment = Shipment.objects.get()
    assert shipment.vendor_order is None and shipment.charged_price == Decimal("60000")
    assert HubConsolidation.objects.get().status == "BOOKED"

    # Both vendors see the consolidated parcel on their vendor orders; delivery delivers both.
    for user in (a_user, b_user):
        assert (
            gql.as_user(user).data("{ shipments(first: 5) { totalCount } }")["shipments"][
                "totalCount"
            ]
            == 1
        )
    update = "mutation($id: ID!, $s: ShipmentStatus!) { shipmentStatusUpdate(id: $id, status: $s) { errors { code } } }"
    for status in ["PICKED_UP", "IN_TRANSIT", "DELIVERED"]:
        body = gql.as_user(staff).execute(update, {"id": booked["shipment"]["id"], "s": status})
        assert body["data"]["shipmentStatusUpdate"]["errors"] == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == VendorOrderStatus.DELIVERED


def test_hub_actions_are_staff_only(gql, zones, hub):
    (a_user, first), _ = _hub_order(zones)
    body = gql.as_user(a_user).execute(CONFIRM, {"vo": to_global_id("VendorOrder", first.pk)})
    assert body["data"]["hubDropOffConfirm"]["errors"][0]["code"] == "PERMISSION_DENIED"
    listing = gql.as_user(a_user).execute(EXPECTED)
    assert listing["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_drop_off_input_is_validated(gql, staff, zones, hub):
    (_, first), _ = _hub_order(zones)
    bad = """mutation($vo: ID!) { hubDropOffConfirm(vendorOrderId: $vo, parcelCount: 0) { errors { field code } } }"""
    body = gql.as_user(staff).execute(bad, {"vo": to_global_id("VendorOrder", first.pk)})
    assert body["data"]["hubDropOffConfirm"]["errors"] == [
        {"field": "parcelCount", "code": "OUT_OF_RANGE"}
    ]
    not_hub = make_vendor_order(make_vendor())
    body = gql.as_user(staff).execute(CONFIRM, {"vo": to_global_id("VendorOrder", not_hub.pk)})
    assert body["data"]["hubDropOffConfirm"]["errors"][0]["code"] == "NOT_FOUND"
    assert HubConsolidation.objects.count() == 0
