"""Listing and finding vendors: public fields, filters, pagination, members' private view."""

from __future__ import annotations

from tests.factories import VendorFactory, WarehouseFactory
from vendors.models import VendorStatus

VENDORS = """
query($first: Int!, $after: String, $filter: VendorFilterInput) {
  vendors(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { slug status } }
  }
}"""

PRIVATE = """
query($slug: String!) {
  vendor(slug: $slug) {
    name sentra sentraName npwp phone contactName
    warehouses { name } members { role user { email } } invitations { email } reviews { reason }
  }
}"""


def slugs(data) -> list[str]:
    return [edge["node"]["slug"] for edge in data["vendors"]["edges"]]


def test_filters_and_pagination(gql, cast):
    VendorFactory(
        name="Tenant Galeri", slug="tenant-galeri", is_gallery_tenant=True, sentra="kerajinan"
    )
    VendorFactory(name="Zebra Pending", slug="zebra-pending", status=VendorStatus.PENDING)
    page = gql.data(VENDORS, {"first": 2})
    assert page["vendors"]["totalCount"] == 3
    assert slugs(page) == ["bandeng-juwana", "batik-gunungpati"]
    assert page["vendors"]["pageInfo"]["hasNextPage"] is True
    rest = gql.data(VENDORS, {"first": 2, "after": page["vendors"]["pageInfo"]["endCursor"]})
    assert slugs(rest) == ["tenant-galeri"]
    assert slugs(gql.data(VENDORS, {"first": 10, "filter": {"isGalleryTenant": True}})) == [
        "tenant-galeri"
    ]
    assert slugs(gql.data(VENDORS, {"first": 10, "filter": {"sentra": "bandeng-presto"}})) == [
        "bandeng-juwana"
    ]
    assert slugs(gql.data(VENDORS, {"first": 10, "filter": {"search": "JUWANA"}})) == [
        "bandeng-juwana"
    ]
    # Status filter: staff see pending vendors, the public never does.
    assert slugs(gql.data(VENDORS, {"first": 10, "filter": {"status": "PENDING"}})) == []
    staff = gql.as_user(cast.admin).data(VENDORS, {"first": 10, "filter": {"status": "PENDING"}})
    assert slugs(staff) == ["zebra-pending"]


def test_first_is_required_and_capped(gql, cast):
    body = gql.execute(VENDORS, {"first": 101})
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert body["data"]["vendors"] is None


def test_private_fields_only_for_members_and_staff(gql, cast):
    WarehouseFactory(vendor=cast.vendor_a, name="Gudang Gunungpati")
    public = gql.data(PRIVATE, {"slug": "batik-gunungpati"})["vendor"]
    assert public == {
        "name": "Batik Gunungpati",
        "sentra": "batik-gunungpati",
        "sentraName": "Batik warna alam Gunungpati",
        "npwp": None,
        "phone": None,
        "contactName": None,
        "warehouses": None,
        "members": None,
        "invitations": None,
        "reviews": None,
    }
    assert gql.as_user(cast.owner_b).data(PRIVATE, {"slug": "batik-gunungpati"})["vendor"] == public
    for viewer in (cast.staff_a, cast.admin):
        own = gql.as_user(viewer).data(PRIVATE, {"slug": "batik-gunungpati"})["vendor"]
        assert own["npwp"] == "0123456789012345"
        assert own["warehouses"] == [{"name": "Gudang Gunungpati"}]
        assert sorted(m["role"] for m in own["members"]) == ["OWNER", "STAFF"]


def test_me_lists_memberships_and_my_vendors(gql, pending_cast):
    cast = pending_cast
    me = gql.as_user(cast.owner_a).data(
        "{ me { vendorMemberships { role vendor { slug status } } } myVendors { slug } }"
    )
    assert me == {
        "me": {
            "vendorMemberships": [
                {"role": "OWNER", "vendor": {"slug": "batik-gunungpati", "status": "PENDING"}}
            ]
        },
        "myVendors": [{"slug": "batik-gunungpati"}],
    }
    assert gql.data("{ myVendors { slug } }") == {"myVendors": []}
