"""Address validation: the same coded errors everywhere an address is entered. Exercised through
`warehouseCreate` (the public surface) and `validate_address` (the service checkout also calls)."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Address
from marketplace.accounts.services.addresses import validate_address
from marketplace.core.exceptions import DomainError
from tests.factories import VendorMemberFactory
from vendors.models import Warehouse

WAREHOUSE_CREATE = """
mutation($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) {
    warehouse { id name address { phone city province district subdistrict postalCode regionCode } }
    errors { field code message }
  }
}"""


def good_address(**overrides) -> dict:
    address = {
        "firstName": "Budi",
        "lastName": "Santoso",
        "phone": "0812-3456-7890",
        "streetAddress1": "Jl. Letjen Suprapto No. 31",
        "subdistrict": "tanjung mas",
        "district": "semarang utara",
        "city": "kota semarang",
        "province": "jawa tengah",
        "postalCode": "50174",
    }
    address.update(overrides)
    return address


def snake(address: dict) -> dict:
    names = {
        "firstName": "first_name",
        "lastName": "last_name",
        "streetAddress1": "street_address_1",
        "streetAddress2": "street_address_2",
        "postalCode": "postal_code",
        "countryCode": "country_code",
    }
    return {names.get(k, k): v for k, v in address.items()}


@pytest.fixture
def owner(db):
    return VendorMemberFactory().user


def create_warehouse(gql, owner, address):
    vendor_id = owner.vendor_memberships.get().vendor_id
    from marketplace.core.graphql.ids import encode_id

    return gql.as_user(owner).data(
        WAREHOUSE_CREATE,
        {
            "input": {
                "vendorId": encode_id("Vendor", vendor_id),
                "name": "Gudang Utama",
                "address": address,
            }
        },
    )["warehouseCreate"]


def test_valid_address_is_normalised(gql, owner):
    result = create_warehouse(gql, owner, good_address())
    assert result["errors"] == []
    assert result["warehouse"]["address"] == {
        "phone": "+6281234567890",
        "city": "Kota Semarang",
        "province": "Jawa Tengah",
        "district": "Semarang Utara",
        "subdistrict": "Tanjung Mas",
        "postalCode": "50174",
        "regionCode": "33.74.02.1008",
    }


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"postalCode": "5017"}, ("address.postalCode", "INVALID_POSTAL_CODE")),
        ({"postalCode": "5017A"}, ("address.postalCode", "INVALID_POSTAL_CODE")),
        ({"postalCode": "99999"}, ("address.postalCode", "INVALID_POSTAL_CODE")),  # unknown
        ({"postalCode": "10110"}, ("address.postalCode", "INVALID_POSTAL_CODE")),  # Jakarta
        ({"postalCode": "50135"}, ("address.postalCode", "INVALID_POSTAL_CODE")),  # other kecamatan
        ({"phone": "12345"}, ("address.phone", "INVALID_PHONE")),
        ({"phone": ""}, ("address.phone", "REQUIRED")),
        ({"province": "Atlantis"}, ("address.province", "INVALID")),
        ({"city": "Semarang"}, ("address.city", "INVALID")),  # kota or kabupaten? ambiguous
        ({"district": "Gambir"}, ("address.district", "INVALID")),
        ({"streetAddress1": "J" * 256}, ("address.streetAddress1", "MAX_LENGTH")),
        ({"firstName": "B" * 101}, ("address.firstName", "MAX_LENGTH")),
        ({"postalCode": "501740"}, ("address.postalCode", "MAX_LENGTH")),
        ({"countryCode": "MY"}, ("address.countryCode", "INVALID")),
        ({"streetAddress1": "   "}, ("address.streetAddress1", "REQUIRED")),
    ],
)
def test_bad_address_answers_a_coded_error_and_writes_nothing(gql, owner, overrides, expected):
    result = create_warehouse(gql, owner, good_address(**overrides))
    assert result["warehouse"] is None
    assert expected in [(e["field"], e["code"]) for e in result["errors"]]
    assert all(e["message"] for e in result["errors"])
    assert not Warehouse.objects.exists()
    assert not Address.objects.exists()


def test_all_field_errors_come_together(db):
    with pytest.raises(DomainError) as caught:
        validate_address(
            snake(good_address(phone="x", postalCode="1", firstName="", city="Nowhere")),
            field="shippingAddress",
        )
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("shippingAddress.phone", "INVALID_PHONE"),
        ("shippingAddress.postalCode", "INVALID_POSTAL_CODE"),
        ("shippingAddress.firstName", "REQUIRED"),
        ("shippingAddress.city", "INVALID"),
    }


def test_province_short_forms_and_optional_district(db):
    cleaned = validate_address(
        snake(
            good_address(
                province="DKI Jakarta",
                city="Jakarta Pusat",
                district="",
                subdistrict="",
                postalCode="10110",
            )
        )
    )
    assert cleaned["province"] == "Daerah Khusus Ibukota Jakarta"
    assert cleaned["country_code"] == "ID"
    assert cleaned["region_code"].count(".") == 1  # matched down to the kota
