"""Every row lock of the inventory, always taken in primary-key order (no deadlocks)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Stock


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """SELECT … FOR UPDATE the stock rows, ordered by id; returns them by id."""
    ids = sorted(set(stock_ids))
    return {s.pk: s for s in Stock.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def lock_stocks_for_variants(variant_ids: Iterable[int]) -> list[Stock]:
    ids = sorted(set(variant_ids))
    return list(Stock.objects.select_for_update().filter(variant_id__in=ids).order_by("pk"))


def lock_stocks_for_allocation(variant_ids: Iterable[int]) -> list[Stock]:
    """Lock every stock row of active warehouses holding these variants, in primary-key order.

    Only the stock rows are locked (`of=("self",)`), never the warehouses they join."""
    ids = sorted(set(variant_ids))
    return list(
        Stock.objects.select_for_update(of=("self",))
        .filter(variant_id__in=ids, warehouse__is_active=True)
        .order_by("pk")
    )
