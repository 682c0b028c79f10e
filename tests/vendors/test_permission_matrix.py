"""Who may read and change what, for every vendor query and mutation, across five callers:
anonymous, a shopper, a member of vendor A, a member of vendor B and a marketplace admin.

Vendor A is PENDING (its profile is not public) and has a warehouse, a staff member, an open
invitation, a curation review and a document. An outsider's answer about A's objects must be
*identical* to the answer about an id that does not exist, and must change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.accounts.models import Address
from marketplace.core.graphql.ids import encode_id
from marketplace.notifications.models import OutboxEvent
from tests.factories import (
    StaffFactory,
    UserFactory,
    VendorFactory,
    VendorMemberFactory,
    WarehouseFactory,
)
from vendors.models import (
    Vendor,
    VendorDocument,
    VendorInvitation,
    VendorMember,
    VendorReview,
    VendorRole,
    VendorStatus,
    Warehouse,
)

from .conftest import address_input

MISSING_PK = 987_654_321
ACTORS = ["anonymous", "shopper", "member_a", "member_b", "admin"]


@dataclass
class World:
    users: dict
    vendor_a: Vendor
    warehouse: Warehouse
    staff_member: VendorMember
    invitation: VendorInvitation
    review: VendorReview
    document: VendorDocument

    def ids(self, *, missing: bool = False) -> dict[str, str]:
        def gid(type_name, obj):
            return encode_id(type_name, MISSING_PK if missing else obj.pk)

        return {
            "Vendor": gid("Vendor", self.vendor_a),
            "Warehouse": gid("Warehouse", self.warehouse),
            "VendorMember": gid("VendorMember", self.staff_member),
            "VendorInvitation": gid("VendorInvitation", self.invitation),
            "VendorReview": gid("VendorReview", self.review),
            "VendorDocument": gid("VendorDocument", self.document),
        }


@pytest.fixture
def world(db) -> World:
    vendor_a = VendorFactory(name="Batik A", slug="batik-a", status=VendorStatus.PENDING)
    vendor_b = VendorFactory(name="Bandeng B", slug="bandeng-b")
    member_a = VendorMemberFactory(vendor=vendor_a, role=VendorRole.OWNER).user
    member_b = VendorMemberFactory(vendor=vendor_b, role=VendorRole.OWNER).user
    admin = StaffFactory()
    return World(
        users={
            "anonymous": None,
            "shopper": UserFactory(),
            "member_a": member_a,
            "member_b": member_b,
            "admin": admin,
        },
        vendor_a=vendor_a,
        warehouse=WarehouseFactory(vendor=vendor_a, name="Gudang A"),
        staff_member=VendorMemberFactory(vendor=vendor_a, role=VendorRole.STAFF),
        invitation=VendorInvitation.objects.create(
            vendor=vendor_a,
            email="calon@example.id",
            token_hash="a" * 64,
            invited_by=member_a,
            expires_at=timezone.now() + timedelta(days=7),
        ),
        review=VendorReview.objects.create(
            vendor=vendor_a, reviewer=admin, decision="APPROVE", reason="catatan"
        ),
        document=VendorDocument.objects.create(vendor=vendor_a, kind="NIB", number="1234567890123"),
    )


def snapshot(world: World) -> dict:
    """Everything an unauthorised mutation might touch."""
    vendor = Vendor.objects.filter(pk=world.vendor_a.pk).values().first()
    vendor.pop("updated_at")
    return {
        "vendor": vendor,
        "warehouses": list(Warehouse.objects.order_by("pk").values()),
        "members": list(VendorMember.objects.order_by("pk").values()),
        "invitations": list(VendorInvitation.objects.order_by("pk").values()),
        "documents": list(VendorDocument.objects.order_by("pk").values()),
        "reviews": VendorReview.objects.count(),
        "addresses": Address.objects.count(),
        "events": OutboxEvent.objects.count(),
    }


def client_for(gql, world, actor):
    user = world.users[actor]
    return gql.as_user(user) if user is not None else gql


# --- reads --------------------------------------------------------------------------------

READS = {
    "vendor(id)": ("query($id: ID!) { vendor(id: $id) { id name status } }", "Vendor"),
    "node(Vendor)": ("query($id: ID!) { node(id: $id) { id ... on Vendor { name } } }", "Vendor"),
    "node(Warehouse)": (
        "query($id: ID!) { node(id: $id) { id ... on Warehouse { name address { city } } } }",
        "Warehouse",
    ),
    "node(VendorMember)": (
        "query($id: ID!) { node(id: $id) { id ... on VendorMember { role user { email } } } }",
        "VendorMember",
    ),
    "node(VendorInvitation)": (
        "query($id: ID!) { node(id: $id) { id ... on VendorInvitation { email } } }",
        "VendorInvitation",
    ),
    "node(VendorReview)": (
        "query($id: ID!) { node(id: $id) { id ... on VendorReview { reason } } }",
        "VendorReview",
    ),
    "node(VendorDocument)": (
        "query($id: ID!) { node(id: $id) { id ... on VendorDocument { number } } }",
        "VendorDocument",
    ),
}
CAN_READ = {
    "anonymous": False,
    "shopper": False,
    "member_a": True,
    "member_b": False,
    "admin": True,
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("read", list(READS))
def test_reads(gql, world, read, actor):
    query, type_name = READS[read]
    client = client_for(gql, world, actor)
    answer = client.execute(query, {"id": world.ids()[type_name]})
    if CAN_READ[actor]:
        assert not answer.get("errors"), answer
        root = next(iter(answer["data"].values()))
        assert root is not None and root["id"] == world.ids()[type_name]
    else:
        assert next(iter(answer["data"].values())) is None
        missing = client.execute(query, {"id": world.ids(missing=True)[type_name]})
        assert answer == missing


@pytest.mark.parametrize("actor", ACTORS)
def test_pending_vendor_by_slug_and_in_lists(gql, world, actor):
    client = client_for(gql, world, actor)
    by_slug = client.execute("query($s: String!) { vendor(slug: $s) { slug } }", {"s": "batik-a"})
    missing = client.execute("query($s: String!) { vendor(slug: $s) { slug } }", {"s": "tidak-ada"})
    listed = client.data(
        "{ vendors(first: 50, filter: {status: PENDING}) { edges { node { slug } } } }"
    )["vendors"]["edges"]
    if CAN_READ[actor]:
        assert by_slug["data"]["vendor"] == {"slug": "batik-a"}
        assert {"node": {"slug": "batik-a"}} in listed
    else:
        assert by_slug == missing == {"data": {"vendor": None}}
        assert listed == []


# --- writes -------------------------------------------------------------------------------


@dataclass
class Write:
    query: str
    variables: callable  # ids -> variables
    staff_only: bool = False


WRITES = {
    "vendorUpdate": Write(
        """mutation($id: ID!) { vendorUpdate(id: $id, input: {description: "diubah"}) {
             vendor { description } errors { field code message } } }""",
        lambda ids: {"id": ids["Vendor"]},
    ),
    "vendorDocumentAdd": Write(
        """mutation($id: ID!) { vendorDocumentAdd(vendorId: $id, kind: PIRT, number: "206337401234567") {
             document { number } errors { field code message } } }""",
        lambda ids: {"id": ids["Vendor"]},
    ),
    "vendorMemberInvite": Write(
        """mutation($id: ID!) { vendorMemberInvite(vendorId: $id, email: "baru@example.id") {
             invitation { email } token errors { field code message } } }""",
        lambda ids: {"id": ids["Vendor"]},
    ),
    "vendorInvitationRevoke": Write(
        """mutation($id: ID!) { vendorInvitationRevoke(id: $id) {
             invitation { revokedAt } errors { field code message } } }""",
        lambda ids: {"id": ids["VendorInvitation"]},
    ),
    "vendorMemberRemove": Write(
        """mutation($id: ID!) { vendorMemberRemove(id: $id) {
             removedMemberId errors { field code message } } }""",
        lambda ids: {"id": ids["VendorMember"]},
    ),
    "warehouseCreate": Write(
        """mutation($id: ID!, $address: AddressInput) {
             warehouseCreate(input: {vendorId: $id, name: "Gudang Baru", address: $address}) {
             warehouse { name } errors { field code message } } }""",
        lambda ids: {"id": ids["Vendor"], "address": address_input()},
    ),
    "warehouseUpdate": Write(
        """mutation($id: ID!) { warehouseUpdate(id: $id, input: {name: "Gudang Diubah"}) {
             warehouse { name } errors { field code message } } }""",
        lambda ids: {"id": ids["Warehouse"]},
    ),
    "warehouseDelete": Write(
        """mutation($id: ID!) { warehouseDelete(id: $id) {
             deletedWarehouseId errors { field code message } } }""",
        lambda ids: {"id": ids["Warehouse"]},
    ),
    "vendorReview": Write(
        """mutation($id: ID!) { vendorReview(id: $id, decision: APPROVE) {
             vendor { status } errors { field code message } } }""",
        lambda ids: {"id": ids["Vendor"]},
        staff_only=True,
    ),
}


def expected_outcome(write: Write, actor: str) -> str:
    if actor == "anonymous":
        return "PERMISSION_DENIED"
    if write.staff_only:
        return "ok" if actor == "admin" else "PERMISSION_DENIED"
    return "ok" if actor in ("member_a", "admin") else "NOT_FOUND"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(WRITES))
def test_writes(gql, world, name, actor):
    write = WRITES[name]
    client = client_for(gql, world, actor)
    before = snapshot(world)
    answer = client.execute(write.query, write.variables(world.ids()))
    assert "errors" not in answer, answer  # never a top-level error
    payload = answer["data"][name]
    outcome = expected_outcome(write, actor)
    if outcome == "ok":
        assert payload["errors"] == [], payload
        assert snapshot(world) != before
        return
    assert [e["code"] for e in payload["errors"]] == [outcome]
    assert all(value is None for key, value in payload.items() if key != "errors")
    assert snapshot(world) == before
    # Exactly the answer for an id that does not exist: nothing reveals that A's objects exist.
    missing = client.execute(write.query, write.variables(world.ids(missing=True)))
    assert missing == answer
    assert snapshot(world) == before
