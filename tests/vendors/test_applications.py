"""Applying, curation decisions and their effects (visibility, events, catalogue cache)."""

from __future__ import annotations

import pytest

from marketplace.core.graphql.ids import encode_id
from marketplace.notifications.models import OutboxEvent
from tests.factories import ProductFactory, UserFactory, VendorFactory
from vendors.models import Vendor, VendorMember, VendorReview, VendorStatus

from .conftest import address_input

APPLY = """
mutation($input: VendorApplyInput!) {
  vendorApply(input: $input) {
    vendor { id name slug status sentra isGalleryTenant isPkp npwp phone myRole
             address { city postalCode } }
    errors { field code message }
  }
}"""

REVIEW = """
mutation($id: ID!, $decision: VendorReviewDecision!, $reason: String, $rubric: VendorReviewRubricInput) {
  vendorReview(id: $id, decision: $decision, reason: $reason, rubric: $rubric) {
    vendor { status } errors { field code message }
  }
}"""

VENDOR_BY_SLUG = "query($slug: String!) { vendor(slug: $slug) { name status } }"


def apply_input(**overrides) -> dict:
    data = {
        "name": "Batik Warna Alam Gunungpati",
        "description": "Batik tulis pewarna alami.",
        "phone": "0812 3456 7890",
        "address": address_input(),
        "sentra": "batik-gunungpati",
        "isGalleryTenant": True,
        "isPkp": True,
        "npwp": "01.234.567.8-901.234",
        "contactName": "Bu Sri",
        "email": "batik@example.id",
    }
    data.update(overrides)
    return data


def test_apply_creates_a_pending_vendor_owned_by_the_caller(gql):
    user = UserFactory()
    result = gql.as_user(user).data(APPLY, {"input": apply_input()})["vendorApply"]
    assert result["errors"] == []
    vendor = result["vendor"]
    assert vendor["status"] == "PENDING"
    assert vendor["slug"] == "batik-warna-alam-gunungpati"
    assert vendor["npwp"] == "012345678901234"  # digits only, 15 (old format)
    assert vendor["phone"] == "+6281234567890"
    assert vendor["myRole"] == "OWNER"
    assert vendor["address"] == {"city": "Kota Semarang", "postalCode": "50174"}
    member = VendorMember.objects.get()
    assert member.user == user and member.role == "OWNER"
    assert OutboxEvent.objects.filter(kind="vendor.applied").count() == 1
    # Not visible to the public while pending.
    assert gql.data(VENDOR_BY_SLUG, {"slug": vendor["slug"]}) == {"vendor": None}


def test_slugs_are_unique(gql):
    VendorFactory(name="Batik Warna Alam Gunungpati", slug="batik-warna-alam-gunungpati")
    VendorFactory(name="x", slug="batik-warna-alam-gunungpati-2")
    result = gql.as_user(UserFactory()).data(APPLY, {"input": apply_input()})["vendorApply"]
    assert result["vendor"]["slug"] == "batik-warna-alam-gunungpati-3"


def test_apply_requires_a_signed_in_user(gql):
    result = gql.data(APPLY, {"input": apply_input()})["vendorApply"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert not Vendor.objects.exists()


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"name": "  "}, ("name", "REQUIRED")),
        ({"name": "N" * 121}, ("name", "MAX_LENGTH")),
        ({"description": "d" * 5001}, ("description", "MAX_LENGTH")),
        ({"phone": "0812"}, ("phone", "INVALID_PHONE")),
        ({"npwp": "12345"}, ("npwp", "INVALID")),
        ({"npwp": "", "isPkp": True}, ("npwp", "REQUIRED")),
        ({"sentra": "bukan-sentra"}, ("sentra", "INVALID")),
        ({"email": "bukan-email"}, ("email", "INVALID")),
        ({"address": None}, ("address", "REQUIRED")),
        (
            {"address": address_input(postalCode="99999")},
            ("address.postalCode", "INVALID_POSTAL_CODE"),
        ),
    ],
)
def test_invalid_application_changes_nothing(gql, overrides, expected):
    result = gql.as_user(UserFactory()).data(APPLY, {"input": apply_input(**overrides)})[
        "vendorApply"
    ]
    assert result["vendor"] is None
    assert expected in [(e["field"], e["code"]) for e in result["errors"]]
    assert not Vendor.objects.exists() and not VendorMember.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_second_pending_application_is_refused(gql):
    user = UserFactory()
    assert gql.as_user(user).data(APPLY, {"input": apply_input()})["vendorApply"]["errors"] == []
    again = gql.as_user(user).data(APPLY, {"input": apply_input(name="Lain")})["vendorApply"]
    assert [e["code"] for e in again["errors"]] == ["ALREADY_EXISTS"]
    assert Vendor.objects.count() == 1


def review(gql, staff, vendor, decision, reason=None, rubric=None):
    return gql.as_user(staff).data(
        REVIEW,
        {
            "id": encode_id("Vendor", vendor.pk),
            "decision": decision,
            "reason": reason,
            "rubric": rubric,
        },
    )["vendorReview"]


