"""Stock changes: every change is a `StockMovement`, every movement is replay-safe.

`change_stock` is the one place where a stock quantity moves outside of order allocation: manual
edits, the gallery's POS, CSV stocktakes, outside channels. With an `external_id`, the same
change delivered twice is applied once (the unique constraint on movements decides).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, InsufficientStock

from ..lock_objects import lock_stocks
from ..models import MovementSource, Reservation, Stock, StockMovement

MAX_STOCK_QUANTITY = 1_000_000


def change_stock(
    *,
    stock: Stock,
    source: str,
    delta: int | None = None,
    new_quantity: int | None = None,
    external_id: str = "",
    actor=None,
    note: str = "",
    field: str = "quantity",
) -> StockMovement | None:
    """Apply a delta (or set an absolute count) to one stock row under its lock.

    Returns the movement, or None when `external_id` was already applied (a replay) or when the
    change is zero. Raises InsufficientStock if the result would be negative or below what is
    allocated to orders.
    """
    if (delta is None) == (new_quantity is None):
        raise ValueError("Give exactly one of delta and new_quantity.")
    if source not in MovementSource.values:
        raise ValueError(f"Unknown stock movement source {source!r}.")
    with transaction.atomic():
        locked = lock_stocks([stock.pk])[stock.pk]
        if (
            external_id
            and StockMovement.objects.filter(
                source=source, external_id=external_id, stock=locked
            ).exists()
        ):
            return None
        if new_quantity is not None:
            if new_quantity < 0 or new_quantity > MAX_STOCK_QUANTITY:
                raise DomainError(
                    f"Jumlah stok harus antara 0 dan {MAX_STOCK_QUANTITY}.",
                    code="OUT_OF_RANGE",
                    field=field,
                )
            delta = new_quantity - locked.quantity
        after = locked.quantity + delta
        if after < 0 or after < locked.quantity_allocated:
            raise InsufficientStock(
                "Stok tidak mencukupi untuk perubahan ini.", field=field, lines=[locked.variant_id]
            )
        if after > MAX_STOCK_QUANTITY:
            raise DomainError("Jumlah stok terlalu besar.", code="OUT_OF_RANGE", field=field)
        if delta == 0 and not external_id:
            return None
        try:
            with transaction.atomic():
                movement = StockMovement.objects.create(
                    stock=locked,
                    delta=delta,
                    quantity_after=after,
                    source=source,
                    external_id=external_id,
                    actor=actor if getattr(actor, "pk", None) else None,
                    note=note[:255],
                )
        except IntegrityError:
            return None  # the same external id was applied concurrently
        Stock.objects.filter(pk=locked.pk).update(quantity=after, updated_at=timezone.now())
        locked.quantity = after
        stock.quantity = after
        bump_catalog_version()
        return movement


def get_available_quantities(
    variant_ids: Iterable[int], *, exclude_checkout_token=None
) -> dict[int, int]:
    """Units a shopper could buy now, per variant: Σ(quantity − allocated) − live reservations.

    One query whatever the number of variants. Reservations of `exclude_checkout_token` (the
    caller's own checkout) do not count against it.
    """
    ids = list(set(variant_ids))
    available: dict[int, int] = defaultdict(int)
    if not ids:
        return {}
    held = Reservation.objects.filter(stock=OuterRef("pk"), expires_at__gt=timezone.now())
    if exclude_checkout_token is not None:
        held = held.exclude(checkout_token=exclude_checkout_token)
    held = held.order_by().values("stock").annotate(total=Sum("quantity")).values("total")
    rows = (
        Stock.objects.filter(variant_id__in=ids)
        .annotate(held=Coalesce(Subquery(held[:1]), 0))
        .values_list("variant_id", "quantity", "quantity_allocated", "held")
    )
    for variant_id, quantity, allocated, reserved in rows:  # one query, one row per warehouse
        available[variant_id] += quantity - allocated - reserved
    return {vid: max(available.get(vid, 0), 0) for vid in ids}


def set_variant_stocks(
    *,
    variant,
    quantities: list[tuple[int, int]],
    actor=None,
    source: str = MovementSource.MANUAL,
    note: str = "",
) -> list[Stock]:
    """Set absolute counts of one variant in the vendor's warehouses (a seller's manual edit).

    `quantities` is [(warehouse_id, quantity), ...]; each warehouse must belong to the variant's
    vendor (otherwise NOT_FOUND on `stocks.<i>.warehouseId`, never a hint that it exists). Missing
    stock rows are created; every change goes through `change_stock`, so it is a movement.
    Returns the variant's stock rows for the given warehouses, in the given order.
    """
    from vendors.models import Warehouse

    with transaction.atomic():
        seen: set[int] = set()
        for index, (warehouse_id, quantity) in enumerate(quantities):
            if warehouse_id in seen:
                raise DomainError(
                    "Gudang yang sama disebut dua kali.",
                    code="INVALID",
                    field=f"stocks.{index}.warehouseId",
                )
            seen.add(warehouse_id)
            if quantity is None or quantity < 0 or quantity > MAX_STOCK_QUANTITY:
                raise DomainError(
                    f"Jumlah stok harus antara 0 dan {MAX_STOCK_QUANTITY}.",
                    code="OUT_OF_RANGE",
                    field=f"stocks.{index}.quantity",
                )
        owned = set(
            Warehouse.objects.filter(pk__in=seen, vendor_id=variant.vendor_id).values_list(
                "pk", flat=True
            )
        )
        for index, (warehouse_id, _quantity) in enumerate(quantities):
            if warehouse_id not in owned:
                raise DomainError(
                    "Gudang tidak ditemukan.", code="NOT_FOUND", field=f"stocks.{index}.warehouseId"
                )
        stocks: list[Stock] = []
        for index, (warehouse_id, quantity) in enumerate(quantities):
            stock = Stock.objects.filter(variant=variant, warehouse_id=warehouse_id).first()
            if stock is None:
                try:
                    with transaction.atomic():
                        stock = Stock.objects.create(
                            variant=variant, warehouse_id=warehouse_id, quantity=0
                        )
                except IntegrityError:  # created concurrently
                    stock = Stock.objects.get(variant=variant, warehouse_id=warehouse_id)
            change_stock(
                stock=stock,
                source=source,
                new_quantity=quantity,
                actor=actor,
                note=note,
                field=f"stocks.{index}.quantity",
            )
            stocks.append(stock)
        return stocks
