"""CSV stocktakes: row-by-row validation, a report by line number, partial vs atomic, progress."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.core.graphql.ids import encode_id
from marketplace.inventory.models import Stock, StockMovement
from marketplace.stocksync.models import StockCount
from tests.factories import (
    StockFactory,
    UserFactory,
    VariantFactory,
    VendorMemberFactory,
    WarehouseFactory,
)

IMPORT = """
mutation($warehouseId: ID, $channelId: ID, $csv: String!, $atomic: Boolean) {
  stockCountImport(warehouseId: $warehouseId, channelId: $channelId, csv: $csv, atomic: $atomic) {
    stockCount { id status totalRows processedRows appliedRows unchangedRows refusedRows progress
      changes { line sku before after delta } refusals { line sku code message } }
    errors { field code message }
  }
}"""


@pytest.fixture
def shop(db):
    """A vendor's warehouse: A (10), B (5), C (2), D (2, both allocated to orders)."""
    owner = VendorMemberFactory()
    warehouse = WarehouseFactory(vendor=owner.vendor)
    a = StockFactory(
        variant=VariantFactory(product__vendor=owner.vendor, sku="BTK-A"),
        warehouse=warehouse,
        quantity=10,
    )
    b = StockFactory(
        variant=VariantFactory(product__vendor=owner.vendor, sku="BTK-B"),
        warehouse=warehouse,
        quantity=5,
    )
    c = StockFactory(
        variant=VariantFactory(product__vendor=owner.vendor, sku="BTK-C"),
        warehouse=warehouse,
        quantity=2,
    )
    d = StockFactory(
        variant=VariantFactory(product__vendor=owner.vendor, sku="BTK-D"),
        warehouse=warehouse,
        quantity=2,
    )
    Stock.objects.filter(pk=d.pk).update(quantity_allocated=2)
    return owner.user, warehouse, a, b, c


CSV_WITH_BAD_ROWS = "\n".join(
    [
        "sku,quantity",  # line 1
        "BTK-A,7",  # 2 good: 10 → 7
        "BTK-X,3",  # 3 unknown SKU
        "BTK-B,lima",  # 4 not a number
        "BTK-C,2",  # 5 good but unchanged
        "BTK-A,9",  # 6 duplicate SKU
        "BTK-B,4",  # 7 duplicate SKU (B was on line 4)
        ",4",  # 8 empty SKU
        "BTK-D,1",  # 9 below the 2 units allocated to orders
    ]
)


def quantities(*stocks):
    return [Stock.objects.get(pk=s.pk).quantity for s in stocks]


def test_partial_import_applies_good_rows_and_reports_bad_rows_by_line(gql, shop):
    user, warehouse, a, b, c = shop
    result = gql.as_user(user).execute(
        IMPORT, {"warehouseId": encode_id("Warehouse", warehouse.pk), "csv": CSV_WITH_BAD_ROWS}
    )["data"]["stockCountImport"]
    assert result["errors"] == []
    count = result["stockCount"]
    assert count["status"] == "PARTIAL"
    assert (count["totalRows"], count["processedRows"], count["progress"]) == (8, 8, 1.0)
    assert count["changes"] == [{"line": 2, "sku": "BTK-A", "before": 10, "after": 7, "delta": -3}]
    assert count["unchangedRows"] == 1
    assert [(r["line"], r["code"]) for r in count["refusals"]] == [
        (3, "NOT_FOUND"),
        (4, "INVALID"),
        (6, "DUPLICATE_SKU"),
        (7, "DUPLICATE_SKU"),
        (8, "REQUIRED"),
        (9, "INSUFFICIENT_STOCK"),
    ]
    assert quantities(a, b, c) == [7, 5, 2]
    movement = StockMovement.objects.get()
    assert (movement.source, movement.delta, movement.actor_id) == ("STOCKTAKE", -3, user.pk)


