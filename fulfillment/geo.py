"""Distances for the same-day city courier.

Great-circle distance (haversine) between coordinates, times a road factor, is what the courier
prices. When an address has no coordinates we fall back to its kecamatan's centroid. The centroids
below are approximate (±1 km) for Kota Semarang's 16 kecamatan, which is where same-day runs.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088

# Kecamatan (district) centroids in Kota Semarang, (latitude, longitude), approximate.
SEMARANG_KECAMATAN_CENTROIDS: dict[str, tuple[float, float]] = {
    "semarang tengah": (-6.9818, 110.4165),
    "semarang utara": (-6.9650, 110.4150),
    "semarang timur": (-6.9790, 110.4360),
    "semarang selatan": (-6.9940, 110.4230),
    "semarang barat": (-6.9830, 110.3880),
    "gayamsari": (-6.9880, 110.4500),
    "genuk": (-6.9620, 110.4880),
    "pedurungan": (-7.0080, 110.4780),
    "candisari": (-7.0140, 110.4250),
    "gajahmungkur": (-7.0170, 110.4050),
    "gajah mungkur": (-7.0170, 110.4050),
    "tembalang": (-7.0550, 110.4400),
    "banyumanik": (-7.0650, 110.4150),
    "gunungpati": (-7.0850, 110.3700),
    "gunung pati": (-7.0850, 110.3700),
    "mijen": (-7.0600, 110.3200),
    "ngaliyan": (-7.0000, 110.3500),
    "tugu": (-6.9850, 110.3100),
}

# The Galeri's hub in Kota Lama, Semarang Utara.
GALERI_KOTA_LAMA = (-6.9683, 110.4280)


def normalise_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text or "").strip().casefold()
    return re.sub(r"^(kecamatan|kec\.)\s+", "", text)


# How people write provinces and cities vs. the official names in the region data.
_PREFIX_ALIASES = (
    (re.compile(r"^(dki|d\.k\.i\.)\s+"), "daerah khusus ibukota "),
    (re.compile(r"^(di|d\.i\.)\s+"), "daerah istimewa "),
    (re.compile(r"^diy$"), "daerah istimewa yogyakarta"),
    (re.compile(r"^kota administrasi\s+"), "kota "),
    (re.compile(r"^(kab\.|kab)\s+"), "kabupaten "),
)


def normalise_region_name(text: str) -> str:
    """Compare provinces/cities as written by shoppers and admins with the official names:
    "DKI Jakarta" = "Daerah Khusus Ibukota Jakarta", "Kab. Kendal" = "Kabupaten Kendal"."""
    name = re.sub(r"\s+", " ", text or "").strip().casefold()
    for pattern, replacement in _PREFIX_ALIASES:
        name = pattern.sub(replacement, name)
    return name


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    dlat, dlon = lat2 - lat1, lon2 - lon1
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def kecamatan_centroid(district: str) -> tuple[float, float] | None:
    return SEMARANG_KECAMATAN_CENTROIDS.get(normalise_name(district))


def point_of(latitude, longitude, district: str = "") -> tuple[float, float] | None:
    """Coordinates when given, else the kecamatan centroid, else None (distance unknown)."""
    if latitude is not None and longitude is not None:
        return (float(Decimal(str(latitude))), float(Decimal(str(longitude))))
    return kecamatan_centroid(district)
