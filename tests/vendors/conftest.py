"""Two vendors with their teams, a shopper and a marketplace admin: the cast of the vendor tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.core.graphql.ids import encode_id
from tests.factories import (
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    WarehouseFactory,
)
from vendors.models import VendorRole, VendorStatus


def address_input(**overrides) -> dict:
    address = {
        "firstName": "Budi",
        "lastName": "Santoso",
        "phone": "081234567890",
        "streetAddress1": "Jl. Letjen Suprapto No. 31",
        "subdistrict": "Tanjung Mas",
        "district": "Semarang Utara",
        "city": "Kota Semarang",
        "province": "Jawa Tengah",
        "postalCode": "50174",
    }
    address.update(overrides)
    return address


@dataclass
class Cast:
    vendor_a: object
    vendor_b: object
    owner_a: object
    staff_a: object
    owner_b: object
    shopper: object
    admin: object

    def gid(self, type_name: str, obj) -> str:
        return encode_id(type_name, obj.pk)


@pytest.fixture
def cast(db) -> Cast:
    vendor_a = VendorFactory(
        name="Batik Gunungpati", slug="batik-gunungpati", npwp="0123456789012345"
    )
    vendor_b = VendorFactory(name="Bandeng Juwana", slug="bandeng-juwana", sentra="bandeng-presto")
    owner_a = VendorMemberFactory(vendor=vendor_a, role=VendorRole.OWNER).user
    staff_a = VendorMemberFactory(vendor=vendor_a, role=VendorRole.STAFF).user
    owner_b = VendorMemberFactory(vendor=vendor_b, role=VendorRole.OWNER).user
    return Cast(
        vendor_a=vendor_a,
        vendor_b=vendor_b,
        owner_a=owner_a,
        staff_a=staff_a,
        owner_b=owner_b,
        shopper=UserFactory(),
        admin=StaffFactory(),
    )


@pytest.fixture
def pending_cast(cast) -> Cast:
    cast.vendor_a.status = VendorStatus.PENDING
    cast.vendor_a.save()
    return cast


@pytest.fixture
def warehouse_a(cast):
    return WarehouseFactory(vendor=cast.vendor_a, name="Gudang Gunungpati")
