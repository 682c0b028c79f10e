"""Creating and editing products and variants: good input works, bad input answers a coded error
and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.catalog.models import Product, ProductStatus, ProductVariant
from tests.catalog.helpers import gid
from tests.factories import ProductFactory, VariantFactory

PRODUCT_CREATE = """
mutation($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id name slug status attributes certifications { kind number } category { name } vendor { name } }
    errors { field code message }
  }
}"""

PRODUCT_UPDATE = """
mutation($id: ID!, $input: ProductUpdateInput!) {
  productUpdate(id: $id, input: $input) {
    product { id name slug status description }
    errors { field code message }
  }
}"""

VARIANT_CREATE = """
mutation($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) {
    variant { id sku name price { amount currency } weightGrams lengthCm attributes quantityAvailable }
    product { pricing { priceRange { start { amount } stop { amount } } } }
    errors { field code message }
  }
}"""

VARIANT_UPDATE = """
mutation($id: ID!, $input: ProductVariantUpdateInput!) {
  productVariantUpdate(id: $id, input: $input) {
    variant { id sku price { amount } isActive }
    errors { field code message }
  }
}"""

VARIANT_DELETE = """
mutation($id: ID!) { productVariantDelete(id: $id) { deletedId deactivated errors { field code } } }"""

PRODUCT_DELETE = """
mutation($id: ID!) { productDelete(id: $id) { deletedId errors { field code } } }"""


def snapshot():
    return (
        list(Product.objects.order_by("pk").values_list("pk", "name", "status", "min_price")),
        list(
            ProductVariant.objects.order_by("pk").values_list("pk", "sku", "price", "weight_grams")
        ),
    )


def create_input(world, **overrides):
    data = {
        "vendorId": gid("Vendor", world.vendor_a.pk),
        "name": "Kain Batik Tulis Asem Arang",
        "description": "Batik tulis pewarna alam dari Gunungpati.",
        "categoryId": gid("Category", world.category.pk),
        "attributes": '{"motif": "Asem Arang", "bahan": "katun primisima"}',
        "certifications": [{"kind": "nib", "number": "9120001234567"}],
    }
    data.update(overrides)
    return data


def test_vendor_member_creates_a_draft_with_a_unique_slug(gql, world):
    client = gql.as_user(world.owner_a)
    first = client.data(PRODUCT_CREATE, {"input": create_input(world)})["productCreate"]
    second = client.data(PRODUCT_CREATE, {"input": create_input(world)})["productCreate"]
    assert first["errors"] == [] and second["errors"] == []
    assert first["product"]["status"] == "DRAFT"
    assert first["product"]["slug"] == "kain-batik-tulis-asem-arang"
    assert second["product"]["slug"] == "kain-batik-tulis-asem-arang-2"
    assert first["product"]["certifications"] == [{"kind": "NIB", "number": "9120001234567"}]
    assert first["product"]["vendor"]["name"] == world.vendor_a.name
    product = Product.objects.get(slug="kain-batik-tulis-asem-arang")
    assert (
        "Asem Arang" in product.search_document and world.vendor_a.name in product.search_document
    )


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": ""}, "name", "REQUIRED"),
        ({"name": "x" * 201}, "name", "MAX_LENGTH"),
        ({"description": "x" * 10_001}, "description", "MAX_LENGTH"),
        ({"categoryId": gid("Category", 999_999)}, "categoryId", "NOT_FOUND"),
        ({"categoryId": "bukan-id"}, "categoryId", "INVALID"),
        ({"attributes": '{"warna_favorit": "merah"}'}, "attributes", "INVALID"),
        ({"attributes": '{"motif": "' + "m" * 101 + '"}'}, "attributes", "MAX_LENGTH"),
        ({"attributes": '{"motif": 5}'}, "attributes", "INVALID"),
        ({"attributes": '["motif"]'}, "attributes", "INVALID"),
        ({"certifications": [{"kind": "PALSU", "number": "1"}]}, "certifications", "INVALID"),
        ({"vendorId": None}, "vendorId", "REQUIRED"),
    ],
)
def test_bad_product_input_answers_a_coded_error_and_creates_nothing(
    gql, world, overrides, field, code
):
    before = snapshot()
    body = gql.as_user(world.owner_a).data(
        PRODUCT_CREATE, {"input": create_input(world, **overrides)}
    )
    result = body["productCreate"]
    assert result["product"] is None
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in result["errors"]
    ]
    assert snapshot() == before


def test_several_problems_are_reported_together(gql, world):
    body = gql.as_user(world.owner_a).data(
        PRODUCT_CREATE, {"input": create_input(world, name="", categoryId=gid("Category", 424242))}
    )
    fields = {e["field"] for e in body["productCreate"]["errors"]}
    assert fields == {"name", "categoryId"}


def variant_input(product, **overrides):
    data = {
        "productId": gid("Product", product.pk),
        "sku": "BTK-ASEM-01",
        "name": "2 x 1,15 m",
        "price": "350000",
        "weightGrams": 400,
        "lengthCm": "30",
        "widthCm": "20",
        "heightCm": "3.5",
        "attributes": '{"ukuran": "2 x 1,15 m", "warna": "indigo"}',
    }
    data.update(overrides)
    return data


def test_variant_create_keeps_the_products_price_range_up_to_date(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    client = gql.as_user(world.owner_a)
    first = client.data(VARIANT_CREATE, {"input": variant_input(product)})["productVariantCreate"]
    assert first["errors"] == []
    assert first["variant"]["price"] == {"amount": "350000", "currency": "IDR"}
    assert first["variant"]["lengthCm"] == "30.0"
    assert first["variant"]["quantityAvailable"] == 0
    second = client.data(
        VARIANT_CREATE, {"input": variant_input(product, sku="BTK-ASEM-02", price=125000)}
    )["productVariantCreate"]
    assert second["errors"] == []
    assert second["product"]["pricing"]["priceRange"] == {
        "start": {"amount": "125000"},
        "stop": {"amount": "350000"},
    }
    product.refresh_from_db()
    assert (product.min_price, product.max_price) == (Decimal("125000"), Decimal("350000"))
    assert "indigo" in product.search_document


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"price": "-5000"}, "price", "OUT_OF_RANGE"),
        ({"price": "0"}, "price", "OUT_OF_RANGE"),
        ({"price": "100.5"}, "price", "INVALID"),
        ({"price": "1000000001"}, "price", "OUT_OF_RANGE"),
        ({"price": "99999999999999999999"}, "price", "OUT_OF_RANGE"),
        ({"price": "NaN"}, "price", "INVALID"),
        ({"price": None}, "price", "REQUIRED"),
        ({"weightGrams": 0}, "weightGrams", "OUT_OF_RANGE"),
        ({"weightGrams": 1_000_001}, "weightGrams", "OUT_OF_RANGE"),
        ({"lengthCm": "-1"}, "lengthCm", "OUT_OF_RANGE"),
        ({"lengthCm": "10.25"}, "lengthCm", "INVALID"),
        ({"sku": ""}, "sku", "REQUIRED"),
        ({"sku": "S" * 65}, "sku", "MAX_LENGTH"),
        ({"sku": "SKU dengan spasi"}, "sku", "INVALID"),
        ({"name": "n" * 201}, "name", "MAX_LENGTH"),
        ({"attributes": '{"rasa": "' + "a" * 101 + '"}'}, "attributes", "MAX_LENGTH"),
        ({"attributes": '{"harga_coret": "1"}'}, "attributes", "INVALID"),
        ({"productId": gid("Product", 987_654)}, "productId", "NOT_FOUND"),
    ],
)
def test_bad_variant_input_answers_a_coded_error_and_changes_nothing(
    gql, world, overrides, field, code
):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    before = snapshot()
    result = gql.as_user(world.owner_a).data(
        VARIANT_CREATE, {"input": variant_input(product, **overrides)}
    )["productVariantCreate"]
    assert result["variant"] is None
    assert (field, code) in [(e["field"], e["code"]) for e in result["errors"]], result["errors"]
    assert snapshot() == before


def test_sku_is_unique_per_vendor_not_across_vendors(gql, world):
    existing = VariantFactory(product=ProductFactory(vendor=world.vendor_a), sku="LUMPIA-10")
    mine = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    before = snapshot()
    result = gql.as_user(world.owner_a).data(
        VARIANT_CREATE, {"input": variant_input(mine, sku="lumpia-10")}
    )["productVariantCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("sku", "DUPLICATE_SKU")]
    assert snapshot() == before
    theirs = ProductFactory(vendor=world.vendor_b, status=ProductStatus.DRAFT)
    result = gql.as_user(world.owner_b).data(
        VARIANT_CREATE, {"input": variant_input(theirs, sku=existing.sku)}
    )["productVariantCreate"]
    assert result["errors"] == []


def test_variant_update_validates_and_rejects_a_taken_sku(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    one = VariantFactory(product=product, sku="A-1")
    VariantFactory(product=product, sku="A-2")
    client = gql.as_user(world.owner_a)
    bad = client.data(
        VARIANT_UPDATE, {"id": gid("ProductVariant", one.pk), "input": {"sku": "A-2"}}
    )
    assert bad["productVariantUpdate"]["errors"][0]["code"] == "DUPLICATE_SKU"
    bad = client.data(
        VARIANT_UPDATE, {"id": gid("ProductVariant", one.pk), "input": {"price": "12.5"}}
    )
    assert bad["productVariantUpdate"]["errors"][0]["code"] == "INVALID"
    one.refresh_from_db()
    assert (one.sku, one.price) == ("A-1", Decimal("350000"))
    good = client.data(
        VARIANT_UPDATE,
        {"id": gid("ProductVariant", one.pk), "input": {"price": "99000", "sku": "A-1B"}},
    )["productVariantUpdate"]
    assert good["errors"] == [] and good["variant"]["price"]["amount"] == "99000"
    product.refresh_from_db()
    assert product.min_price == Decimal("99000")


def test_the_last_active_variant_of_a_published_product_cannot_be_removed(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.PUBLISHED)
    variant = VariantFactory(product=product)
    client = gql.as_user(world.owner_a)
    result = client.data(VARIANT_DELETE, {"id": gid("ProductVariant", variant.pk)})[
        "productVariantDelete"
    ]
    assert result["errors"] == [{"field": "id", "code": "INVALID"}]
    result = client.data(
        VARIANT_UPDATE, {"id": gid("ProductVariant", variant.pk), "input": {"isActive": False}}
    )["productVariantUpdate"]
    assert result["errors"][0]["code"] == "INVALID"
    assert ProductVariant.objects.filter(pk=variant.pk, is_active=True).exists()
    second = VariantFactory(product=product, price=Decimal("500000"))
    result = client.data(VARIANT_DELETE, {"id": gid("ProductVariant", variant.pk)})[
        "productVariantDelete"
    ]
    assert result["errors"] == [] and result["deletedId"] == gid("ProductVariant", variant.pk)
    product.refresh_from_db()
    assert product.min_price == second.price


def test_update_keeps_the_slug_and_validates(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT, name="Wingko Babat")
    client = gql.as_user(world.owner_a)
    result = client.data(
        PRODUCT_UPDATE,
        {"id": gid("Product", product.pk), "input": {"name": "Wingko Babat Kelapa Muda"}},
    )["productUpdate"]
    assert result["errors"] == []
    assert result["product"]["slug"] == product.slug and result["product"]["status"] == "DRAFT"
    result = client.data(
        PRODUCT_UPDATE, {"id": gid("Product", product.pk), "input": {"name": "   "}}
    )["productUpdate"]
    assert result["errors"] == [{"field": "name", "code": "REQUIRED", "message": "Wajib diisi."}]
    product.refresh_from_db()
    assert product.name == "Wingko Babat Kelapa Muda"


def test_product_delete(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    VariantFactory(product=product)
    result = gql.as_user(world.owner_a).data(PRODUCT_DELETE, {"id": gid("Product", product.pk)})
    assert result["productDelete"]["errors"] == []
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not ProductVariant.objects.filter(product_id=product.pk).exists()
