"""Delivery performance (query, admin page), handling-time warnings, public tracking."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from graphql_relay import to_global_id

from fulfillment.models import HandlingTimeAlert, Shipment
from fulfillment.tasks import warn_handling_time_task
from marketplace.notifications.models import OutboxEvent
from tests.factories import StaffFactory, UserFactory

from .conftest import make_vendor, make_vendor_order, wib
from .helpers import create_shipment

PERFORMANCE = """query($f: DeliveryPerformanceFilterInput) { deliveryPerformance(filter: $f) {
  vendorName carrier service shipments delivered onTime late onTimeRate avgHoursPaidToShipped avgHoursShippedToDelivered } }"""


def _delivered(vendor, *, paid, picked, delivered, promised, carrier="table", service="regular"):
    vendor_order = make_vendor_order(vendor, paid_at=paid, promised=promised)
    return Shipment.objects.create(
        order=vendor_order.order,
        vendor_order=vendor_order,
        vendor=vendor,
        carrier=carrier,
        service=service,
        option_id=f"{carrier}:{service}",
        idempotency_key=f"p-{vendor_order.pk}",
        charged_price=Decimal("9000"),
        status="DELIVERED",
        picked_up_at=picked,
        delivered_at=delivered,
        promised_delivery_date=promised,
    )


@pytest.fixture
def history(db):
    owner = UserFactory()
    vendor = make_vendor(member=owner)
    other = make_vendor()
    # On time: paid Mon 10:00, shipped Tue 10:00 (24 h), delivered Thu 10:00 (48 h), promised Thu.
    _delivered(
        vendor,
        paid=wib(2026, 11, 16, 10),
        picked=wib(2026, 11, 17, 10),
        delivered=wib(2026, 11, 19, 10),
        promised=date(2026, 11, 19),
    )
    # Late: delivered Fri 23:30 WIB (Friday in WIB, Friday 16:30 UTC) against a Thursday promise.
    _delivered(
        vendor,
        paid=wib(2026, 11, 16, 10),
        picked=wib(2026, 11, 18, 10),
        delivered=wib(2026, 11, 20, 23, 30),
        promised=date(2026, 11, 19),
    )
    # Delivered at 00:30 WIB on the promised day: on time although it is still the day before in UTC.
    _delivered(
        other,
        paid=wib(2026, 11, 16, 10),
        picked=wib(2026, 11, 16, 16),
        delivered=wib(2026, 11, 19, 0, 30),
        promised=date(2026, 11, 19),
        carrier="sameday",
        service="city",
    )
    return owner, vendor, other


def test_staff_see_performance_per_vendor_carrier_and_service(gql, history):
    _, vendor, other = history
    rows = gql.as_user(StaffFactory()).data(PERFORMANCE)["deliveryPerformance"]
    by_vendor = {row["vendorName"]: row for row in rows}
    mine = by_vendor[vendor.name]
    assert (mine["shipments"], mine["delivered"], mine["onTime"], mine["late"]) == (2, 2, 1, 1)
    assert mine["onTimeRate"] == 0.5
    assert mine["avgHoursPaidToShipped"] == 36.0  # (24 + 48) / 2
    assert mine["avgHoursShippedToDelivered"] == pytest.approx((48 + 61.5) / 2)
    theirs = by_vendor[other.name]
    assert (theirs["carrier"], theirs["onTime"], theirs["onTimeRate"]) == ("sameday", 1, 1.0)


def test_vendors_see_only_their_own_performance(gql, history):
    owner, vendor, other = history
    rows = gql.as_user(owner).data(PERFORMANCE)["deliveryPerformance"]
    assert {row["vendorName"] for row in rows} == {vendor.name}
    body = gql.as_user(owner).execute(
        PERFORMANCE, {"f": {"vendorId": to_global_id("Vendor", other.pk)}}
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (
        gql.as_user(UserFactory()).execute(PERFORMANCE)["errors"][0]["extensions"]["code"]
        == "PERMISSION_DENIED"
    )
    filtered = gql.as_user(StaffFactory()).data(PERFORMANCE, {"f": {"carrier": "sameday"}})[
        "deliveryPerformance"
    ]
    assert [row["vendorName"] for row in filtered] == [other.name]


def test_admin_performance_page(history):
    _, vendor, _ = history
    client = Client()
    client.force_login(StaffFactory())
    response = client.get("/admin/fulfillment/shipment/performance/")
    assert response.status_code == 200
    assert vendor.name in response.content.decode() and "50%" in response.content.decode()


def test_sellers_near_their_ship_by_deadline_are_warned_once(db, zones):
    vendor = make_vendor(handling_days=1, cutoff=14)
    now = timezone.now()
    # Paid long ago: past its deadline → breach; paid just now → nothing yet.
    late = make_vendor_order(vendor, paid_at=now - timedelta(days=10))
    make_vendor_order(vendor, paid_at=now)
    assert warn_handling_time_task.apply().get() == 1
    assert warn_handling_time_task.apply().get() == 0
    alert = HandlingTimeAlert.objects.get()
    assert (alert.vendor_order_id, alert.kind) == (late.pk, "BREACH")
    assert (
        OutboxEvent.objects.filter(
            kind="vendor.handling_time_breached", vendor_id=vendor.pk
        ).count()
        == 1
    )


def test_warning_fires_inside_the_window_before_the_deadline(db, settings):
    from fulfillment.services.performance import warn_handling_time

    settings.FULFILLMENT_HANDLING_WARNING_HOURS = 6
    vendor = make_vendor(handling_days=1, cutoff=14)
    make_vendor_order(vendor, paid_at=wib(2026, 11, 16, 10, 0))  # ship by Tuesday 17, 14:00 WIB
    assert warn_handling_time(now=wib(2026, 11, 17, 7, 59)) == 0
    assert warn_handling_time(now=wib(2026, 11, 17, 8, 0)) == 1
    assert OutboxEvent.objects.filter(kind="vendor.handling_time_warning").count() == 1
    assert warn_handling_time(now=wib(2026, 11, 17, 14, 0)) == 1  # then the breach, once
    assert warn_handling_time(now=wib(2026, 11, 18, 9, 0)) == 0


def test_shipped_orders_are_not_warned(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, paid_at=timezone.now() - timedelta(days=10))
    create_shipment(gql, user, vendor_order)
    update = "mutation($id: ID!) { shipmentStatusUpdate(id: $id, status: PICKED_UP) { errors { code } } }"
    gql.as_user(user).execute(update, {"id": to_global_id("Shipment", Shipment.objects.get().pk)})
    assert warn_handling_time_task.apply().get() == 0


TRACK = """query($n: String!, $e: String!) { orderTracking(number: $n, email: $e) {
  number vendorOrders { number vendorName shipments { carrier trackingNumber status estimatedDeliveryDate
  events { status description location occurredAt } } } } }"""


def test_public_tracking_by_order_number_and_email(gql, seller, zones):
    user, vendor = seller
    vendor_order = make_vendor_order(vendor, email="Sari@Example.id")
    create_shipment(gql, user, vendor_order)
    number = vendor_order.order.number
    body = gql.data(TRACK, {"n": number, "e": "sari@example.id"})
    tracked = body["orderTracking"]
    assert tracked["number"] == number
    shipment = tracked["vendorOrders"][0]["shipments"][0]
    assert shipment["status"] == "BOOKED" and shipment["trackingNumber"].startswith("GLR")
    assert shipment["events"][0]["description"].startswith("Kurir dipesan")
    for wrong in [(number, "other@example.id"), ("GI-NOPE", "sari@example.id"), ("", "")]:
        assert gql.data(TRACK, {"n": wrong[0], "e": wrong[1]})["orderTracking"] is None