def test_full_lifecycle_with_reviews_and_events(gql, cast, django_capture_on_commit_callbacks):
    vendor = VendorFactory(status=VendorStatus.PENDING, slug="baru")
    rubric = {"productQuality": 5, "materialsFinishing": 4, "photos": 3, "legality": 5}
    assert review(gql, cast.admin, vendor, "APPROVE", rubric=rubric) == {
        "vendor": {"status": "APPROVED"},
        "errors": [],
    }
    assert gql.data(VENDOR_BY_SLUG, {"slug": "baru"})["vendor"]["status"] == "APPROVED"
    assert review(gql, cast.admin, vendor, "SUSPEND", reason="Produk palsu.")["errors"] == []
    assert review(gql, cast.admin, vendor, "REINSTATE")["errors"] == []
    vendor.refresh_from_db()
    assert vendor.status == "APPROVED" and vendor.approved_at is not None
    decisions = list(
        VendorReview.objects.order_by("pk").values_list("decision", "reason", "reviewer")
    )
    assert decisions == [
        ("APPROVE", "", cast.admin.pk),
        ("SUSPEND", "Produk palsu.", cast.admin.pk),
        ("REINSTATE", "", cast.admin.pk),
    ]
    first = VendorReview.objects.order_by("pk").first()
    assert (first.product_quality, first.materials_finishing, first.photos, first.legality) == (
        5,
        4,
        3,
        5,
    )
    kinds = list(OutboxEvent.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["vendor.approved", "vendor.suspended", "vendor.reinstated"]


def test_reject_requires_a_reason_and_is_final(gql, cast):
    vendor = VendorFactory(status=VendorStatus.PENDING)
    missing = review(gql, cast.admin, vendor, "REJECT", reason="  ")
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [("reason", "REQUIRED")]
    assert review(gql, cast.admin, vendor, "REJECT", reason="Foto produk buram.")["errors"] == []
    vendor.refresh_from_db()
    assert vendor.status == "REJECTED" and vendor.rejection_reason == "Foto produk buram."
    assert OutboxEvent.objects.filter(kind="vendor.rejected").count() == 1


@pytest.mark.parametrize(
    "status,decision",
    [
        ("PENDING", "SUSPEND"),
        ("PENDING", "REINSTATE"),
        ("APPROVED", "APPROVE"),
        ("APPROVED", "REJECT"),
        ("REJECTED", "APPROVE"),
        ("REJECTED", "SUSPEND"),
        ("SUSPENDED", "APPROVE"),
        ("SUSPENDED", "SUSPEND"),
    ],
)
def test_invalid_transitions_are_refused(gql, cast, status, decision):
    vendor = VendorFactory(status=status)
    result = review(gql, cast.admin, vendor, decision, reason="alasan")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("decision", "INVALID_TRANSITION")
    ]
    vendor.refresh_from_db()
    assert vendor.status == status
    assert not VendorReview.objects.exists() and not OutboxEvent.objects.exists()


def test_rubric_scores_must_be_1_to_5(gql, cast):
    vendor = VendorFactory(status=VendorStatus.PENDING)
    result = review(gql, cast.admin, vendor, "APPROVE", rubric={"photos": 6, "legality": 0})
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("rubric.photos", "OUT_OF_RANGE"),
        ("rubric.legality", "OUT_OF_RANGE"),
    }
    vendor.refresh_from_db()
    assert vendor.status == "PENDING"


def test_staff_without_manage_vendors_cannot_review(gql):
    from django.contrib.auth.models import Permission

    vendor = VendorFactory(status=VendorStatus.PENDING)
    clerk = UserFactory(is_staff=True)
    result = review(gql, clerk, vendor, "APPROVE")
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    clerk.user_permissions.add(Permission.objects.get(codename="manage_vendors"))
    clerk = type(clerk).objects.get(pk=clerk.pk)
    assert review(gql, clerk, vendor, "APPROVE")["errors"] == []


def test_suspension_hides_the_vendor_at_once_from_cached_anonymous_answers(
    gql, cast, django_capture_on_commit_callbacks
):
    vendor = cast.vendor_a
    ProductFactory(vendor=vendor)
    query = """query($slug: String!) { vendor(slug: $slug) { name products(first: 5) { totalCount } } }"""
    first = gql.data(query, {"slug": vendor.slug})
    assert first["vendor"]["products"]["totalCount"] == 1
    # Served from the anonymous response cache the second time.
    assert gql.data(query, {"slug": vendor.slug}) == first

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            review(gql, cast.admin, vendor, "SUSPEND", reason="Melanggar aturan.")["errors"] == []
        )

    assert gql.data(query, {"slug": vendor.slug}) == {"vendor": None}
    listing = gql.data("{ vendors(first: 10) { totalCount edges { node { slug } } } }")["vendors"]
    assert [e["node"]["slug"] for e in listing["edges"]] == ["bandeng-juwana"]
    # Its own members still see it, with the reason.
    own = gql.as_user(cast.owner_a).data(
        "query($slug: String!) { vendor(slug: $slug) { status suspensionReason } }",
        {"slug": vendor.slug},
    )
    assert own == {"vendor": {"status": "SUSPENDED", "suspensionReason": "Melanggar aturan."}}
