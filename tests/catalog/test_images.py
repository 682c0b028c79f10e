"""Product photos arrive as base64: size is checked before decoding, Pillow verifies the format,
the stored copy is upright and carries no EXIF, a 400 px thumbnail is made."""

from __future__ import annotations

import base64

from PIL import Image

from marketplace.catalog.models import ProductImage, ProductStatus
from tests.catalog.helpers import add_image, b64, gid, image_bytes
from tests.factories import ProductFactory

IMAGE_CREATE = """
mutation($productId: ID!, $image: String!, $filename: String, $alt: String) {
  productImageCreate(productId: $productId, imageBase64: $image, filename: $filename, alt: $alt) {
    image { id url thumbnailUrl alt width height }
    errors { field code message }
  }
}"""

IMAGE_REORDER = """
mutation($productId: ID!, $ids: [ID!]!) {
  productImageReorder(productId: $productId, imageIds: $ids) { images { id } errors { field code } }
}"""

IMAGE_DELETE = """
mutation($id: ID!) { productImageDelete(id: $id) { deletedId errors { field code } } }"""


def upload(gql, user, product, data: str, filename="foto.png", alt="Kain batik"):
    return gql.as_user(user).data(
        IMAGE_CREATE,
        {"productId": gid("Product", product.pk), "image": data, "filename": filename, "alt": alt},
    )["productImageCreate"]


def test_a_photo_is_stored_with_a_400px_thumbnail(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    result = upload(
        gql, world.owner_a, product, b64(image_bytes("JPEG", size=(1600, 1000))), "foto.jpg"
    )
    assert result["errors"] == []
    image = result["image"]
    assert (image["width"], image["height"]) == (1600, 1000)
    assert image["url"].startswith("http://testserver/media/products/") and image["url"].endswith(
        ".jpg"
    )
    stored = ProductImage.objects.get(product=product)
    with Image.open(stored.thumbnail.path) as thumb:
        assert max(thumb.size) == 400 and thumb.format == "JPEG"
    assert image["thumbnailUrl"].endswith("-400.jpg")


def test_the_stored_photo_is_upright_and_has_no_exif(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "KameraHP"
    raw = image_bytes("JPEG", size=(300, 200), exif=exif.tobytes())
    result = upload(gql, world.owner_a, product, "data:image/jpeg;base64," + b64(raw), "hp.jpg")
    assert result["errors"] == []
    stored = ProductImage.objects.get(product=product)
    with Image.open(stored.image.path) as image:
        assert image.size == (200, 300)
        assert not image.getexif()


def test_a_text_file_renamed_png_is_refused(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    data = b64(b"ini bukan gambar, hanya teks biasa\n" * 20)
    result = upload(gql, world.owner_a, product, data, "foto.png")
    assert result["image"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("image", "INVALID_IMAGE")]
    assert not ProductImage.objects.exists()


def test_a_gif_or_garbage_base64_is_refused(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    gif = upload(gql, world.owner_a, product, b64(image_bytes("GIF", size=(20, 20))), "a.gif")
    assert gif["errors"][0]["code"] == "INVALID_IMAGE"
    garbage = upload(gql, world.owner_a, product, "@@@ bukan base64 @@@", "a.png")
    assert garbage["errors"][0]["code"] == "INVALID_IMAGE"
    truncated = upload(gql, world.owner_a, product, b64(image_bytes("PNG")[:200]), "a.png")
    assert truncated["errors"][0]["code"] == "INVALID_IMAGE"
    assert not ProductImage.objects.exists()


def test_an_oversized_upload_is_refused_before_decoding(gql, world, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 50_000
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    data = base64.b64encode(b"\x00" * 60_000).decode()
    result = upload(gql, world.owner_a, product, data)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("image", "FILE_TOO_LARGE")]
    assert not ProductImage.objects.exists()


def test_a_default_sized_upload_fits_through_http(gql, world, settings):
    """The request body limit leaves room for a maximum-size image in base64."""
    settings.MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.MAX_IMAGE_UPLOAD_BYTES * 4 // 3 + 1024 * 1024
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    data = base64.b64encode(b"\x00" * (5 * 1024 * 1024 + 10)).decode()
    result = upload(gql, world.owner_a, product, data)
    assert result["errors"][0]["code"] == "FILE_TOO_LARGE"


def test_reorder_and_delete(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    first, second = add_image(product), add_image(product)
    client = gql.as_user(world.owner_a)
    ids = [gid("ProductImage", second.pk), gid("ProductImage", first.pk)]
    result = client.data(IMAGE_REORDER, {"productId": gid("Product", product.pk), "ids": ids})
    assert result["productImageReorder"]["errors"] == []
    assert [i["id"] for i in result["productImageReorder"]["images"]] == ids
    assert list(product.images.values_list("pk", flat=True)) == [second.pk, first.pk]
    bad = client.data(IMAGE_REORDER, {"productId": gid("Product", product.pk), "ids": ids[:1]})
    assert bad["productImageReorder"]["errors"] == [{"field": "imageIds", "code": "INVALID"}]
    result = client.data(IMAGE_DELETE, {"id": gid("ProductImage", first.pk)})
    assert result["productImageDelete"]["errors"] == []
    assert list(product.images.values_list("pk", flat=True)) == [second.pk]


def test_alt_text_is_limited(gql, world):
    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    result = upload(gql, world.owner_a, product, b64(image_bytes()), alt="a" * 201)
    assert result["errors"][0] == {
        "field": "alt",
        "code": "MAX_LENGTH",
        "message": "Maksimal 200 karakter.",
    }
    assert not ProductImage.objects.exists()


def test_deleting_a_photo_or_its_product_removes_the_files_after_commit(
    gql, world, django_capture_on_commit_callbacks
):
    import os

    product = ProductFactory(vendor=world.vendor_a, status=ProductStatus.DRAFT)
    client = gql.as_user(world.owner_a)
    for _ in range(2):
        assert upload(gql, world.owner_a, product, b64(image_bytes(size=(50, 50))))["errors"] == []
    first, second = ProductImage.objects.filter(product=product).order_by("pk")
    paths = [first.image.path, first.thumbnail.path, second.image.path, second.thumbnail.path]
    assert all(os.path.exists(p) for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        client.data(IMAGE_DELETE, {"id": gid("ProductImage", first.pk)})
    assert [os.path.exists(p) for p in paths] == [False, False, True, True]
    with django_capture_on_commit_callbacks(execute=True):
        result = client.data(
            "mutation($id: ID!) { productDelete(id: $id) { errors { code } } }",
            {"id": gid("Product", product.pk)},
        )
    assert result["productDelete"]["errors"] == []
    assert not any(os.path.exists(p) for p in paths)
