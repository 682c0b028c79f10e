"""A page of vendors costs a fixed number of queries whatever its size (DataLoaders)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StaffFactory, VendorFactory, VendorMemberFactory, WarehouseFactory

PUBLIC = (
    "{ vendors(first: 50) { totalCount edges { node { id name slug status sentraName rating } } } }"
)
STAFF = """{ vendors(first: 50) { edges { node {
  name npwp warehouses { name address { city } } members { role user { email } } reviews { reason }
  documents { number } invitations { email } } } } }"""


def count_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.data(query)
    return len(captured)


def add_vendors(n: int) -> None:
    for _ in range(n):
        vendor = VendorFactory()
        WarehouseFactory(vendor=vendor)
        VendorMemberFactory(vendor=vendor)


def test_vendor_pages_cost_a_constant_number_of_queries(gql):
    admin_client = gql.as_user(StaffFactory())
    add_vendors(3)
    small_public, small_staff = count_queries(gql, PUBLIC), count_queries(admin_client, STAFF)
    add_vendors(12)
    cache.clear()  # anonymous answers are cached until the catalogue version changes
    assert count_queries(gql, PUBLIC) == small_public == 2
    assert count_queries(admin_client, STAFF) == small_staff <= 8
