"""Stock through the API: a vendor sets counts per warehouse (each change a MANUAL movement),
shoppers see `quantityAvailable`, and the anonymous response cache never shows stale stock or
prices."""

from __future__ import annotations

from decimal import Decimal

from marketplace.inventory.models import Stock, StockMovement
from tests.catalog.helpers import gid, published_product
from tests.factories import WarehouseFactory

STOCKS_UPDATE = """
mutation($id: ID!, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $id, stocks: $stocks) {
    variant { sku quantityAvailable }
    stocks { quantity quantityAllocated warehouse { id } }
    errors { field code message }
  }
}"""
PRODUCT = """
query($slug: String!) {
  product(slug: $slug) { pricing { priceRange { start { amount } } } variants { price { amount } quantityAvailable } }
}"""
VARIANT_UPDATE = """
mutation($id: ID!, $price: Decimal) {
  productVariantUpdate(id: $id, input: {price: $price}) { errors { field code } }
}"""
MOVEMENTS = """
query($id: ID!, $after: String) {
  stockMovements(variantId: $id, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { delta quantityAfter source warehouse { id } } }
  }
}"""


def test_setting_counts_creates_missing_rows_and_records_movements(gql, world):
    product = published_product(world.vendor_a, quantity=10)
    variant = product.variants.get()
    second = WarehouseFactory(vendor=world.vendor_a)
    result = gql.as_user(world.owner_a).data(
        STOCKS_UPDATE,
        {
            "id": gid("ProductVariant", variant.pk),
            "stocks": [
                {"warehouseId": gid("Warehouse", world.warehouse_a.pk), "quantity": 4},
                {"warehouseId": gid("Warehouse", second.pk), "quantity": 7},
            ],
        },
    )["productVariantStocksUpdate"]
    assert result["errors"] == []
    assert [s["quantity"] for s in result["stocks"]] == [4, 7]
    assert result["variant"]["quantityAvailable"] == 4 + 7
    assert Stock.objects.get(variant=variant, warehouse=second).quantity == 7
    deltas = sorted(
        StockMovement.objects.filter(stock__variant=variant).values_list("delta", "source")
    )
    assert deltas == [(-6, "MANUAL"), (7, "MANUAL")]
    movement = StockMovement.objects.get(stock__warehouse=second)
    assert movement.actor == world.owner_a


def test_bad_stock_input_changes_nothing(gql, world):
    product = published_product(world.vendor_a, quantity=10)
    variant = product.variants.get()
    stock = variant.stocks.get()
    stock.quantity_allocated = 3
    stock.save()
    client = gql.as_user(world.owner_a)
    cases = [
        (
            [{"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": -1}],
            "stocks.0.quantity",
            "OUT_OF_RANGE",
        ),
        (
            [{"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": 2_000_000}],
            "stocks.0.quantity",
            "OUT_OF_RANGE",
        ),
        (
            [{"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": 2}],
            "stocks.0.quantity",
            "INSUFFICIENT_STOCK",
        ),
        (
            [
                {"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": 20},
                {"warehouseId": gid("Warehouse", world.warehouse_b.pk), "quantity": 5},
            ],
            "stocks.1.warehouseId",
            "NOT_FOUND",
        ),
        (
            [
                {"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": 20},
                {"warehouseId": gid("Warehouse", stock.warehouse_id), "quantity": 21},
            ],
            "stocks.1.warehouseId",
            "INVALID",
        ),
        ([{"warehouseId": "rusak", "quantity": 1}], "stocks.0.warehouseId", "INVALID"),
    ]
    for stocks, field, code in cases:
        result = client.data(
            STOCKS_UPDATE, {"id": gid("ProductVariant", variant.pk), "stocks": stocks}
        )
        errors = result["productVariantStocksUpdate"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], stocks
    stock.refresh_from_db()
    assert stock.quantity == 10
    assert not StockMovement.objects.exists()
    assert Stock.objects.filter(variant=variant).count() == 1


def test_stock_movements_are_paginated_newest_first(gql, world):
    product = published_product(world.vendor_a, quantity=0)
    variant = product.variants.get()
    client = gql.as_user(world.owner_a)
    for quantity in (5, 8, 6):
        client.data(
            STOCKS_UPDATE,
            {
                "id": gid("ProductVariant", variant.pk),
                "stocks": [
                    {"warehouseId": gid("Warehouse", world.warehouse_a.pk), "quantity": quantity}
                ],
            },
        )
    first = client.data(MOVEMENTS, {"id": gid("ProductVariant", variant.pk)})["stockMovements"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    assert [e["node"]["quantityAfter"] for e in first["edges"]] == [6, 8]
    rest = client.data(
        MOVEMENTS,
        {"id": gid("ProductVariant", variant.pk), "after": first["pageInfo"]["endCursor"]},
    )["stockMovements"]
    assert [(e["node"]["delta"], e["node"]["quantityAfter"]) for e in rest["edges"]] == [(5, 5)]
    assert not rest["pageInfo"]["hasNextPage"]


def test_anonymous_cache_shows_a_stock_change_immediately(
    gql, world, django_capture_on_commit_callbacks
):
    product = published_product(world.vendor_a, quantity=10)
    variant = product.variants.get()
    assert (
        gql.data(PRODUCT, {"slug": product.slug})["product"]["variants"][0]["quantityAvailable"]
        == 10
    )
    # Served from the response cache while nothing changes:
    Stock.objects.filter(variant=variant).update(quantity=9)  # behind the services' back
    assert (
        gql.data(PRODUCT, {"slug": product.slug})["product"]["variants"][0]["quantityAvailable"]
        == 10
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = gql.as_user(world.owner_a).data(
            STOCKS_UPDATE,
            {
                "id": gid("ProductVariant", variant.pk),
                "stocks": [{"warehouseId": gid("Warehouse", world.warehouse_a.pk), "quantity": 3}],
            },
        )
    assert result["productVariantStocksUpdate"]["errors"] == []
    assert (
        gql.data(PRODUCT, {"slug": product.slug})["product"]["variants"][0]["quantityAvailable"]
        == 3
    )


def test_anonymous_cache_shows_a_price_change_immediately(
    gql, world, django_capture_on_commit_callbacks
):
    product = published_product(world.vendor_a, price="65000")
    variant = product.variants.get()
    before = gql.data(PRODUCT, {"slug": product.slug})["product"]
    assert before["pricing"]["priceRange"]["start"]["amount"] == "65000"
    with django_capture_on_commit_callbacks(execute=True):
        result = gql.as_user(world.owner_a).data(
            VARIANT_UPDATE, {"id": gid("ProductVariant", variant.pk), "price": "59000"}
        )
    assert result["productVariantUpdate"]["errors"] == []
    after = gql.data(PRODUCT, {"slug": product.slug})["product"]
    assert after["variants"][0]["price"]["amount"] == "59000"
    assert after["pricing"]["priceRange"]["start"]["amount"] == "59000"
    product.refresh_from_db()
    assert product.min_price == Decimal("59000")
