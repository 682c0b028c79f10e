"""A starting tariff for a fresh install: zones from Semarang, the same-day courier, the hub.

Prices are illustrative (the operations team enters its negotiated tariff in the admin); the
shape — city, province, island groups, a national catch-all, started-kilogram pricing — is what
Indonesian regular couriers publish. Running it again changes nothing that already exists.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .models import GalleryHub, SameDayService, ShippingRate, ShippingZone, ShippingZoneArea

JAWA = [
    "Daerah Khusus Ibukota Jakarta",
    "Jawa Barat",
    "Jawa Timur",
    "Daerah Istimewa Yogyakarta",
    "Banten",
]
SUMATERA_BALI_NUSA = [
    "Bali",
    "Nusa Tenggara Barat",
    "Nusa Tenggara Timur",
    "Lampung",
    "Sumatera Selatan",
    "Sumatera Barat",
    "Sumatera Utara",
    "Riau",
    "Kepulauan Riau",
    "Jambi",
    "Bengkulu",
    "Aceh",
    "Kepulauan Bangka Belitung",
]

# name, priority, areas (province, city), brackets (service, min g, max g, base, per extra kg, transit min, max)
ZONES = [
    (
        "Semarang Raya",
        10,
        [("Jawa Tengah", "Kota Semarang")],
        [("regular", 0, 50000, "9000", "3000", 1, 2), ("express", 0, 50000, "15000", "5000", 0, 1)],
    ),
    (
        "Jawa Tengah",
        20,
        [("Jawa Tengah", "")],
        [
            ("regular", 0, 50000, "12000", "4000", 2, 3),
            ("express", 0, 50000, "20000", "7000", 1, 2),
        ],
    ),
    (
        "Jawa",
        30,
        [(p, "") for p in JAWA],
        [
            ("regular", 0, 50000, "18000", "6000", 2, 4),
            ("express", 0, 50000, "30000", "9000", 1, 2),
        ],
    ),
    (
        "Sumatera, Bali, Nusa Tenggara",
        40,
        [(p, "") for p in SUMATERA_BALI_NUSA],
        [("regular", 0, 50000, "32000", "11000", 3, 6)],
    ),
    ("Nasional", 90, [], [("regular", 0, 50000, "45000", "15000", 4, 9)]),
]


@transaction.atomic
def seed_shipping_defaults() -> dict[str, int]:
    created = {"zones": 0, "rates": 0}
    for name, priority, areas, brackets in ZONES:
        zone, made = ShippingZone.objects.get_or_create(name=name, defaults={"priority": priority})
        created["zones"] += made
        if not made:
            continue
        for province, city in areas:
            ShippingZoneArea.objects.create(zone=zone, province=province, city=city)
        for service, low, high, base, per_kg, tmin, tmax in brackets:
            ShippingRate.objects.create(
                zone=zone,
                service=service,
                min_weight_grams=low,
                max_weight_grams=high,
                base_price=Decimal(base),
                price_per_extra_kg=Decimal(per_kg),
                transit_days_min=tmin,
                transit_days_max=tmax,
            )
            created["rates"] += 1
    if not SameDayService.objects.exists():
        SameDayService.objects.create()
    if not GalleryHub.objects.exists():
        GalleryHub.objects.create()
    return created
