"""Helpers shared by the catalogue and inventory tests (imported by both conftests)."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from graphql_relay import to_global_id
from PIL import Image

from marketplace.catalog.models import Product, ProductImage, ProductStatus
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    StaffFactory,
    StockFactory,
    UserFactory,
    VariantFactory,
    VendorMemberFactory,
    WarehouseFactory,
)


def gid(type_name: str, pk) -> str:
    return to_global_id(type_name, pk)


def image_bytes(
    fmt: str = "PNG", size=(1200, 800), color=(180, 40, 40), exif: bytes | None = None
) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def add_image(product: Product) -> ProductImage:
    """A stored photo without going through the API (for tests about other things)."""
    from django.core.files.base import ContentFile

    record = ProductImage(product=product, alt=product.name)
    record.image.save(f"p{product.pk}.png", ContentFile(image_bytes(size=(10, 10))), save=False)
    record.save()
    return record


def published_product(
    vendor, *, name="Kain Batik Indigo", price="350000", quantity=10, category=None, **extra
):
    """A PUBLISHED product with one variant, stock in one warehouse and a photo, with its
    denormalised columns up to date (as the services would leave them)."""
    from marketplace.catalog.services.products import refresh_product_denormalised

    kwargs = {"vendor": vendor, "name": name, "status": ProductStatus.PUBLISHED}
    if category is not None:
        kwargs["category"] = category
    kwargs.update(extra)
    product = ProductFactory(**kwargs)
    variant = VariantFactory(product=product, price=Decimal(price))
    warehouse = vendor.warehouses.first() or WarehouseFactory(vendor=vendor)
    StockFactory(variant=variant, warehouse=warehouse, quantity=quantity)
    add_image(product)
    refresh_product_denormalised(product)
    product.refresh_from_db()
    return product


@dataclass
class World:
    """Two vendors with an owner each, a shopper, a marketplace admin and a category."""

    vendor_a: object
    owner_a: object
    vendor_b: object
    owner_b: object
    shopper: object
    admin: object
    category: object
    warehouse_a: object
    warehouse_b: object


@pytest.fixture
def world(db) -> World:
    member_a = VendorMemberFactory()
    member_b = VendorMemberFactory()
    return World(
        vendor_a=member_a.vendor,
        owner_a=member_a.user,
        vendor_b=member_b.vendor,
        owner_b=member_b.user,
        shopper=UserFactory(),
        admin=StaffFactory(),
        category=CategoryFactory(name="Batik tulis"),
        warehouse_a=WarehouseFactory(vendor=member_a.vendor),
        warehouse_b=WarehouseFactory(vendor=member_b.vendor),
    )
