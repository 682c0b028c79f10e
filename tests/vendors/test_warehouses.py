"""Warehouses: created, edited and deleted by the vendor's members, never while holding stock."""

from __future__ import annotations

import pytest

from tests.factories import StockFactory, VariantFactory
from vendors.models import Warehouse

from .conftest import address_input

CREATE = """
mutation($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) {
    warehouse { id name latitude longitude isPickupPoint vendor { slug } address { city } }
    errors { field code message }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: WarehouseUpdateInput!) {
  warehouseUpdate(id: $id, input: $input) {
    warehouse { name isActive address { district postalCode } } errors { field code }
  }
}"""
DELETE = """
mutation($id: ID!) { warehouseDelete(id: $id) { deletedWarehouseId deactivated errors { field code } } }"""


def create_input(cast, **overrides):
    data = {
        "vendorId": cast.gid("Vendor", cast.vendor_a),
        "name": "Gudang Utama",
        "address": address_input(),
        "latitude": -6.9667,
        "longitude": 110.4167,
        "isPickupPoint": True,
    }
    data.update(overrides)
    return data


def test_member_creates_a_warehouse(gql, cast):
    result = gql.as_user(cast.staff_a).data(CREATE, {"input": create_input(cast)})[
        "warehouseCreate"
    ]
    assert result["errors"] == []
    assert result["warehouse"]["vendor"] == {"slug": "batik-gunungpati"}
    assert result["warehouse"]["latitude"] == pytest.approx(-6.9667)
    assert result["warehouse"]["address"] == {"city": "Kota Semarang"}
    dup = gql.as_user(cast.owner_a).data(CREATE, {"input": create_input(cast)})["warehouseCreate"]
    assert dup["errors"] == [
        {"field": "name", "code": "UNIQUE", "message": "Nama gudang sudah dipakai."}
    ]
    assert Warehouse.objects.count() == 1


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"latitude": 91}, ("latitude", "OUT_OF_RANGE")),
        ({"longitude": -180.5}, ("longitude", "OUT_OF_RANGE")),
        ({"name": ""}, ("name", "REQUIRED")),
        ({"name": "G" * 101}, ("name", "MAX_LENGTH")),
        ({"address": None}, ("address", "REQUIRED")),
        ({"vendorId": "bukan-id"}, ("vendorId", "INVALID")),
    ],
)
def test_invalid_warehouse_input_writes_nothing(gql, cast, overrides, expected):
    result = gql.as_user(cast.owner_a).data(CREATE, {"input": create_input(cast, **overrides)})
    assert expected in [(e["field"], e["code"]) for e in result["warehouseCreate"]["errors"]]
    assert not Warehouse.objects.exists()


def test_update_keeps_the_old_address_row(gql, cast, warehouse_a):
    old_address_id = warehouse_a.address_id
    result = gql.as_user(cast.owner_a).data(
        UPDATE,
        {
            "id": cast.gid("Warehouse", warehouse_a),
            "input": {
                "name": "Gudang Baru",
                "isActive": False,
                "address": address_input(
                    district="Semarang Tengah", subdistrict="Miroto", postalCode="50134"
                ),
            },
        },
    )["warehouseUpdate"]
    assert result == {
        "warehouse": {
            "name": "Gudang Baru",
            "isActive": False,
            "address": {"district": "Semarang Tengah", "postalCode": "50134"},
        },
        "errors": [],
    }
    warehouse_a.refresh_from_db()
    assert warehouse_a.address_id != old_address_id
    assert type(warehouse_a.address).objects.filter(pk=old_address_id).exists()


def test_delete_refuses_while_holding_stock_then_deactivates_or_deletes(gql, cast, warehouse_a):
    variant = VariantFactory(product__vendor=cast.vendor_a)
    stock = StockFactory(variant=variant, warehouse=warehouse_a, quantity=4)
    client = gql.as_user(cast.owner_a)
    gid = cast.gid("Warehouse", warehouse_a)

    refused = client.data(DELETE, {"id": gid})["warehouseDelete"]
    assert refused["errors"] == [{"field": "id", "code": "INVALID"}]
    assert Warehouse.objects.filter(pk=warehouse_a.pk, is_active=True).exists()

    stock.quantity = 0
    stock.save()
    kept = client.data(DELETE, {"id": gid})["warehouseDelete"]
    assert kept == {"deletedWarehouseId": gid, "deactivated": True, "errors": []}
    assert Warehouse.objects.filter(pk=warehouse_a.pk, is_active=False).exists()

    stock.delete()
    gone = client.data(DELETE, {"id": gid})["warehouseDelete"]
    assert gone == {"deletedWarehouseId": gid, "deactivated": False, "errors": []}
    assert not Warehouse.objects.filter(pk=warehouse_a.pk).exists()
