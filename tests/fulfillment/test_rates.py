"""Chargeable weight, table-rate zones and brackets, same-day distance pricing, click-and-collect,
rate shopping marks, and the bootstrap flat rate."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from fulfillment.api import Destination, Parcel, shipping_options_for_vendor_group
from fulfillment.models import ShippingRate
from fulfillment.weights import chargeable_weight_grams, total_chargeable_grams

from .conftest import make_vendor, wib

NOW = wib(2026, 11, 16, 10, 0)
SEMARANG = Destination(
    postal_code="50174",
    city="Kota Semarang",
    province="Jawa Tengah",
    district="Semarang Utara",
    latitude=Decimal("-6.968000"),
    longitude=Decimal("110.427000"),
)


def options_for(vendor, destination=SEMARANG, parcels=None):
    return {
        o.id: o
        for o in shipping_options_for_vendor_group(
            vendor=vendor, destination=destination, parcels=parcels or [Parcel(400)], now=NOW
        )
    }


@pytest.mark.parametrize(
    ("parcel", "grams"),
    [
        (Parcel(400), 400),
        (Parcel(400, Decimal("30"), Decimal("20"), Decimal("3")), 400),  # volumetric 300 g
        (Parcel(500, Decimal("40"), Decimal("30"), Decimal("30")), 6000),  # bulky basket
        (Parcel(100, Decimal("10"), Decimal("10"), Decimal("10")), 167),  # 166.67 rounds up
        (Parcel(100, Decimal("10"), None, Decimal("10")), 100),  # unknown dimension: actual only
    ],
)
def test_chargeable_weight_is_max_of_actual_and_volumetric(parcel, grams):
    assert chargeable_weight_grams(parcel) == grams


def test_chargeable_weight_of_several_parcels_is_summed_per_parcel():
    parcels = [
        Parcel(500, Decimal("40"), Decimal("30"), Decimal("30")),
        Parcel(2000, Decimal("10"), Decimal("10"), Decimal("10")),
    ]
    assert total_chargeable_grams(parcels) == 8000


@pytest.mark.parametrize(
    ("destination", "zone", "price"),
    [
        (SEMARANG, "Semarang Raya", Decimal("9000")),
        (
            Destination("50511", "Kabupaten Semarang", "Jawa Tengah"),
            "Jawa Tengah",
            Decimal("12000"),
        ),
        (Destination("60111", "Kota Surabaya", "Jawa Timur"), "Jawa", Decimal("18000")),
        (Destination("90111", "Kota Makassar", "Sulawesi Selatan"), "Nasional", Decimal("35000")),
        (Destination("50174", "kota  semarang", "JAWA TENGAH"), "Semarang Raya", Decimal("9000")),
    ],
)
def test_zone_is_the_most_specific_match(zones, destination, zone, price):
    option = options_for(make_vendor(), destination)["table:regular"]
    assert option.meta["zone"] == zone
    assert option.price == price


@pytest.mark.parametrize(
    ("parcels", "price"),
    [
        ([Parcel(1000)], Decimal("9000")),  # top of the first bracket
        ([Parcel(1001)], Decimal("9000")),  # second bracket: its base covers up to 2 kg
        ([Parcel(2000)], Decimal("9000")),
        ([Parcel(2001)], Decimal("12000")),  # a third kilogram started: + 3,000
        ([Parcel(2500)], Decimal("12000")),
        (
            [Parcel(500, Decimal("40"), Decimal("30"), Decimal("30"))],
            Decimal("21000"),
        ),  # 6 kg volumetric
        ([Parcel(600), Parcel(600)], Decimal("9000")),  # 1,200 g together
    ],
)
def test_weight_brackets_use_chargeable_weight(zones, parcels, price):
    assert options_for(make_vendor(), parcels=parcels)["table:regular"].price == price


def test_no_bracket_for_the_weight_means_no_table_option(zones):
    assert "table:regular" not in options_for(make_vendor(), parcels=[Parcel(31000)])


def test_admin_tariff_change_is_quoted_immediately(zones):
    vendor = make_vendor()
    assert options_for(vendor)["table:regular"].price == Decimal("9000")
    ShippingRate.objects.filter(
        zone=zones["semarang"], service="regular", min_weight_grams=0
    ).update(base_price=Decimal("9500"))
    assert options_for(vendor)["table:regular"].price == Decimal("9500")


def _haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_same_day_is_priced_per_km_of_road_distance(same_day):
    option = options_for(make_vendor())["sameday:city"]
    km = math.ceil(_haversine((-7.065, 110.375), (-6.968, 110.427)) * 1.3)
    assert 14 <= km <= 18  # Gunungpati → Tanjung Mas
    assert option.meta["distanceKm"] == km
    assert option.price == Decimal(2500 * km)
    assert option.type == "same_day"


def test_same_day_has_a_minimum_price(same_day):
    near = Destination(
        "50225",
        "Kota Semarang",
        "Jawa Tengah",
        latitude=Decimal("-7.066"),
        longitude=Decimal("110.376"),
    )
    option = options_for(make_vendor(), near)["sameday:city"]
    assert option.meta["distanceKm"] == 1
    assert option.price == Decimal("15000")


def test_same_day_falls_back_to_kecamatan_centroids(same_day):
    tembalang = Destination("50275", "Kota Semarang", "Jawa Tengah", district="Tembalang")
    option = options_for(make_vendor(), tembalang)["sameday:city"]
    km = math.ceil(_haversine((-7.065, 110.375), (-7.055, 110.440)) * 1.3)
    assert option.meta["distanceKm"] == km
    unknown = Destination("50275", "Kota Semarang", "Jawa Tengah", district="Tidak Ada")
    assert "sameday:city" not in options_for(make_vendor(), unknown)


def test_same_day_weight_cap_and_city_boundary(same_day):
    vendor = make_vendor()
    assert "sameday:city" not in options_for(vendor, parcels=[Parcel(20001)])
    kendal = Destination(
        "51311",
        "Kabupaten Kendal",
        "Jawa Tengah",
        latitude=Decimal("-6.92"),
        longitude=Decimal("110.20"),
    )
    assert "sameday:city" not in options_for(vendor, kendal)
    same_day.radius_km = Decimal("40")
    same_day.save()
    assert options_for(vendor, kendal)["sameday:city"].meta["distanceKm"] <= 40


def test_click_and_collect_is_free_and_only_for_gallery_tenants(hub, zones):
    tenant, outsider = make_vendor(tenant=True), make_vendor(tenant=False)
    pickup = options_for(tenant)["pickup:galeri"]
    assert pickup.price == Decimal("0") and pickup.type == "pickup"
    assert pickup.estimated_delivery_date == pickup.ship_by_date  # ready when handled
    assert "pickup:galeri" not in options_for(outsider)
    hub.pickup_enabled = False
    hub.save()
    assert "pickup:galeri" not in options_for(tenant)


def test_options_are_sorted_by_price_with_one_fastest_and_one_cheapest(zones, same_day, hub):
    options = shipping_options_for_vendor_group(
        vendor=make_vendor(tenant=True), destination=SEMARANG, parcels=[Parcel(400)], now=NOW
    )
    ids = [o.id for o in options]
    assert ids[0] == "pickup:galeri"
    assert [o.price for o in options] == sorted(o.price for o in options)
    assert sum(o.is_cheapest for o in options) == 1 and sum(o.is_fastest for o in options) == 1
    assert next(o for o in options if o.is_fastest).id == "sameday:city"


def test_flat_rate_only_answers_before_any_carrier_is_configured(db):
    vendor = make_vendor()
    assert list(options_for(vendor)) == ["flat:regular"]


def test_configured_carriers_that_do_not_serve_a_destination_give_no_options(same_day):
    far = Destination("90111", "Kota Makassar", "Sulawesi Selatan")
    assert options_for(make_vendor(), far) == {}


def test_a_bare_postal_code_is_completed_from_region_data(zones, same_day):
    options = options_for(make_vendor(), Destination(postal_code="50272"))  # Tembalang
    assert options["table:regular"].meta["zone"] == "Semarang Raya"
    assert "sameday:city" in options  # kecamatan centroid of Tembalang
    jakarta = options_for(make_vendor(), Destination(postal_code="10110"))
    assert jakarta["table:regular"].meta["zone"] == "Jawa"


def test_a_postal_code_spanning_two_kecamatan_has_no_centroid(same_day):
    # 50275 is shared by Tembalang and Mijen: no single centroid, so no distance and no same-day.
    assert "sameday:city" not in options_for(make_vendor(), Destination(postal_code="50275"))


def test_seed_command_is_idempotent_and_gives_real_options(db):
    from django.core.management import call_command

    from fulfillment.models import ShippingZone

    call_command("seed_shipping_defaults")
    call_command("seed_shipping_defaults")
    assert ShippingZone.objects.count() == 5
    tenant = make_vendor(tenant=True)
    ids = set(options_for(tenant))
    assert {"table:regular", "table:express", "sameday:city", "pickup:galeri"} <= ids
    assert "flat:regular" not in ids
    bali = options_for(tenant, Destination("80361", "Kabupaten Badung", "Bali"))
    assert bali["table:regular"].meta["zone"] == "Sumatera, Bali, Nusa Tenggara"
