"""Profile updates, legality documents and the vendor's team (invitations, removal)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from marketplace.core.graphql.ids import encode_id
from marketplace.notifications.models import OutboxEvent
from tests.factories import UserFactory, VendorMemberFactory
from vendors.models import VendorDocument, VendorInvitation, VendorMember, VendorRole

from .conftest import address_input

UPDATE = """
mutation($id: ID!, $input: VendorUpdateInput!) {
  vendorUpdate(id: $id, input: $input) {
    vendor { name description phone npwp isPkp isGalleryTenant handlingDays address { city } }
    errors { field code message }
  }
}"""

DOCUMENT_ADD = """
mutation($vendorId: ID!, $kind: VendorDocumentKind!, $number: String!) {
  vendorDocumentAdd(vendorId: $vendorId, kind: $kind, number: $number) {
    document { kind number } errors { field code }
  }
}"""

INVITE = """
mutation($vendorId: ID!, $email: String!, $role: VendorRole) {
  vendorMemberInvite(vendorId: $vendorId, email: $email, role: $role) {
    invitation { id email role } token errors { field code message }
  }
}"""

ACCEPT = """
mutation($token: String!) {
  vendorInvitationAccept(token: $token) {
    member { role user { email } } vendor { slug } errors { field code }
  }
}"""

REMOVE = """
mutation($id: ID!) { vendorMemberRemove(id: $id) { removedMemberId errors { field code message } } }"""


def test_members_update_the_profile(gql, cast):
    result = gql.as_user(cast.staff_a).data(
        UPDATE,
        {
            "id": cast.gid("Vendor", cast.vendor_a),
            "input": {
                "description": "Batik tulis sejak 1998.",
                "phone": "+62 24 8311234",
                "isPkp": True,
                "npwp": "0123456789012345",
                "handlingDays": 3,
                "address": address_input(),
            },
        },
    )["vendorUpdate"]
    assert result["errors"] == []
    assert result["vendor"]["description"] == "Batik tulis sejak 1998."
    assert result["vendor"]["phone"] == "+62248311234"
    assert result["vendor"]["handlingDays"] == 3
    assert result["vendor"]["address"] == {"city": "Kota Semarang"}
    assert result["vendor"]["name"] == "Batik Gunungpati"  # untouched when not sent


def test_profile_update_validation_changes_nothing(gql, cast):
    before = type(cast.vendor_a).objects.get(pk=cast.vendor_a.pk)
    result = gql.as_user(cast.owner_a).data(
        UPDATE,
        {
            "id": cast.gid("Vendor", cast.vendor_a),
            "input": {
                "description": "baru",
                "npwp": "123",
                "handlingDays": 31,
                "isGalleryTenant": True,
                "name": "",
            },
        },
    )["vendorUpdate"]
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("npwp", "INVALID"),
        ("handlingDays", "OUT_OF_RANGE"),
        ("isGalleryTenant", "PERMISSION_DENIED"),
        ("name", "REQUIRED"),
    }
    after = type(cast.vendor_a).objects.get(pk=cast.vendor_a.pk)
    assert (after.description, after.npwp, after.handling_days, after.is_gallery_tenant) == (
        before.description,
        before.npwp,
        before.handling_days,
        before.is_gallery_tenant,
    )


def test_staff_may_mark_gallery_tenants(gql, cast):
    result = gql.as_user(cast.admin).data(
        UPDATE, {"id": cast.gid("Vendor", cast.vendor_a), "input": {"isGalleryTenant": True}}
    )["vendorUpdate"]
    assert result["errors"] == [] and result["vendor"]["isGalleryTenant"] is True


def test_documents_are_validated_and_unique(gql, cast):
    client = gql.as_user(cast.owner_a)
    vid = cast.gid("Vendor", cast.vendor_a)
    ok = client.data(DOCUMENT_ADD, {"vendorId": vid, "kind": "NIB", "number": "1234567890123"})
    assert ok["vendorDocumentAdd"] == {
        "document": {"kind": "NIB", "number": "1234567890123"},
        "errors": [],
    }
    dup = client.data(DOCUMENT_ADD, {"vendorId": vid, "kind": "NIB", "number": "1234567890123"})
    assert dup["vendorDocumentAdd"]["errors"] == [{"field": "number", "code": "UNIQUE"}]
    bad = client.data(DOCUMENT_ADD, {"vendorId": vid, "kind": "NIB", "number": "12-34"})
    assert bad["vendorDocumentAdd"]["errors"] == [{"field": "number", "code": "INVALID"}]
    halal = client.data(
        DOCUMENT_ADD, {"vendorId": vid, "kind": "HALAL", "number": "ID33110000123450821"}
    )
    assert halal["vendorDocumentAdd"]["errors"] == []
    assert VendorDocument.objects.filter(vendor=cast.vendor_a).count() == 2


def test_invitation_round_trip(gql, cast):
    result = gql.as_user(cast.owner_a).data(
        INVITE,
        {
            "vendorId": cast.gid("Vendor", cast.vendor_a),
            "email": "Rina@Example.id",
            "role": "STAFF",
        },
    )["vendorMemberInvite"]
    assert result["errors"] == []
    token = result["token"]
    invitation = VendorInvitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.email == "rina@example.id"
    assert OutboxEvent.objects.filter(kind="vendor.member_invited").count() == 1
    assert token not in str(OutboxEvent.objects.get().payload)

    # Someone else holding the token cannot use it.
    stranger = gql.as_user(UserFactory()).data(ACCEPT, {"token": token})["vendorInvitationAccept"]
    assert stranger["errors"] == [{"field": "token", "code": "PERMISSION_DENIED"}]

    rina = UserFactory(email="rina@example.id")
    accepted = gql.as_user(rina).data(ACCEPT, {"token": token})["vendorInvitationAccept"]
    assert accepted["errors"] == []
    assert accepted["member"] == {"role": "STAFF", "user": {"email": "rina@example.id"}}
    assert accepted["vendor"] == {"slug": "batik-gunungpati"}
    # A token works once.
    again = gql.as_user(rina).data(ACCEPT, {"token": token})["vendorInvitationAccept"]
    assert again["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}]
    # Inviting an existing member is refused.
    dup = gql.as_user(cast.owner_a).data(
        INVITE, {"vendorId": cast.gid("Vendor", cast.vendor_a), "email": "rina@example.id"}
    )["vendorMemberInvite"]
    assert [e["code"] for e in dup["errors"]] == ["ALREADY_EXISTS"]


def test_a_new_invitation_replaces_the_open_one(gql, cast):
    variables = {"vendorId": cast.gid("Vendor", cast.vendor_a), "email": "rina@example.id"}
    first = gql.as_user(cast.owner_a).data(INVITE, variables)["vendorMemberInvite"]["token"]
    second = gql.as_user(cast.owner_a).data(INVITE, variables)["vendorMemberInvite"]["token"]
    rina = UserFactory(email="rina@example.id")
    old = gql.as_user(rina).data(ACCEPT, {"token": first})["vendorInvitationAccept"]
    assert old["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}]
    assert (
        gql.as_user(rina).data(ACCEPT, {"token": second})["vendorInvitationAccept"]["errors"] == []
    )


def test_only_owners_invite(gql, cast):
    result = gql.as_user(cast.staff_a).data(
        INVITE, {"vendorId": cast.gid("Vendor", cast.vendor_a), "email": "x@example.id"}
    )["vendorMemberInvite"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert result["token"] is None
    assert not VendorInvitation.objects.exists()


def test_the_last_owner_cannot_be_removed_but_others_can(gql, cast):
    owner_member = VendorMember.objects.get(user=cast.owner_a)
    staff_member = VendorMember.objects.get(user=cast.staff_a)
    last = gql.as_user(cast.owner_a).data(
        REMOVE, {"id": encode_id("VendorMember", owner_member.pk)}
    )
    assert [e["code"] for e in last["vendorMemberRemove"]["errors"]] == ["INVALID"]
    assert VendorMember.objects.filter(pk=owner_member.pk).exists()

    # Staff cannot remove the owner.
    denied = gql.as_user(cast.staff_a).data(
        REMOVE, {"id": encode_id("VendorMember", owner_member.pk)}
    )
    assert [e["code"] for e in denied["vendorMemberRemove"]["errors"]] == ["PERMISSION_DENIED"]

    second_owner = VendorMemberFactory(vendor=cast.vendor_a, role=VendorRole.OWNER)
    removed = gql.as_user(cast.owner_a).data(
        REMOVE, {"id": encode_id("VendorMember", owner_member.pk)}
    )
    assert removed["vendorMemberRemove"]["errors"] == []
    assert not VendorMember.objects.filter(pk=owner_member.pk).exists()

    # Any member may leave.
    left = gql.as_user(cast.staff_a).data(
        REMOVE, {"id": encode_id("VendorMember", staff_member.pk)}
    )
    assert left["vendorMemberRemove"]["errors"] == []
    assert list(VendorMember.objects.filter(vendor=cast.vendor_a)) == [second_owner]


def test_expired_invitation_and_anonymous_accept_are_refused(gql, cast):
    result = gql.as_user(cast.owner_a).data(
        INVITE, {"vendorId": cast.gid("Vendor", cast.vendor_a), "email": "rina@example.id"}
    )["vendorMemberInvite"]
    anonymous = gql.data(ACCEPT, {"token": result["token"]})["vendorInvitationAccept"]
    assert anonymous["errors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    VendorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    rina = UserFactory(email="rina@example.id")
    expired = gql.as_user(rina).data(ACCEPT, {"token": result["token"]})["vendorInvitationAccept"]
    assert expired["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}]
    assert not VendorMember.objects.filter(user=rina).exists()
