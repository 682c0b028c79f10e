"""Chargeable weight: what carriers bill, in grams.

Carriers bill the larger of the actual weight and the volumetric weight L×W×H/6000 (cm → kg), so a
light but bulky rattan basket costs what its box displaces. Volumetric grams are rounded up.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

VOLUMETRIC_DIVISOR = Decimal(6000)


def volumetric_weight_grams(length_cm, width_cm, height_cm) -> int:
    if not (length_cm and width_cm and height_cm):
        return 0
    volume = Decimal(str(length_cm)) * Decimal(str(width_cm)) * Decimal(str(height_cm))
    grams = volume * 1000 / VOLUMETRIC_DIVISOR
    return int(grams.to_integral_value(rounding=ROUND_CEILING))


def chargeable_weight_grams(parcel) -> int:
    """max(actual, volumetric) for one parcel (anything with weight_grams and *_cm attributes)."""
    volumetric = volumetric_weight_grams(
        getattr(parcel, "length_cm", None),
        getattr(parcel, "width_cm", None),
        getattr(parcel, "height_cm", None),
    )
    return max(int(parcel.weight_grams), volumetric)


def total_chargeable_grams(parcels: Iterable) -> int:
    return sum(chargeable_weight_grams(p) for p in parcels)


def total_actual_grams(parcels: Iterable) -> int:
    return sum(int(p.weight_grams) for p in parcels)


def billable_kilograms(grams: int, *, minimum_kg: int = 1) -> int:
    """Whole kilograms a per-kg tariff charges: rounded up, at least `minimum_kg`."""
    kilograms = -(-int(grams) // 1000)
    return max(kilograms, minimum_kg)
