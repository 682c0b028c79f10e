"""CSV stocktakes (stock opname): counted quantities per SKU for one warehouse.

Format: a header row with `sku` and `quantity` (any order, any case, `,` or `;` separated), then
one row per SKU. Line numbers in the report are the file's line numbers (the header is line 1).

Every row is validated on its own (unknown SKU, not an integer, out of range, duplicate SKU, below
what is allocated to orders). Default: good rows are applied, bad rows are reported. `atomic`:
if any row is bad nothing is applied. Progress goes to a callback `(processed, total)` and to
`StockCount.processed_rows` (committed every PROGRESS_EVERY rows outside atomic mode).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.catalog.models import ProductVariant
from marketplace.core.exceptions import DomainError
from marketplace.inventory.lock_objects import lock_stocks
from marketplace.inventory.models import MovementSource, Stock
from marketplace.inventory.services.stock import MAX_STOCK_QUANTITY, change_stock

from ..models import StockCount, StockCountStatus
from .effects import after_stock_change

MAX_CSV_BYTES = 5 * 1024 * 1024
PROGRESS_EVERY = 50

Progress = Callable[[int, int], None]


@dataclass
class Row:
    line: int
    sku: str
    raw_quantity: str


def parse_stock_count_csv(csv_text: str) -> list[Row]:
    """The data rows, or a DomainError for a file that cannot be read at all."""
    if csv_text is None or not csv_text.strip():
        raise DomainError("Berkas CSV kosong.", code="REQUIRED", field="csv")
    if len(csv_text.encode("utf-8")) > MAX_CSV_BYTES:
        raise DomainError("Berkas CSV paling besar 5 MB.", code="FILE_TOO_LARGE", field="csv")
    text = csv_text.lstrip("\ufeff")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise DomainError("Baris judul CSV tidak terbaca.", code="INVALID", field="csv")
    columns = [h.strip().lower() for h in header]
    if "sku" not in columns or "quantity" not in columns:
        raise DomainError(
            "Baris judul harus memuat kolom sku dan quantity.", code="INVALID", field="csv"
        )
    sku_at, qty_at = columns.index("sku"), columns.index("quantity")
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            sku = record[sku_at].strip() if sku_at < len(record) else ""
            quantity = record[qty_at].strip() if qty_at < len(record) else ""
            rows.append(Row(line=line, sku=sku, raw_quantity=quantity))
    except csv.Error as exc:
        raise DomainError(
            f"CSV rusak di baris {reader.line_num}: {exc}", code="INVALID", field="csv"
        )
    if not rows:
        raise DomainError("CSV tidak memuat baris data.", code="REQUIRED", field="csv")
    if len(rows) > settings.STOCK_COUNT_MAX_ROWS:
        raise DomainError(
            f"Paling banyak {settings.STOCK_COUNT_MAX_ROWS} baris per unggahan.",
            code="OUT_OF_RANGE",
            field="csv",
        )
    return rows


def create_stock_count(
    *, warehouse, csv_text: str, atomic: bool, actor=None, channel=None, filename: str = ""
) -> StockCount:
    rows = parse_stock_count_csv(csv_text)
    return StockCount.objects.create(
        warehouse=warehouse,
        channel=channel,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        filename=filename[:200],
        csv_text=csv_text,
        atomic=atomic,
        total_rows=len(rows),
    )


def _validate(
    count: StockCount, rows: list[Row]
) -> tuple[list[tuple[Row, ProductVariant, int]], list[dict]]:
    variants = {
        v.sku: v
        for v in ProductVariant.objects.filter(
            vendor_id=count.warehouse.vendor_id, sku__in={r.sku for r in rows if r.sku}
        ).select_related("product")
    }
    allocated = dict(
        Stock.objects.filter(
            warehouse_id=count.warehouse_id, variant__in=list(variants.values())
        ).values_list("variant_id", "quantity_allocated")
    )
    good: list[tuple[Row, ProductVariant, int]] = []
    refusals: list[dict] = []
    seen: dict[str, int] = {}

    def refuse(row: Row, code: str, message: str) -> None:
        refusals.append({"line": row.line, "sku": row.sku, "code": code, "message": message})

    for row in rows:
        if not row.sku:
            refuse(row, "REQUIRED", "SKU kosong.")
            continue
        if row.sku in seen:
            refuse(row, "DUPLICATE_SKU", f"SKU sudah ada di baris {seen[row.sku]}.")
            continue
        seen[row.sku] = row.line
        variant = variants.get(row.sku)
        if variant is None:
            refuse(row, "NOT_FOUND", "SKU tidak dikenal untuk usaha ini.")
            continue
        try:
            quantity = int(row.raw_quantity)
        except ValueError:
            refuse(row, "INVALID", f"Jumlah '{row.raw_quantity[:20]}' bukan bilangan bulat.")
            continue
        if quantity < 0 or quantity > MAX_STOCK_QUANTITY:
            refuse(row, "OUT_OF_RANGE", f"Jumlah harus antara 0 dan {MAX_STOCK_QUANTITY}.")
            continue
        if quantity < allocated.get(variant.pk, 0):
            refuse(
                row,
                "INSUFFICIENT_STOCK",
                f"Hitungan {quantity} di bawah {allocated[variant.pk]} unit yang sudah dialokasikan ke pesanan.",
            )
            continue
        good.append((row, variant, quantity))
    return good, refusals


def _apply_row(count: StockCount, row: Row, variant: ProductVariant, quantity: int) -> dict | None:
    """Set one counted quantity; returns the change, None if unchanged; raises InsufficientStock."""
    stock, _ = Stock.objects.get_or_create(variant=variant, warehouse_id=count.warehouse_id)
    locked = lock_stocks([stock.pk])[stock.pk]
    before = locked.quantity
    if quantity < locked.quantity_allocated:
        raise DomainError(
            f"Hitungan {quantity} di bawah {locked.quantity_allocated} unit yang sudah dialokasikan ke pesanan.",
            code="INSUFFICIENT_STOCK",
        )
    if quantity == before:
        return None
    change_stock(
        stock=locked,
        source=MovementSource.STOCKTAKE,
        new_quantity=quantity,
        external_id=f"count:{count.pk}:{variant.pk}",
        actor=count.uploaded_by,
        note=f"stock opname #{count.pk} baris {row.line}",
    )
    locked.variant = variant
    after_stock_change(stock=locked, before=before, after=quantity)
    return {
        "line": row.line,
        "sku": row.sku,
        "before": before,
        "after": quantity,
        "delta": quantity - before,
    }


def run_stock_count(*, count_id: int, progress: Progress | None = None) -> StockCount:
    """Validate and apply a stocktake (idempotent: a finished count is returned as it is)."""
    count = StockCount.objects.select_related("warehouse").get(pk=count_id)
    if count.status not in (StockCountStatus.PENDING, StockCountStatus.RUNNING):
        return count
    rows = parse_stock_count_csv(count.csv_text)
    total = len(rows)
    StockCount.objects.filter(pk=count.pk).update(status=StockCountStatus.RUNNING, total_rows=total)
    good, refusals = _validate(count, rows)
    changes: list[dict] = []
    unchanged = 0

    def report(processed: int) -> None:
        if progress:
            progress(processed, total)

    if count.atomic:
        if refusals:
            report(total)
            return _finish(
                count,
                StockCountStatus.REJECTED,
                changes=[],
                refusals=refusals,
                unchanged=0,
                total=total,
            )
        try:
            with transaction.atomic():
                for index, (row, variant, quantity) in enumerate(good, start=1):
                    try:
                        change = _apply_row(count, row, variant, quantity)
                    except DomainError as exc:
                        refusals.append(
                            {
                                "line": row.line,
                                "sku": row.sku,
                                "code": exc.code,
                                "message": str(exc),
                            }
                        )
                        raise
                    if change:
                        changes.append(change)
                    else:
                        unchanged += 1
                    if index % PROGRESS_EVERY == 0:
                        report(index)
        except DomainError:
            report(total)
            return _finish(
                count,
                StockCountStatus.REJECTED,
                changes=[],
                refusals=refusals,
                unchanged=0,
                total=total,
            )
        report(total)
        return _finish(
            count,
            StockCountStatus.APPLIED,
            changes=changes,
            refusals=[],
            unchanged=unchanged,
            total=total,
        )

    processed_bad = len(rows) - len(good)
    for index, (row, variant, quantity) in enumerate(good, start=1):
        try:
            with transaction.atomic():
                change = _apply_row(count, row, variant, quantity)
        except DomainError as exc:
            refusals.append(
                {"line": row.line, "sku": row.sku, "code": exc.code, "message": str(exc)}
            )
            continue
        if change:
            changes.append(change)
        else:
            unchanged += 1
        if index % PROGRESS_EVERY == 0:
            StockCount.objects.filter(pk=count.pk).update(processed_rows=processed_bad + index)
            report(processed_bad + index)
    report(total)
    refusals.sort(key=lambda r: r["line"])
    status = StockCountStatus.PARTIAL if refusals else StockCountStatus.APPLIED
    if refusals and not changes and not unchanged:
        status = StockCountStatus.REJECTED
    return _finish(
        count, status, changes=changes, refusals=refusals, unchanged=unchanged, total=total
    )


def _finish(
    count: StockCount, status: str, *, changes, refusals, unchanged: int, total: int
) -> StockCount:
    count.status = status
    count.total_rows = total
    count.processed_rows = total
    count.changes = sorted(changes, key=lambda c: c["line"])
    count.refusals = sorted(refusals, key=lambda r: r["line"])
    count.applied_rows = len(changes)
    count.unchanged_rows = unchanged
    count.refused_rows = len(refusals)
    count.finished_at = timezone.now()
    count.save()
    return count
