"""Fetching a catalogue object for a change, with the vendor check done once, the same way.

Callers outside the vendor get exactly the answer a nonexistent id gets (NOT_FOUND on the same
field, the same message), so ids cannot be probed. Anonymous callers are asked to sign in
before anything is looked up. Marketplace staff with `manage_products` may act for any vendor
(support and curation).
"""

from __future__ import annotations

from operator import attrgetter

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


def _get_for_change(user, queryset, pk: int, field: str, vendor_id_of):
    """The row `pk` of `queryset` for a caller signed in and working for its vendor (asked in
    that order); a missing row and another vendor's row both answer NOT_FOUND on `field`."""
    require_signed_in(user)
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_member(user, vendor_id_of(row), field=field)
    return row


def get_product_for_change(
    user, product_id: int, *, field: str = "id", lock: bool = True
) -> Product:
    queryset = Product.objects.select_related("vendor", "category")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return _get_for_change(user, queryset, product_id, field, attrgetter("vendor_id"))


def get_variant_for_change(user, variant_id: int, *, field: str = "id") -> ProductVariant:
    queryset = ProductVariant.objects.select_related("product")
    return _get_for_change(user, queryset, variant_id, field, attrgetter("vendor_id"))


def get_image_for_change(user, image_id: int, *, field: str = "id") -> ProductImage:
    queryset = ProductImage.objects.select_related("product")
    return _get_for_change(user, queryset, image_id, field, attrgetter("product.vendor_id"))


def get_vendor_warehouse(vendor_id: int, warehouse_id: int, *, field: str) -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id, vendor_id=vendor_id).first()
    if warehouse is None:
        raise NotFound("Gudang tidak ditemukan.", field=field)
    return warehouse
