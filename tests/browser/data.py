"""The small catalogue the browser journeys shop in: two Semarang vendors, one a Galeri tenant."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import (
    AddressFactory,
    CategoryFactory,
    ProductFactory,
    StockFactory,
    VariantFactory,
    VendorFactory,
    WarehouseFactory,
)


def build_catalogue() -> dict:
    from fulfillment.models import GalleryHub, ShippingRate, ShippingZone, ShippingZoneArea

    GalleryHub.objects.get_or_create(name="Galeri IKM Kota Lama")
    zone = ShippingZone.objects.create(name="Jawa Tengah", priority=10)
    ShippingZoneArea.objects.create(zone=zone, province="Jawa Tengah")
    ShippingRate.objects.create(
        zone=zone,
        service="regular",
        max_weight_grams=30000,
        base_price=Decimal("12000"),
        price_per_extra_kg=Decimal("4000"),
        transit_days_min=1,
        transit_days_max=2,
    )
    ShippingRate.objects.create(
        zone=zone,
        service="express",
        max_weight_grams=30000,
        base_price=Decimal("22000"),
        price_per_extra_kg=Decimal("6000"),
        transit_days_min=1,
        transit_days_max=1,
    )
    batik = CategoryFactory(name="Batik", slug="batik")
    food = CategoryFactory(name="Makanan khas", slug="makanan-khas")
    batik_vendor = VendorFactory(
        name="Batik Warna Alam Zie",
        slug="batik-zie",
        sentra="batik-gunungpati",
        is_gallery_tenant=True,
        description="Batik tulis pewarna alami dari Gunungpati, dikerjakan ibu-ibu Kampung Malon.",
    )
    food_vendor = VendorFactory(
        name="Bandeng Presto Juwana Elrina",
        slug="bandeng-elrina",
        sentra="bandeng-presto",
        is_gallery_tenant=True,
        description="Bandeng presto duri lunak sejak 1983.",
    )
    address = AddressFactory()
    batik_warehouse = WarehouseFactory(vendor=batik_vendor, name="Rumah produksi", address=address)
    food_warehouse = WarehouseFactory(
        vendor=food_vendor, name="Dapur Pandanaran", address=AddressFactory()
    )
    batik_product = ProductFactory(
        vendor=batik_vendor,
        category=batik,
        name="Kain Batik Tulis Indigo Gunungpati",
        slug="kain-batik-indigo",
        search_document="Kain Batik Tulis Indigo Gunungpati batik indigo",
        min_price=Decimal("350000"),
        max_price=Decimal("350000"),
        certifications=[{"kind": "SNI", "number": "SNI 0239:2019"}],
    )
    food_product = ProductFactory(
        vendor=food_vendor,
        category=food,
        name="Bandeng Presto Duri Lunak 500 g",
        slug="bandeng-presto-500",
        search_document="Bandeng Presto Duri Lunak bandeng presto",
        min_price=Decimal("55000"),
        max_price=Decimal("55000"),
        certifications=[{"kind": "HALAL", "number": "ID33110000456"}],
    )
    batik_variant = VariantFactory(
        product=batik_product, sku="ZIE-IND-01", name="2 x 1,15 m", price=Decimal("350000")
    )
    food_variant = VariantFactory(
        product=food_product, sku="ELR-500", name="500 g", price=Decimal("55000"), weight_grams=600
    )
    StockFactory(variant=batik_variant, warehouse=batik_warehouse, quantity=10)
    StockFactory(variant=food_variant, warehouse=food_warehouse, quantity=50)
    return {
        "batik_vendor": batik_vendor,
        "food_vendor": food_vendor,
        "batik_product": batik_product,
        "food_product": food_product,
        "batik_variant": batik_variant,
        "food_variant": food_variant,
    }
