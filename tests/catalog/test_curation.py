"""The curation workflow: draft → in review → published/rejected, edits after publication go back
to review, and only PUBLISHED products of APPROVED vendors are visible."""

from __future__ import annotations

import pytest

from marketplace.catalog.models import ProductCurationEvent, ProductStatus
from marketplace.notifications.models import OutboxEvent
from tests.catalog.helpers import add_image, b64, gid, image_bytes, published_product
from tests.factories import ProductFactory, UserFactory, VariantFactory

SUBMIT = """
mutation($id: ID!) { productSubmitForReview(id: $id) { product { status } errors { field code message } } }"""
REVIEW = """
mutation($id: ID!, $decision: ProductReviewDecision!, $reason: String) {
  productReview(id: $id, decision: $decision, reason: $reason) {
    product { status reviewFeedback } errors { field code message }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: ProductUpdateInput!) {
  productUpdate(id: $id, input: $input) { product { status } errors { field code } }
}"""
IMAGE_CREATE = """
mutation($productId: ID!, $image: String!) {
  productImageCreate(productId: $productId, imageBase64: $image) { errors { code } }
}"""
BY_SLUG = "query($slug: String!) { product(slug: $slug) { name status reviewFeedback } }"
LIST = "{ products(first: 50) { totalCount edges { node { slug } } } }"


def ready_draft(vendor):
    product = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT)
    VariantFactory(product=product)
    add_image(product)
    return product


def test_submit_requires_a_description_a_variant_and_a_photo(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT, description="")
    result = gql.as_user(world.owner_a).data(SUBMIT, {"id": gid("Product", product.pk)})
    errors = result["productSubmitForReview"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("description", "REQUIRED"),
        ("variants", "REQUIRED"),
        ("images", "REQUIRED"),
    }
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT


def test_full_flow_approve_publishes_and_tells_the_vendor(
    gql, world, django_capture_on_commit_callbacks
):
    product = ready_draft(world.vendor_a)
    pid = gid("Product", product.pk)
    assert gql.as_user(world.owner_a).data(SUBMIT, {"id": pid})["productSubmitForReview"] == {
        "product": {"status": "IN_REVIEW"},
        "errors": [],
    }
    assert gql.data(BY_SLUG, {"slug": product.slug})["product"] is None
    # The anonymous answer above is cached until the approval commits and bumps the version.
    with django_capture_on_commit_callbacks(execute=True):
        result = gql.as_user(world.admin).data(REVIEW, {"id": pid, "decision": "APPROVE"})
    result = result["productReview"]
    assert result == {"product": {"status": "PUBLISHED", "reviewFeedback": ""}, "errors": []}
    product.refresh_from_db()
    assert product.published_at is not None
    shown = gql.data(BY_SLUG, {"slug": product.slug})["product"]
    assert shown["status"] == "PUBLISHED" and shown["reviewFeedback"] is None
    event = OutboxEvent.objects.get(kind="product.approved")
    assert event.vendor_id == world.vendor_a.pk and event.payload["product_id"] == product.pk
    steps = list(
        ProductCurationEvent.objects.filter(product=product)
        .order_by("pk")
        .values_list("from_status", "to_status")
    )
    assert steps == [("DRAFT", "IN_REVIEW"), ("IN_REVIEW", "PUBLISHED")]


def test_reject_needs_a_reason_which_the_vendor_sees(gql, world):
    product = ready_draft(world.vendor_a)
    pid = gid("Product", product.pk)
    gql.as_user(world.owner_a).data(SUBMIT, {"id": pid})
    admin = gql.as_user(world.admin)
    no_reason = admin.data(REVIEW, {"id": pid, "decision": "REJECT", "reason": "  "})[
        "productReview"
    ]
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REQUIRED")]
    result = admin.data(
        REVIEW, {"id": pid, "decision": "REJECT", "reason": "Foto buram, mohon foto ulang."}
    )["productReview"]
    assert result["product"]["status"] == "REJECTED"
    seen = gql.as_user(world.owner_a).data(BY_SLUG, {"slug": product.slug})["product"]
    assert seen["reviewFeedback"] == "Foto buram, mohon foto ulang."
    assert gql.as_user(world.owner_b).data(BY_SLUG, {"slug": product.slug})["product"] is None
    assert (
        OutboxEvent.objects.filter(kind="product.rejected", vendor_id=world.vendor_a.pk).count()
        == 1
    )
    # A rejected product may be fixed and submitted again.
    again = gql.as_user(world.owner_a).data(SUBMIT, {"id": pid})["productSubmitForReview"]
    assert again["product"]["status"] == "IN_REVIEW"


