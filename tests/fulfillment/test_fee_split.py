"""The consolidated fee split: exact for any cart (largest remainder)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulfillment.api import split_shipping_fee


@settings(max_examples=400, deadline=None)
@given(
    fee=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=12),
)
def test_split_sums_exactly_and_is_proportional(fee, weights):
    parts = split_shipping_fee(Decimal(fee), weights)
    assert sum(parts) == Decimal(fee)
    assert all(part >= 0 and part == part.to_integral_value() for part in parts)
    total = sum(weights)
    if total:
        for part, weight in zip(parts, weights, strict=True):
            exact = Decimal(fee) * weight / total
            assert abs(part - exact) < 1  # never more than one Rupiah from its exact share
            if weight == 0:
                assert part == 0


def test_examples():
    assert split_shipping_fee(Decimal("10000"), [1, 1, 1]) == [
        Decimal("3334"),
        Decimal("3333"),
        Decimal("3333"),
    ]
    assert split_shipping_fee(Decimal("25000"), [3000, 1000]) == [Decimal("18750"), Decimal("6250")]
    assert split_shipping_fee(Decimal("7"), [0, 0]) == [Decimal("4"), Decimal("3")]


@pytest.mark.parametrize(
    ("fee", "weights"),
    [(Decimal("-1"), [1]), (Decimal("10.5"), [1]), (Decimal("10"), []), (Decimal("10"), [1, -1])],
)
def test_invalid_input_is_refused(fee, weights):
    with pytest.raises(ValueError):
        split_shipping_fee(fee, weights)
