"""Who may read and change what, for every catalogue and inventory operation, across anonymous,
a shopper, a member of vendor A, a member of vendor B and a marketplace admin.

Outsiders get exactly the answer a nonexistent id gets (NOT_FOUND, same field, same message) and
nothing changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.catalog.models import Product, ProductImage, ProductStatus, ProductVariant
from marketplace.inventory.models import Stock, StockMovement
from tests.catalog.helpers import add_image, b64, gid, image_bytes, published_product
from tests.factories import ProductFactory, StockFactory, VariantFactory

ROLES = ["anonymous", "shopper", "member_a", "member_b", "admin"]
MISSING = 987_654_321


@dataclass
class Setup:
    draft: Product
    draft_variant: ProductVariant
    draft_image: ProductImage
    published: Product
    published_variant: ProductVariant


@pytest.fixture
def setup(world) -> Setup:
    draft = ProductFactory(
        vendor=world.vendor_a, status=ProductStatus.DRAFT, review_feedback="Perbaiki foto"
    )
    variant = VariantFactory(product=draft, sku="DRAFT-1")
    StockFactory(variant=variant, warehouse=world.warehouse_a, quantity=5)
    image = add_image(draft)
    published = published_product(world.vendor_a, name="Batik Cap Tayang", review_feedback="Bagus")
    return Setup(draft, variant, image, published, published.variants.get())


def client_for(gql, world, role):
    user = {
        "anonymous": None,
        "shopper": world.shopper,
        "member_a": world.owner_a,
        "member_b": world.owner_b,
        "admin": world.admin,
    }[role]
    return gql.as_user(user) if user else gql


def state():
    return (
        list(Product.objects.order_by("pk").values_list("pk", "name", "status", "description")),
        list(ProductVariant.objects.order_by("pk").values_list("pk", "sku", "price", "is_active")),
        list(ProductImage.objects.order_by("pk").values_list("pk", "sort_order")),
        list(Stock.objects.order_by("pk").values_list("pk", "quantity")),
        StockMovement.objects.count(),
    )


# --- reads -----------------------------------------------------------------------------------

PRODUCT_BY_ID = "query($id: ID!) { product(id: $id) { name status variants { sku } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Product { name } } }"
PRIVATE_FIELDS = """
query($slug: String!) {
  product(slug: $slug) { reviewFeedback variants { sku stocks { quantity quantityAllocated } } }
}"""
DRAFT_LIST = "query($filter: ProductFilterInput) { products(first: 20, filter: $filter) { totalCount edges { node { name } } } }"
MOVEMENTS = """
query($id: ID!) { stockMovements(variantId: $id, first: 10) { totalCount edges { node { delta source } } } }"""
VARIANT_NODE = "query($id: ID!) { node(id: $id) { ... on ProductVariant { sku } } }"

SEES_PRIVATE = {
    "anonymous": False,
    "shopper": False,
    "member_a": True,
    "member_b": False,
    "admin": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_reading_drafts(gql, world, setup, role):
    client = client_for(gql, world, role)
    allowed = SEES_PRIVATE[role]
    by_id = client.data(PRODUCT_BY_ID, {"id": gid("Product", setup.draft.pk)})["product"]
    missing = client.data(PRODUCT_BY_ID, {"id": gid("Product", MISSING)})["product"]
    assert missing is None
    assert (by_id is not None) == allowed
    node = client.data(NODE, {"id": gid("Product", setup.draft.pk)})["node"]
    assert (node is not None) == allowed
    variant = client.data(VARIANT_NODE, {"id": gid("ProductVariant", setup.draft_variant.pk)})[
        "node"
    ]
    assert (variant is not None) == allowed
    listing = client.data(DRAFT_LIST, {"filter": {"status": ["DRAFT"]}})["products"]
    assert listing["totalCount"] == (1 if allowed else 0)
    everything = client.data(DRAFT_LIST)["products"]
    assert everything["totalCount"] == (2 if allowed else 1)


@pytest.mark.parametrize("role", ROLES)
def test_private_fields_of_a_published_product(gql, world, setup, role):
    client = client_for(gql, world, role)
    product = client.data(PRIVATE_FIELDS, {"slug": setup.published.slug})["product"]
    if SEES_PRIVATE[role]:
        assert product["reviewFeedback"] == "Bagus"
        assert product["variants"][0]["stocks"] == [{"quantity": 10, "quantityAllocated": 0}]
    else:
        assert product["reviewFeedback"] is None
        assert product["variants"][0]["stocks"] is None


@pytest.mark.parametrize("role", ROLES)
def test_stock_movements(gql, world, setup, role, django_capture_on_commit_callbacks):
    StockMovement.objects.create(
        stock=setup.draft_variant.stocks.get(), delta=5, quantity_after=5, source="MANUAL"
    )
    client = client_for(gql, world, role)
    body = client.execute(MOVEMENTS, {"id": gid("ProductVariant", setup.draft_variant.pk)})
    missing = client.execute(MOVEMENTS, {"id": gid("ProductVariant", MISSING)})
    assert missing["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "variantId"}
    if SEES_PRIVATE[role]:
        assert body["data"]["stockMovements"]["edges"] == [
            {"node": {"delta": 5, "source": "MANUAL"}}
        ]
    else:
        assert body["errors"][0]["message"] == missing["errors"][0]["message"]
        assert body["errors"][0]["extensions"] == missing["errors"][0]["extensions"]
        assert body["data"] == missing["data"]


# --- writes ----------------------------------------------------------------------------------


def _ops(world, setup):
    """name → (mutation, variables for A's object, variables for a nonexistent object)."""
    p, v, i = setup.draft, setup.draft_variant, setup.draft_image
    return {
        "productCreate": (
            "mutation($input: ProductCreateInput!) { productCreate(input: $input) { errors { field code message } } }",
            {
                "input": {
                    "vendorId": gid("Vendor", world.vendor_a.pk),
                    "name": "Baru",
                    "categoryId": gid("Category", world.category.pk),
                }
            },
            {
                "input": {
                    "vendorId": gid("Vendor", MISSING),
                    "name": "Baru",
                    "categoryId": gid("Category", world.category.pk),
                }
            },
        ),
        "productUpdate": (
            'mutation($id: ID!) { productUpdate(id: $id, input: {name: "Diubah"}) { errors { field code message } } }',
            {"id": gid("Product", p.pk)},
            {"id": gid("Product", MISSING)},
        ),
        "productDelete": (
            "mutation($id: ID!) { productDelete(id: $id) { errors { field code message } } }",
            {"id": gid("Product", p.pk)},
            {"id": gid("Product", MISSING)},
        ),
        "productSubmitForReview": (
            "mutation($id: ID!) { productSubmitForReview(id: $id) { errors { field code message } } }",
            {"id": gid("Product", p.pk)},
            {"id": gid("Product", MISSING)},
        ),
        "productVariantCreate": (
            'mutation($id: ID!) { productVariantCreate(input: {productId: $id, sku: "NEW-1", price: 1000, weightGrams: 10}) { errors { field code message } } }',
            {"id": gid("Product", p.pk)},
            {"id": gid("Product", MISSING)},
        ),
        "productVariantUpdate": (
            "mutation($id: ID!) { productVariantUpdate(id: $id, input: {price: 5000}) { errors { field code message } } }",
            {"id": gid("ProductVariant", v.pk)},
            {"id": gid("ProductVariant", MISSING)},
        ),
        "productVariantDelete": (
            "mutation($id: ID!) { productVariantDelete(id: $id) { errors { field code message } } }",
            {"id": gid("ProductVariant", v.pk)},
            {"id": gid("ProductVariant", MISSING)},
        ),
        "productVariantStocksUpdate": (
            "mutation($id: ID!, $w: ID!) { productVariantStocksUpdate(variantId: $id, stocks: [{warehouseId: $w, quantity: 42}]) { errors { field code message } } }",
            {"id": gid("ProductVariant", v.pk), "w": gid("Warehouse", world.warehouse_a.pk)},
            {"id": gid("ProductVariant", MISSING), "w": gid("Warehouse", world.warehouse_a.pk)},
        ),
        "productImageCreate": (
            "mutation($id: ID!, $img: String!) { productImageCreate(productId: $id, imageBase64: $img) { errors { field code message } } }",
            {"id": gid("Product", p.pk), "img": b64(image_bytes(size=(20, 20)))},
            {"id": gid("Product", MISSING), "img": b64(image_bytes(size=(20, 20)))},
        ),
        "productImageDelete": (
            "mutation($id: ID!) { productImageDelete(id: $id) { errors { field code message } } }",
            {"id": gid("ProductImage", i.pk)},
            {"id": gid("ProductImage", MISSING)},
        ),
        "productImageReorder": (
            "mutation($id: ID!, $ids: [ID!]!) { productImageReorder(productId: $id, imageIds: $ids) { errors { field code message } } }",
            {"id": gid("Product", p.pk), "ids": [gid("ProductImage", i.pk)]},
            {"id": gid("Product", MISSING), "ids": [gid("ProductImage", i.pk)]},
        ),
    }


OPERATIONS = [
    "productCreate",
    "productUpdate",
    "productDelete",
    "productSubmitForReview",
    "productVariantCreate",
    "productVariantUpdate",
    "productVariantDelete",
    "productVariantStocksUpdate",
    "productImageCreate",
    "productImageDelete",
    "productImageReorder",
]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_changing_vendor_a_s_catalogue(gql, world, setup, role, operation):
    mutation, variables, missing_variables = _ops(world, setup)[operation]
    client = client_for(gql, world, role)
    before = state()
    errors = client.data(mutation, variables)[operation]["errors"]
    if role in ("member_a", "admin"):
        assert errors == [], errors
        return
    assert state() == before
    if role == "anonymous":
        assert [e["code"] for e in errors] == ["PERMISSION_DENIED"]
        return
    # A shopper and vendor B get exactly what a nonexistent id gets.
    missing = client.data(mutation, missing_variables)[operation]["errors"]
    assert errors == missing
    assert [e["code"] for e in errors] == ["NOT_FOUND"]


def test_vendor_b_cannot_stock_its_variant_in_vendor_a_s_warehouse(gql, world):
    variant = VariantFactory(product=ProductFactory(vendor=world.vendor_b))
    mutation = (
        "mutation($id: ID!, $w: ID!) { productVariantStocksUpdate(variantId: $id, "
        "stocks: [{warehouseId: $w, quantity: 3}]) { errors { field code message } } }"
    )
    client = client_for(gql, world, "member_b")
    foreign = client.data(
        mutation,
        {"id": gid("ProductVariant", variant.pk), "w": gid("Warehouse", world.warehouse_a.pk)},
    )
    missing = client.data(
        mutation, {"id": gid("ProductVariant", variant.pk), "w": gid("Warehouse", MISSING)}
    )
    assert foreign == missing
    assert foreign["productVariantStocksUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    assert not Stock.objects.filter(variant=variant).exists()


@pytest.mark.parametrize("role", ROLES)
def test_product_review_is_for_curators_only(gql, world, setup, role):
    Product.objects.filter(pk=setup.draft.pk).update(status=ProductStatus.IN_REVIEW)
    client = client_for(gql, world, role)
    result = client.data(
        "mutation($id: ID!) { productReview(id: $id, decision: APPROVE) { errors { code } } }",
        {"id": gid("Product", setup.draft.pk)},
    )["productReview"]
    setup.draft.refresh_from_db()
    if role == "admin":
        assert result["errors"] == [] and setup.draft.status == ProductStatus.PUBLISHED
    else:
        assert result["errors"] == [{"code": "PERMISSION_DENIED"}]
        assert setup.draft.status == ProductStatus.IN_REVIEW