@pytest.mark.parametrize(
    "status", [ProductStatus.DRAFT, ProductStatus.PUBLISHED, ProductStatus.REJECTED]
)
def test_only_products_in_review_can_be_decided(gql, world, status):
    product = ready_draft(world.vendor_a)
    product.status = status
    product.save()
    result = gql.as_user(world.admin).data(
        REVIEW, {"id": gid("Product", product.pk), "decision": "APPROVE"}
    )["productReview"]
    assert [e["code"] for e in result["errors"]] == ["INVALID_TRANSITION"]
    product.refresh_from_db()
    assert product.status == status
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("status", [ProductStatus.IN_REVIEW, ProductStatus.PUBLISHED])
def test_submitting_twice_is_an_invalid_transition(gql, world, status):
    product = ready_draft(world.vendor_a)
    product.status = status
    product.save()
    result = gql.as_user(world.owner_a).data(SUBMIT, {"id": gid("Product", product.pk)})
    assert [e["code"] for e in result["productSubmitForReview"]["errors"]] == ["INVALID_TRANSITION"]


def test_only_staff_with_manage_products_decide(gql, world):
    product = ready_draft(world.vendor_a)
    product.status = ProductStatus.IN_REVIEW
    product.save()
    plain_staff = UserFactory(is_staff=True)
    for user in (world.owner_a, world.shopper, plain_staff):
        result = gql.as_user(user).data(
            REVIEW, {"id": gid("Product", product.pk), "decision": "APPROVE"}
        )
        assert [e["code"] for e in result["productReview"]["errors"]] == ["PERMISSION_DENIED"]
    product.refresh_from_db()
    assert product.status == ProductStatus.IN_REVIEW


def test_editing_a_published_products_name_sends_it_back_to_review(gql, world):
    product = published_product(world.vendor_a, name="Bandeng Presto Juwana")
    assert gql.data(BY_SLUG, {"slug": product.slug})["product"] is not None
    result = gql.as_user(world.owner_a).data(
        UPDATE, {"id": gid("Product", product.pk), "input": {"name": "Bandeng Presto Duri Lunak"}}
    )
    assert result["productUpdate"] == {"product": {"status": "IN_REVIEW"}, "errors": []}
    assert gql.as_user(world.shopper).data(BY_SLUG, {"slug": product.slug})["product"] is None
    event = ProductCurationEvent.objects.get(product=product)
    assert (event.from_status, event.to_status, event.actor) == (
        "PUBLISHED",
        "IN_REVIEW",
        world.owner_a,
    )
    assert "name" in event.reason


def test_attribute_edits_keep_a_product_published_but_a_new_photo_does_not(gql, world):
    product = published_product(world.vendor_a)
    client = gql.as_user(world.owner_a)
    result = client.data(
        UPDATE, {"id": gid("Product", product.pk), "input": {"attributes": '{"motif": "Kawung"}'}}
    )
    assert result["productUpdate"]["product"]["status"] == "PUBLISHED"
    result = client.data(
        IMAGE_CREATE, {"productId": gid("Product", product.pk), "image": b64(image_bytes())}
    )
    assert result["productImageCreate"]["errors"] == []
    product.refresh_from_db()
    assert product.status == ProductStatus.IN_REVIEW


def test_suspending_a_vendor_hides_its_products_at_once(gql, world):
    product = published_product(world.vendor_a, name="Lumpia Semarang Gang Lombok")
    other = published_product(world.vendor_b, name="Wingko Babat")
    shopper = gql.as_user(world.shopper)
    slugs = {e["node"]["slug"] for e in shopper.data(LIST)["products"]["edges"]}
    assert slugs == {product.slug, other.slug}
    suspended = gql.as_user(world.admin).data(
        """mutation($id: ID!) { vendorReview(id: $id, decision: SUSPEND, reason: "Produk palsu") {
            vendor { status } errors { code } } }""",
        {"id": gid("Vendor", world.vendor_a.pk)},
    )["vendorReview"]
    assert suspended == {"vendor": {"status": "SUSPENDED"}, "errors": []}
    listing = shopper.data(LIST)["products"]
    assert [e["node"]["slug"] for e in listing["edges"]] == [other.slug] and listing[
        "totalCount"
    ] == 1
    assert shopper.data(BY_SLUG, {"slug": product.slug})["product"] is None
    assert gql.data(BY_SLUG, {"slug": product.slug})["product"] is None
    # Its own members still see and manage it.
    assert gql.as_user(world.owner_a).data(BY_SLUG, {"slug": product.slug})["product"] is not None
