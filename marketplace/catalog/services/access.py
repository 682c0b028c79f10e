"""Fetching a catalogue object for a change, with the vendor check done once, the same way.

Callers outside the vendor get exactly the answer a nonexistent id gets (NOT_FOUND on the same
field, the same message), so ids cannot be probed. Anonymous callers are asked to sign in
before anything is looked up. Marketplace staff with `manage_products` may act for any vendor
(support and curation).
"""

from __future__ import annotations

from marketplace.core.exceptions import NotFound, PermissionDenied
from vendors.models import Warehouse
from vendors.permissions import require_vendor_access

from ..models import Product, ProductImage, ProductVariant
from ..selectors import MANAGE_PRODUCTS


def require_signed_in(user) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Silakan masuk terlebih dahulu.")


def require_vendor_member(user, vendor_id: int, *, field: str) -> None:
    require_signed_in(user)
    require_vendor_access(user, vendor_id, field=field, staff_permission=MANAGE_PRODUCTS)


def get_product_for_change(
    user, product_id: int, *, field: str = "id", lock: bool = True
) -> Product:
    require_signed_in(user)
    queryset = Product.objects.select_related("vendor", "category")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    product = queryset.filter(pk=product_id).first()
    if product is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_member(user, product.vendor_id, field=field)
    return product


def get_variant_for_change(user, variant_id: int, *, field: str = "id") -> ProductVariant:
    require_signed_in(user)
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_member(user, variant.vendor_id, field=field)
    return variant


def get_image_for_change(user, image_id: int, *, field: str = "id") -> ProductImage:
    require_signed_in(user)
    image = ProductImage.objects.select_related("product").filter(pk=image_id).first()
    if image is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_member(user, image.product.vendor_id, field=field)
    return image


def get_vendor_warehouse(vendor_id: int, warehouse_id: int, *, field: str) -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id, vendor_id=vendor_id).first()
    if warehouse is None:
        raise NotFound("Gudang tidak ditemukan.", field=field)
    return warehouse
