"""Promised delivery dates: handling (business days, daily cut-off, WIB, holidays) + transit."""

from __future__ import annotations

from datetime import date

import pytest

from fulfillment.api import Destination, Parcel, shipping_options_for_vendor_group
from fulfillment.models import NonWorkingDay

from .conftest import make_vendor, wib

SEMARANG = Destination(
    postal_code="50174", city="Kota Semarang", province="Jawa Tengah", district="Semarang Utara"
)
PARCELS = [Parcel(400)]


def option(vendor, now, option_id="table:regular"):
    options = shipping_options_for_vendor_group(
        vendor=vendor, destination=SEMARANG, parcels=PARCELS, now=now
    )
    return next(o for o in options if o.id == option_id)


@pytest.mark.parametrize(
    ("paid_at", "ship_by", "delivered"),
    [
        # Monday before the 14:00 cut-off: handling starts Monday, 2 business days, 1 day transit.
        (wib(2026, 11, 16, 10, 0), date(2026, 11, 18), date(2026, 11, 19)),
        # One minute before / at the cut-off hour.
        (wib(2026, 11, 16, 13, 59), date(2026, 11, 18), date(2026, 11, 19)),
        (wib(2026, 11, 16, 14, 0), date(2026, 11, 19), date(2026, 11, 20)),
        # Friday after the cut-off and Saturday: handling starts Monday; Thursday/Friday spill over.
        (wib(2026, 11, 20, 15, 0), date(2026, 11, 25), date(2026, 11, 26)),
        (wib(2026, 11, 21, 9, 0), date(2026, 11, 25), date(2026, 11, 26)),
        (wib(2026, 11, 19, 10, 0), date(2026, 11, 23), date(2026, 11, 24)),
        # 17 Agustus 2026 is a Monday: Friday-evening orders start on Tuesday.
        (wib(2026, 8, 14, 16, 0), date(2026, 8, 20), date(2026, 8, 21)),
        # Idul Fitri 2026: Nyepi 18 (cuti) & 19, Lebaran cuti 20, 23, 24 March, Lebaran 21-22.
        (wib(2026, 3, 17, 10, 0), date(2026, 3, 26), date(2026, 3, 27)),
        # Christmas: 24 Dec (cuti bersama) and 25 Dec 2026.
        (wib(2026, 12, 23, 13, 0), date(2026, 12, 29), date(2026, 12, 30)),
        # New Year's Day 2027 (Friday) and Isra Mi'raj (Tuesday 5 January 2027).
        (wib(2026, 12, 31, 9, 0), date(2027, 1, 6), date(2027, 1, 7)),
    ],
)
def test_promised_date_counts_business_days_cutoff_and_holidays(zones, paid_at, ship_by, delivered):
    vendor = make_vendor(handling_days=2, cutoff=14)
    chosen = option(vendor, paid_at)
    assert chosen.ship_by_date == ship_by
    assert chosen.estimated_delivery_date == delivered


def test_cutoff_is_read_in_wib_not_utc(zones):
    vendor = make_vendor(handling_days=1, cutoff=14)
    # 06:30 UTC is 13:30 WIB: before the cut-off.
    from datetime import UTC, datetime

    chosen = option(vendor, datetime(2026, 11, 16, 6, 30, tzinfo=UTC))
    assert chosen.ship_by_date == date(2026, 11, 17)
    chosen = option(vendor, datetime(2026, 11, 16, 7, 30, tzinfo=UTC))  # 14:30 WIB
    assert chosen.ship_by_date == date(2026, 11, 18)


def test_admin_closure_moves_the_promise(zones):
    vendor = make_vendor(handling_days=2, cutoff=14)
    before = option(vendor, wib(2026, 11, 16, 10, 0))
    NonWorkingDay.objects.create(date=date(2026, 11, 17), name="Libur keputusan pemerintah")
    after = option(vendor, wib(2026, 11, 16, 10, 0))
    assert (before.ship_by_date, after.ship_by_date) == (date(2026, 11, 18), date(2026, 11, 19))


def test_zero_handling_days_ships_the_same_business_day(zones):
    vendor = make_vendor(handling_days=0, cutoff=14)
    assert option(vendor, wib(2026, 11, 16, 9, 0)).ship_by_date == date(2026, 11, 16)
    assert option(vendor, wib(2026, 11, 14, 9, 0)).ship_by_date == date(2026, 11, 16)  # Saturday


def test_longer_transit_and_express_are_counted_in_business_days(zones):
    vendor = make_vendor(handling_days=1, cutoff=14)
    jakarta = Destination(postal_code="10110", city="Kota Jakarta Pusat", province="DKI Jakarta")
    options = {
        o.id: o
        for o in shipping_options_for_vendor_group(
            vendor=vendor, destination=jakarta, parcels=PARCELS, now=wib(2026, 11, 19, 10, 0)
        )
    }
    # Thursday: ship Friday 20; regular 4 business days → Thursday 26; express 2 → Tuesday 24.
    assert options["table:regular"].estimated_delivery_date == date(2026, 11, 26)
    assert options["table:express"].estimated_delivery_date == date(2026, 11, 24)
    assert options["table:express"].is_fastest and options["table:regular"].is_cheapest


def test_same_day_promise_uses_the_services_own_cutoff(zones, same_day):
    vendor = make_vendor(handling_days=2, cutoff=14)
    assert option(vendor, wib(2026, 11, 16, 11, 0), "sameday:city").estimated_delivery_date == date(
        2026, 11, 16
    )
    assert option(
        vendor, wib(2026, 11, 16, 12, 30), "sameday:city"
    ).estimated_delivery_date == date(2026, 11, 17)
    assert option(
        vendor, wib(2026, 11, 20, 12, 30), "sameday:city"
    ).estimated_delivery_date == date(2026, 11, 23)
