"""Splitting one shipping fee across several vendor orders, exactly.

Largest remainder (Hamilton): each part gets the floor of its proportional share in whole Rupiah,
then the Rupiah left over go one each to the largest fractional remainders (ties to the earlier
part). The parts always sum to the fee: no Rupiah is created or lost between vendor ledgers.
"""

from __future__ import annotations

from decimal import Decimal


def split_shipping_fee(fee: Decimal, weights: list[int]) -> list[Decimal]:
    """`fee` (whole Rupiah, ≥ 0) split in proportion to `weights` (grams, ≥ 0)."""
    fee = Decimal(fee)
    if fee < 0 or fee != fee.to_integral_value():
        raise ValueError("fee must be a non-negative whole number of Rupiah")
    if not weights:
        raise ValueError("at least one weight is required")
    if any(int(w) < 0 for w in weights):
        raise ValueError("weights must be non-negative")
    total_fee = int(fee)
    weights = [int(w) for w in weights]
    total_weight = sum(weights)
    if total_weight == 0:
        weights = [1] * len(weights)  # nothing weighs anything: split evenly
        total_weight = len(weights)
    floors = [total_fee * w // total_weight for w in weights]
    remainders = [total_fee * w % total_weight for w in weights]
    left = total_fee - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in order[:left]:
        floors[index] += 1
    return [Decimal(part) for part in floors]
