"""Prices as shoppers see them on the pages: the undiscounted and the current price per variant.

The promotions app decides discounts (sales, flash sales, campaigns):
`marketplace.promotions.selectors.current_prices` answers for a whole page of variants in two
queries. This module only adapts its answer for templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from marketplace.promotions.selectors import current_prices


@dataclass
class VariantPrice:
    undiscounted: Decimal
    current: Decimal
    ends_at: datetime | None = None
    promotion_label: str = ""
    is_flash_sale: bool = False

    @property
    def on_sale(self) -> bool:
        return self.current < self.undiscounted

    @property
    def flash_sale_ends_at(self) -> datetime | None:
        return self.ends_at if self.is_flash_sale else None


def prices_for(variants, now=None) -> dict[int, VariantPrice]:
    now = now or timezone.now()
    variants = list(variants)
    prices: dict[int, VariantPrice] = {}
    if variants:
        for variant_id, info in current_prices([v.pk for v in variants], now=now).items():
            prices[variant_id] = VariantPrice(
                undiscounted=info.undiscounted,
                current=info.current,
                ends_at=info.ends_at,
                promotion_label=info.promotion_label or "",
                is_flash_sale=(info.kind or "").upper().startswith("FLASH"),
            )
    for variant in variants:
        prices.setdefault(variant.pk, VariantPrice(variant.price, variant.price))
    return prices
