"""Variants (what a shopper actually buys): SKU unique per vendor, whole-Rupiah prices,
weights in grams and dimensions in cm for the couriers' volumetric weight."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector

from ..models import Product, ProductStatus, ProductVariant
from .products import refresh_product_denormalised
from .validation import (
    VARIANT_NAME_MAX,
    clean_attributes,
    clean_dimension,
    clean_price,
    clean_sku,
    clean_text,
    clean_weight,
)

_UNSET: Any = object()
MAX_VARIANTS_PER_PRODUCT = 100


def _duplicate_sku() -> DomainError:
    return DomainError(
        "SKU sudah dipakai produk lain di toko ini.", code="DUPLICATE_SKU", field="sku"
    )


def _sku_taken(vendor_id: int, sku: str, *, exclude_pk: int | None = None) -> bool:
    queryset = ProductVariant.objects.filter(vendor_id=vendor_id, sku__iexact=sku)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


def _save_with_unique_sku(variant: ProductVariant, **save_kwargs) -> None:
    try:
        with transaction.atomic():
            variant.save(**save_kwargs)
    except IntegrityError as exc:
        if "unique_sku_per_vendor" in str(exc):
            raise _duplicate_sku()
        raise


@transaction.atomic
def variant_create(
    *,
    product: Product,
    actor,
    sku: str,
    price: Any,
    weight_grams: Any,
    name: str = "",
    length_cm: Any = None,
    width_cm: Any = None,
    height_cm: Any = None,
    attributes: dict | None = None,
) -> ProductVariant:
    errors = ErrorCollector()
    sku = clean_sku(errors, sku)
    name = clean_text(errors, name, field="name", max_length=VARIANT_NAME_MAX)
    price = clean_price(errors, price)
    weight_grams = clean_weight(errors, weight_grams)
    dimensions = {
        key: clean_dimension(errors, value, field=field)
        for key, field, value in (
            ("length_cm", "lengthCm", length_cm),
            ("width_cm", "widthCm", width_cm),
            ("height_cm", "heightCm", height_cm),
        )
    }
    attributes = clean_attributes(errors, attributes)
    if (
        sku
        and not any(e.field == "sku" for e in errors.errors)
        and _sku_taken(product.vendor_id, sku)
    ):
        errors.add("sku", "DUPLICATE_SKU", "SKU sudah dipakai produk lain di toko ini.")
    if product.variants.count() >= MAX_VARIANTS_PER_PRODUCT:
        errors.add(
            None, "QUOTA_EXCEEDED", f"Maksimal {MAX_VARIANTS_PER_PRODUCT} varian per produk."
        )
    errors.raise_if_any()
    variant = ProductVariant(
        product=product,
        vendor_id=product.vendor_id,
        sku=sku,
        name=name,
        price=price,
        weight_grams=weight_grams,
        attributes=attributes,
        sort_order=product.variants.count(),
        **dimensions,
    )
    _save_with_unique_sku(variant)
    refresh_product_denormalised(product)
    if product.status == ProductStatus.PUBLISHED:
        bump_catalog_version()
    return variant


@transaction.atomic
def variant_update(
    *,
    variant: ProductVariant,
    actor,
    sku: Any = _UNSET,
    name: Any = _UNSET,
    price: Any = _UNSET,
    weight_grams: Any = _UNSET,
    length_cm: Any = _UNSET,
    width_cm: Any = _UNSET,
    height_cm: Any = _UNSET,
    attributes: Any = _UNSET,
    is_active: Any = _UNSET,
) -> ProductVariant:
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if sku is not _UNSET:
        changes["sku"] = clean_sku(errors, sku)
        if (
            changes["sku"]
            and not any(e.field == "sku" for e in errors.errors)
            and _sku_taken(variant.vendor_id, changes["sku"], exclude_pk=variant.pk)
        ):
            errors.add("sku", "DUPLICATE_SKU", "SKU sudah dipakai produk lain di toko ini.")
    if name is not _UNSET:
        changes["name"] = clean_text(errors, name, field="name", max_length=VARIANT_NAME_MAX)
    if price is not _UNSET:
        changes["price"] = clean_price(errors, price)
    if weight_grams is not _UNSET:
        changes["weight_grams"] = clean_weight(errors, weight_grams)
    for key, field, value in (
        ("length_cm", "lengthCm", length_cm),
        ("width_cm", "widthCm", width_cm),
        ("height_cm", "heightCm", height_cm),
    ):
        if value is not _UNSET:
            changes[key] = clean_dimension(errors, value, field=field)
    if attributes is not _UNSET:
        changes["attributes"] = clean_attributes(errors, attributes)
    if is_active is not _UNSET and is_active is not None:
        changes["is_active"] = bool(is_active)
        if not is_active:
            _check_not_last_active(variant, errors, field="isActive")
    errors.raise_if_any()
    changed = [key for key, value in changes.items() if getattr(variant, key) != value]
    if not changed:
        return variant
    for key in changed:
        setattr(variant, key, changes[key])
    _save_with_unique_sku(variant, update_fields=[*changed, "updated_at"])
    product = variant.product
    refresh_product_denormalised(product)
    if product.status == ProductStatus.PUBLISHED:
        bump_catalog_version()
    return variant


def _check_not_last_active(variant: ProductVariant, errors: ErrorCollector, *, field: str) -> None:
    product = variant.product
    if product.status in (ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW) and not (
        product.variants.filter(is_active=True).exclude(pk=variant.pk).exists()
    ):
        errors.add(
            field,
            "INVALID",
            "Produk yang tayang atau sedang ditinjau harus punya minimal satu varian aktif.",
        )


@transaction.atomic
def variant_delete(*, variant: ProductVariant, actor) -> bool:
    """Delete the variant; one that was already ordered is deactivated instead (orders keep
    pointing at it). Returns True when the row was deleted."""
    errors = ErrorCollector()
    if variant.is_active:
        _check_not_last_active(variant, errors, field="id")
    errors.raise_if_any()
    product = variant.product
    deleted = True
    try:
        with transaction.atomic():
            variant.delete()
    except ProtectedError:
        ProductVariant.objects.filter(pk=variant.pk).update(is_active=False)
        deleted = False
    refresh_product_denormalised(product)
    if product.status == ProductStatus.PUBLISHED:
        bump_catalog_version()
    return deleted