def test_atomic_import_with_a_bad_row_applies_nothing(gql, shop):
    user, warehouse, a, b, c = shop
    result = gql.as_user(user).execute(
        IMPORT,
        {
            "warehouseId": encode_id("Warehouse", warehouse.pk),
            "csv": CSV_WITH_BAD_ROWS,
            "atomic": True,
        },
    )["data"]["stockCountImport"]
    count = result["stockCount"]
    assert count["status"] == "REJECTED"
    assert count["changes"] == [] and count["refusedRows"] == 6
    assert quantities(a, b, c) == [10, 5, 2]
    assert not StockMovement.objects.exists()


def test_atomic_import_of_good_rows_applies_them_all(gql, shop):
    user, warehouse, a, b, c = shop
    csv_text = "SKU;Quantity\nBTK-A;1\nBTK-B;2\nBTK-C;4\n"
    count = gql.as_user(user).execute(
        IMPORT,
        {"warehouseId": encode_id("Warehouse", warehouse.pk), "csv": csv_text, "atomic": True},
    )["data"]["stockCountImport"]["stockCount"]
    assert count["status"] == "APPLIED" and count["appliedRows"] == 3
    assert quantities(a, b, c) == [1, 2, 4]


@pytest.mark.parametrize(
    ("csv_text", "code"),
    [("", "REQUIRED"), ("nama,jumlah\nA,1", "INVALID"), ("sku,quantity\n", "REQUIRED")],
)
def test_unreadable_files_answer_a_code_and_create_nothing(gql, shop, csv_text, code):
    user, warehouse, *_ = shop
    result = gql.as_user(user).execute(
        IMPORT, {"warehouseId": encode_id("Warehouse", warehouse.pk), "csv": csv_text}
    )["data"]["stockCountImport"]
    assert result["stockCount"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("csv", code)]
    assert not StockCount.objects.exists()


def test_outsiders_cannot_import_into_another_vendors_warehouse(gql, shop):
    _, warehouse, a, *_ = shop
    result = gql.as_user(UserFactory()).execute(
        IMPORT,
        {"warehouseId": encode_id("Warehouse", warehouse.pk), "csv": "sku,quantity\nBTK-A,1"},
    )["data"]["stockCountImport"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("warehouseId", "NOT_FOUND")]
    assert quantities(a) == [10]


def test_management_command_prints_progress_and_the_report(shop, tmp_path):
    _, warehouse, a, b, c = shop
    rows = ["sku,quantity", "BTK-A,3", "BTK-B,oops", "BTK-C,2"] + [
        f"NOPE-{n},1" for n in range(120)
    ]
    path = tmp_path / "opname.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    out = io.StringIO()
    call_command("stock_count_import", str(path), "--warehouse", str(warehouse.pk), stdout=out)
    text = out.getvalue()
    assert "progres: 123/123 baris (100%)" in text
    assert "baris 2: BTK-A 10 → 3" in text
    assert "DITOLAK baris 3: BTK-B [INVALID]" in text
    assert "DITOLAK baris 124: NOPE-119 [NOT_FOUND]" in text
    assert "1 berubah, 1 sama, 121 ditolak dari 123 baris" in text
    assert quantities(a) == [3]
    with pytest.raises(CommandError):
        call_command("stock_count_import", str(path), "--warehouse", "999999", stdout=io.StringIO())


def test_progress_callback_reports_while_rows_are_applied(shop):
    from marketplace.stocksync.services.stocktake import create_stock_count, run_stock_count

    _, warehouse, *_ = shop
    variants = [
        VariantFactory(product__vendor=warehouse.vendor, sku=f"P-{n:03d}") for n in range(120)
    ]
    csv_text = "sku,quantity\n" + "\n".join(f"{v.sku},{n}" for n, v in enumerate(variants, start=1))
    count = create_stock_count(warehouse=warehouse, csv_text=csv_text, atomic=False)
    seen: list[tuple[int, int]] = []
    result = run_stock_count(
        count_id=count.pk, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(50, 120), (100, 120), (120, 120)]
    assert result.status == "APPLIED" and result.applied_rows == 120
