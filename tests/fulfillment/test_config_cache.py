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
    # The configuration and the vendor's pickup warehouse are both remembered: no query at all.
    assert len(queries) == 0, [q["sql"][:80] for q in queries.captured_queries]
    assert first.price == Decimal("9000")

    with django_capture_on_commit_callbacks(execute=True):
        rate.base_price = Decimal("11000")
        rate.save()
        NonWorkingDay.objects.create(date=NOW.date(), name="Penutupan hub")
    second = _regular(vendor)
    assert second.price == Decimal("11000")  # the tariff change is seen at once
    assert second.estimated_delivery_date > first.estimated_delivery_date  # and the closure


@pytest.mark.django_db
def test_a_moved_or_new_pickup_warehouse_is_quoted_from_at_once(
    zones, django_capture_on_commit_callbacks
):
    from fulfillment.api import quote_origin
    from tests.factories import WarehouseFactory

    vendor = make_vendor()
    warehouse = vendor.warehouses.get()
    assert quote_origin(vendor).postal_code == warehouse.address.postal_code
    with CaptureQueriesContext(connection) as queries:
        quote_origin(vendor)
    assert len(queries) == 0  # remembered

    with django_capture_on_commit_callbacks(execute=True):
        address = warehouse.address
        address.postal_code, address.city, address.district = "50171", "Kota Semarang", "Tugu"
        address.save()  # edited in place, as in the vendor's warehouse form
    assert quote_origin(vendor).postal_code == "50171"

    with django_capture_on_commit_callbacks(execute=True):
        warehouse.is_pickup_point = False
        warehouse.save()
        WarehouseFactory(vendor=vendor, address__postal_code="50275", address__city="Kota Semarang")
    assert quote_origin(vendor).postal_code == "50275"
