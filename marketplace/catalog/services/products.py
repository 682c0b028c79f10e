"""Products: create, edit, delete, and the denormalised columns the catalogue sorts and
searches on (`min_price`, `max_price`, `search_document`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound

from ..models import (
    Category,
    Product,
    ProductCurationEvent,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from .validation import (
    PRODUCT_DESCRIPTION_MAX,
    PRODUCT_NAME_MAX,
    clean_attributes,
    clean_certifications,
    clean_text,
)

SLUG_MAX = 200
# Edits to these fields of a PUBLISHED product are what curators judged: they send it back to review.
REVIEWED_FIELDS = frozenset({"name", "description"})
_UNSET: Any = object()


def build_search_document(product: Product, variants: list[ProductVariant] | None = None) -> str:
    """Everything a shopper might type: name, category, vendor, description, attributes, variants."""
    if variants is None:
        variants = list(product.variants.filter(is_active=True))
    parts = [product.name, product.category.name, product.vendor.name]
    if product.category.parent_id:
        parts.append(product.category.parent.name)
    parts.extend(str(v) for v in (product.attributes or {}).values())
    for variant in variants:
        parts.append(variant.name)
        parts.extend(str(v) for v in (variant.attributes or {}).values())
    parts.append(product.description)
    return " ".join(p for p in parts if p)[:20_000]


def refresh_product_denormalised(product: Product) -> None:
    """Recompute min/max price (active variants) and the search document; saves the row."""
    variants = list(ProductVariant.objects.filter(product=product, is_active=True))
    prices = [v.price for v in variants]
    product.min_price = min(prices) if prices else None
    product.max_price = max(prices) if prices else None
    product.search_document = build_search_document(product, variants)
    Product.objects.filter(pk=product.pk).update(
        min_price=product.min_price,
        max_price=product.max_price,
        search_document=product.search_document,
    )


def unique_product_slug(name: str) -> str:
    base = (slugify(name) or "produk")[:SLUG_MAX].strip("-") or "produk"
    taken = set(Product.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    for n in range(2, 1000):
        candidate = f"{base[: SLUG_MAX - 6]}-{n}"
        if candidate not in taken:
            return candidate
    return f"{base[: SLUG_MAX - 9]}-{get_random_string(8).lower()}"


def _get_category(
    category_id: int | None, errors: ErrorCollector, *, required: bool
) -> Category | None:
    if category_id is None:
        if required:
            errors.add("categoryId", "REQUIRED", "Kategori wajib dipilih.")
        return None
    category = Category.objects.select_related("parent").filter(pk=category_id).first()
    if category is None:
        errors.add("categoryId", "NOT_FOUND", "Kategori tidak ditemukan.")
    return category


def record_curation_event(
    *, product: Product, actor, from_status: str, to_status: str, reason: str = ""
) -> None:
    ProductCurationEvent.objects.create(
        product=product,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def send_back_to_review(*, product: Product, actor, reason: str) -> None:
    """A PUBLISHED product whose reviewed content changed is hidden until a curator looks again."""
    if product.status != ProductStatus.PUBLISHED:
        return
    record_curation_event(
        product=product,
        actor=actor,
        from_status=ProductStatus.PUBLISHED,
        to_status=ProductStatus.IN_REVIEW,
        reason=reason,
    )
    product.status = ProductStatus.IN_REVIEW
    Product.objects.filter(pk=product.pk).update(status=ProductStatus.IN_REVIEW)
    bump_catalog_version()


@transaction.atomic
def product_create(
    *,
    vendor,
    actor,
    name: str,
    category_id: int | None,
    description: str = "",
    attributes: dict | None = None,
    certifications: list[dict] | None = None,
) -> Product:
    errors = ErrorCollector()
    name = clean_text(errors, name, field="name", max_length=PRODUCT_NAME_MAX, required=True)
    description = clean_text(
        errors, description, field="description", max_length=PRODUCT_DESCRIPTION_MAX
    )
    attributes = clean_attributes(errors, attributes)
    certifications = clean_certifications(errors, certifications)
    category = _get_category(category_id, errors, required=True)
    errors.raise_if_any()
    product = None
    for _attempt in range(3):
        try:
            with transaction.atomic():
                product = Product.objects.create(
                    vendor=vendor,
                    category=category,
                    name=name,
                    slug=unique_product_slug(name),
                    description=description,
                    attributes=attributes,
                    certifications=certifications,
                    status=ProductStatus.DRAFT,
                )
            break
        except IntegrityError:  # a concurrent create took the same slug
            continue
    if product is None:
        raise DomainError("Gagal membuat slug unik; coba lagi.", code="UNIQUE", field="name")
    refresh_product_denormalised(product)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    actor,
    name: str | None = _UNSET,
    description: str | None = _UNSET,
    category_id: int | None = _UNSET,
    attributes: dict | None = _UNSET,
    certifications: list[dict] | None = _UNSET,
) -> Product:
    """Change what was given; the slug never changes (links keep working). Editing the name or
    description of a PUBLISHED product sends it back to IN_REVIEW."""
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if name is not _UNSET:
        changes["name"] = clean_text(
            errors, name, field="name", max_length=PRODUCT_NAME_MAX, required=True
        )
    if description is not _UNSET:
        changes["description"] = clean_text(
            errors, description, field="description", max_length=PRODUCT_DESCRIPTION_MAX
        )
    if attributes is not _UNSET:
        changes["attributes"] = clean_attributes(errors, attributes)
    if certifications is not _UNSET:
        changes["certifications"] = clean_certifications(errors, certifications)
    if category_id is not _UNSET:
        category = _get_category(category_id, errors, required=True)
        if category is not None:
            changes["category"] = category
    errors.raise_if_any()
    changed = {key for key, value in changes.items() if getattr(product, key) != value}
    if not changed:
        return product
    for key in changed:
        setattr(product, key, changes[key])
    product.save(update_fields=[*changed, "updated_at"])
    refresh_product_denormalised(product)
    if changed & REVIEWED_FIELDS:
        send_back_to_review(
            product=product,
            actor=actor,
            reason="Diubah setelah tayang: " + ", ".join(sorted(changed & REVIEWED_FIELDS)),
        )
    bump_catalog_version()
    return product


@transaction.atomic
def product_delete(*, product: Product, actor) -> None:
    was_visible = product.status == ProductStatus.PUBLISHED
    files = [
        name for image in product.images.all() for name in (image.image.name, image.thumbnail.name)
    ]
    storage = ProductImage._meta.get_field("image").storage
    try:
        product.delete()
    except ProtectedError:
        raise DomainError(
            "Produk sudah pernah dipesan dan tidak bisa dihapus; tarik dari tayang saja.",
            code="INVALID",
            field="id",
        )
    from .images import delete_files

    transaction.on_commit(lambda: delete_files(files, storage))
    if was_visible:
        bump_catalog_version()


def get_product(product_id: int, *, field: str = "id") -> Product:
    """The product, row-locked (call inside the caller's transaction), or NOT_FOUND."""
    product = (
        Product.objects.select_related("vendor", "category")
        .select_for_update(of=("self",))
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise NotFound("Tidak ditemukan.", field=field)
    return product
