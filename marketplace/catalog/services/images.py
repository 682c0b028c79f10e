"""Product photos: checked before they are decoded, re-encoded without metadata, thumbnailed.

The upload arrives as base64 text (GraphQL has no file type without the multipart extension).
Its size is checked on the *text* before decoding, so an oversized upload never costs memory;
Pillow then verifies it is a real JPEG/PNG/WEBP (a text file renamed .png is refused). The stored
image is re-encoded after `exif_transpose`: the photo is upright and carries no EXIF (sellers'
phones put the GPS position of their home there).
"""

from __future__ import annotations

import base64
import binascii
import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector

from ..models import Product, ProductImage, ProductStatus
from .products import send_back_to_review
from .validation import ALT_MAX, clean_text

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (400, 400)
MAX_PIXELS = 40_000_000  # 40 MP: more is a decompression bomb, not a product photo
MAX_IMAGES_PER_PRODUCT = 10


def _invalid(message: str = "Berkas bukan gambar JPEG, PNG atau WEBP yang valid.") -> DomainError:
    return DomainError(message, code="INVALID_IMAGE", field="image")


def decode_base64_image(data: str) -> bytes:
    """Bytes of a base64 upload (a `data:` URL prefix is accepted), size-checked before decoding."""
    if not data:
        raise DomainError("Gambar wajib diisi.", code="REQUIRED", field="image")
    if data.startswith("data:"):
        _, _, data = data.partition(",")
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    # 4 characters of base64 carry 3 bytes; allow padding and line breaks.
    if len(data) > (limit + 2) // 3 * 4 + len(data) // 76 * 2 + 4:
        raise DomainError(
            f"Ukuran gambar maksimal {limit // (1024 * 1024)} MB.",
            code="FILE_TOO_LARGE",
            field="image",
        )
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _invalid("Data gambar bukan base64 yang valid.")
    if len(raw) > limit:
        raise DomainError(
            f"Ukuran gambar maksimal {limit // (1024 * 1024)} MB.",
            code="FILE_TOO_LARGE",
            field="image",
        )
    return raw


def _open_verified(raw: bytes) -> tuple[Image.Image, str]:
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _invalid()
    if image_format not in ALLOWED_FORMATS:
        raise _invalid()
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise _invalid("Resolusi gambar terlalu besar (maksimal 40 megapiksel).")
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _invalid()
    return image, image_format


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()


def make_thumbnail(image: Image.Image, image_format: str) -> bytes:
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    return _encode(thumb, image_format)


@transaction.atomic
def image_create(*, product: Product, actor, data: bytes, alt: str = "") -> ProductImage:
    errors = ErrorCollector()
    alt = clean_text(errors, alt, field="alt", max_length=ALT_MAX)
    if product.images.count() >= MAX_IMAGES_PER_PRODUCT:
        errors.add("image", "QUOTA_EXCEEDED", f"Maksimal {MAX_IMAGES_PER_PRODUCT} foto per produk.")
    errors.raise_if_any()
    if len(data) > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise DomainError("Gambar terlalu besar.", code="FILE_TOO_LARGE", field="image")
    image, image_format = _open_verified(data)
    extension = ALLOWED_FORMATS[image_format]
    stem = uuid.uuid4().hex
    record = ProductImage(
        product=product,
        alt=alt or product.name[:ALT_MAX],
        sort_order=(
            product.images.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
        )
        + (1 if product.images.exists() else 0),
    )
    try:
        record.image.save(
            f"{stem}.{extension}", ContentFile(_encode(image, image_format)), save=False
        )
        record.thumbnail.save(
            f"{stem}-400.{extension}", ContentFile(make_thumbnail(image, image_format)), save=False
        )
        record.width, record.height = image.width, image.height
        record.save()
        send_back_to_review(product=product, actor=actor, reason="Foto ditambahkan setelah tayang.")
    except Exception:
        delete_files([record.image.name, record.thumbnail.name], record.image.storage)
        raise
    return record


def delete_files(names: list[str], storage) -> None:
    for name in names:
        if name:
            storage.delete(name)


@transaction.atomic
def image_delete(*, image: ProductImage, actor) -> None:
    product = image.product
    if (
        product.status in (ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW)
        and product.images.count() <= 1
    ):
        raise DomainError(
            "Produk yang tayang atau sedang ditinjau harus punya minimal satu foto.",
            code="INVALID",
            field="id",
        )
    files = [image.image.name, image.thumbnail.name]
    storage = image.image.storage
    image.delete()
    send_back_to_review(product=product, actor=actor, reason="Foto dihapus setelah tayang.")
    transaction.on_commit(lambda: delete_files(files, storage))


@transaction.atomic
def image_reorder(*, product: Product, actor, image_ids: list[int]) -> list[ProductImage]:
    """Put the product's photos in the given order (the first is the cover photo)."""
    images = {i.pk: i for i in product.images.all()}
    if sorted(image_ids) != sorted(images) or len(set(image_ids)) != len(image_ids):
        raise DomainError(
            "Urutan harus memuat setiap foto produk tepat satu kali.",
            code="INVALID",
            field="imageIds",
        )
    for position, pk in enumerate(image_ids):
        images[pk].sort_order = position
    ProductImage.objects.bulk_update(images.values(), ["sort_order"])
    if product.status == ProductStatus.PUBLISHED:
        bump_catalog_version()
    return [images[pk] for pk in image_ids]
