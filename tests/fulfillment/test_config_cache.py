"""Fulfilment's configuration is read once per process and re-read after an admin change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fulfillment.api import Destination, Parcel, shipping_options_for_vendor_group
from fulfillment.models import NonWorkingDay, ShippingRate

from .conftest import make_vendor, wib

SEMARANG = Destination(postal_code="50132", city="Kota Semarang", province="Jawa Tengah")
NOW = wib(2026, 11, 16, 10, 0)


def _regular(vendor):
    options = shipping_options_for_vendor_group(
        vendor=vendor, destination=SEMARANG, parcels=[Parcel(400)], now=NOW
    )
    return next(o for o in options if o.id == "table:regular")


@pytest.mark.django_db
def test_quotes_read_the_configuration_once_and_see_admin_changes(
    zones, hub, django_capture_on_commit_callbacks
):
    vendor = make_vendor(tenant=True)
    rate = ShippingRate.objects.get(zone=zones["semarang"], service="regular", min_weight_grams=0)
    with django_capture_on_commit_callbacks(execute=True):
        rate.save()  # as committed by the admin: the snapshot may now be kept
    _regular(vendor)
    with CaptureQueriesContext(connection) as queries:
        first = _regular(vendor)
    assert len(queries) == 1, [q["sql"][:80] for q in queries.captured_queries]  # the warehouse
    assert first.price == Decimal("9000")

    with django_capture_on_commit_callbacks(execute=True):
        rate.base_price = Decimal("11000")
        rate.save()
        NonWorkingDay.objects.create(date=NOW.date(), name="Penutupan hub")
    second = _regular(vendor)
    assert second.price == Decimal("11000")  # the tariff change is seen at once
    assert second.estimated_delivery_date > first.estimated_delivery_date  # and the closure
