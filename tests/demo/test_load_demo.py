"""`manage.py load_demo`: a complete, believable demo marketplace, loaded idempotently.

Given an empty database, when the command runs, then shoppers can browse ≥150 published products
of ≥12 approved Semarang vendors and the demo accounts can log in; when it runs again, nothing
changes and it says so.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from fulfillment.models import GalleryHub, SameDayService, ShippingRate, ShippingZone
from marketplace.accounts.models import Address, User
from marketplace.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from marketplace.core.demo import data
from marketplace.core.regions import find_region, is_known_postal_code, postal_codes_for
from marketplace.inventory.models import MovementSource, Stock, StockMovement
from marketplace.inventory.services.stock import change_stock
from vendors.models import Vendor, VendorMember, VendorRole, VendorStatus, Warehouse

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
MODELS = [
    User,
    Address,
    Category,
    Vendor,
    VendorMember,
    Warehouse,
    Product,
    ProductVariant,
    ProductImage,
    Stock,
    StockMovement,
    ShippingZone,
    ShippingRate,
    SameDayService,
    GalleryHub,
]


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["stock_total"] = sum(Stock.objects.values_list("quantity", flat=True))
    counts["passwords"] = sorted(User.objects.values_list("password", flat=True))
    return counts


def test_load_demo_builds_the_marketplace_and_a_second_run_changes_nothing():
    first = run_load_demo()

    total = data.total_products()
    assert f"Vendor {len(data.VENDORS)}/{len(data.VENDORS)}" in first
    assert f"Produk {total}/{total}" in first and "Data demo dimuat" in first
    for email, password in (
        (data.ADMIN_EMAIL, data.ADMIN_PASSWORD),
        (data.SHOPPER_EMAIL, data.SHOPPER_PASSWORD),
        (data.SELLER_EMAIL, data.SELLER_PASSWORD),
    ):
        assert email in first and password in first
    assert_catalogue_is_large_published_and_complete()
    assert_vendors_come_from_semarangs_sentra_with_real_addresses()
    assert_demo_offers_real_carriers()

    # Meanwhile the gallery's POS sells two units and a seller renames a product.
    stock = Stock.objects.filter(quantity__gte=2).order_by("pk").first()
    change_stock(stock=stock, source=MovementSource.POS_SALE, delta=-2, external_id="pos:1")
    stock.refresh_from_db()
    product = stock.variant.product
    product.name = "Nama diganti penjual"
    product.save()
    before = snapshot()

    second = run_load_demo()

    assert snapshot() == before  # nothing created, nothing reset
    product.refresh_from_db()
    assert product.name == "Nama diganti penjual"
    assert "sudah lengkap; tidak ada yang diubah" in second
    assert f"{len(data.VENDORS)} vendor disetujui, {total} produk tayang." in second


def assert_demo_offers_real_carriers():
    """seed_shipping_defaults ran: table rate, same-day, click-and-collect and the hub."""
    from fulfillment.api import Destination, Parcel, hub_consolidation_option
    from fulfillment.api import shipping_options_for_vendor_group as options_for

    assert ShippingZone.objects.exists() and ShippingRate.objects.exists()
    assert SameDayService.objects.exists() and GalleryHub.objects.exists()
    tenants = list(Vendor.objects.filter(is_gallery_tenant=True).order_by("pk")[:2])
    semarang = Destination(postal_code="50132", city="Kota Semarang", province="Jawa Tengah")
    ids = {
        o.id for o in options_for(vendor=tenants[0], destination=semarang, parcels=[Parcel(800)])
    }
    assert {"table:regular", "pickup:galeri"} <= ids, ids
    hub = hub_consolidation_option(
        groups=[(v, [Parcel(800)]) for v in tenants],
        destination=Destination(postal_code="10110"),
    )
    assert hub is not None and hub.id == "hub:consolidated"


def assert_catalogue_is_large_published_and_complete():
    approved = Vendor.objects.filter(status=VendorStatus.APPROVED)
    assert approved.count() >= 12
    visible = Product.objects.visible()
    assert visible.count() >= 150
    assert not Product.objects.exclude(status=ProductStatus.PUBLISHED).exists()

    for product in visible.prefetch_related("variants__stocks", "images", "vendor__warehouses"):
        variants = list(product.variants.all())
        assert 1 <= len(variants) <= 4, product.slug
        prices = [v.price for v in variants]
        assert (product.min_price, product.max_price) == (min(prices), max(prices))
        assert (
            product.name in product.search_document
            and product.vendor.name in product.search_document
        )
        warehouse_ids = {w.pk for w in product.vendor.warehouses.all()}
        for variant in variants:
            assert variant.price == variant.price.to_integral_value() and variant.price > 0
            assert (
                variant.weight_grams > 0
                and variant.length_cm
                and variant.width_cm
                and variant.height_cm
            )
            assert {s.warehouse_id for s in variant.stocks.all()} == warehouse_ids
        images = list(product.images.all())
        assert images, product.slug
        for image in images:
            assert default_storage.exists(image.image.name)
            assert default_storage.exists(image.thumbnail.name)
            assert (image.width, image.height) == (800, 800)
            assert image.alt

    skus = list(ProductVariant.objects.values_list("vendor_id", "sku"))
    assert len(skus) == len(set(skus))
    # Attributes a shopper filters on are filled.
    keys = Counter(
        k for attrs in Product.objects.values_list("attributes", flat=True) for k in attrs
    )
    keys.update(
        k for attrs in ProductVariant.objects.values_list("attributes", flat=True) for k in attrs
    )
    assert {"motif", "bahan", "ukuran", "warna", "rasa", "berat_bersih"} <= set(keys)
    # Stock moved through the ledger, replay-safe, with the demo's external ids.
    movements = StockMovement.objects.filter(source=MovementSource.DEMO)
    assert movements.count() == Stock.objects.count()
    assert all(m.external_id.startswith("demo:") for m in movements)
    assert Stock.objects.filter(quantity__gt=0).count() > 0.9 * Stock.objects.count()


def assert_vendors_come_from_semarangs_sentra_with_real_addresses():
    vendors = {v.slug: v for v in Vendor.objects.select_related("address")}
    by_sentra = Counter(v.sentra for v in vendors.values())
    assert by_sentra["batik-gunungpati"] >= 2
    for sentra in (
        "tahu-tempe-tandang",
        "tahu-tempe-krobokan",
        "bandeng-presto",
        "kulit-lumpia",
        "kerupuk-krobokan",
        "logam-bkt",
    ):
        assert by_sentra[sentra] >= 1, sentra
    tenants = {v.sentra for v in vendors.values() if v.is_gallery_tenant}
    assert {"furnitur", "fashion", "kerajinan", "kuliner"} <= tenants
    pkp = [v for v in vendors.values() if v.is_pkp]
    assert pkp and all(len(v.npwp) in (15, 16) and v.npwp.isdigit() for v in pkp)
    assert all(len(v.description) > 100 for v in vendors.values())

    semarang = find_region("Kota Semarang", find_region("Jawa Tengah").code)
    for address in Address.objects.all():
        assert is_known_postal_code(address.postal_code), address
        kecamatan = find_region(address.district, semarang.code)
        assert kecamatan is not None, address.district
        kelurahan = find_region(address.subdistrict, kecamatan.code)
        assert kelurahan is not None, address.subdistrict
        assert address.region_code == kelurahan.code
        assert address.postal_code in postal_codes_for(kelurahan.code), address
        # Inside Kota Semarang's bounding box.
        assert (
            -7.15 < float(address.latitude) < -6.93 and 110.26 < float(address.longitude) < 110.51
        )
        assert address.phone.startswith("+62")
    for vendor in vendors.values():
        assert vendor.warehouses.count() == (2 if vendor.is_gallery_tenant else 1)

    food = Product.objects.filter(vendor__sentra__in=["bandeng-presto", "kulit-lumpia", "kuliner"])
    assert food.exists()
    for product in food:
        kinds = {c["kind"] for c in product.certifications}
        assert {"PIRT", "HALAL"} <= kinds, product.slug


def test_demo_accounts_log_in_and_shoppers_see_the_catalogue_through_the_api(gql):
    run_load_demo()
    mutation = """
        mutation($email: String!, $password: String!) {
          tokenCreate(email: $email, password: $password) {
            token user { email isStaff } errors { field code message }
          }
        }
    """
    for email, password, staff in (
        (data.ADMIN_EMAIL, data.ADMIN_PASSWORD, True),
        (data.SHOPPER_EMAIL, data.SHOPPER_PASSWORD, False),
        (data.SELLER_EMAIL, data.SELLER_PASSWORD, False),
    ):
        result = gql.data(mutation, {"email": email, "password": password})["tokenCreate"]
        assert result["errors"] == [] and result["token"], (email, result)
        assert result["user"] == {"email": email, "isStaff": staff}

    wrong = gql.data(mutation, {"email": data.SHOPPER_EMAIL, "password": "salah-sandi-123"})
    assert wrong["tokenCreate"]["token"] is None and wrong["tokenCreate"]["errors"]

    seller = User.objects.get(email=data.SELLER_EMAIL)
    membership = VendorMember.objects.get(user=seller)
    assert (membership.vendor.slug, membership.role) == (data.SELLER_VENDOR_SLUG, VendorRole.OWNER)
    # Other vendors' owners exist but cannot log in with any password.
    owners = User.objects.filter(email__endswith="@penjual.galeri-ikm.id")
    assert owners.count() == len(data.VENDORS) - 1
    assert not any(u.has_usable_password() for u in owners)

    # Anonymous shoppers browse the demo catalogue.
    body = gql.data(
        """
        query($slug: String!) {
          products(first: 20) { totalCount edges { node { slug vendor { name } } } }
          product(slug: $slug) {
            name vendor { slug }
            variants { sku price { amount currency } quantityAvailable }
            images { url }
          }
        }
        """,
        {"slug": "kain-batik-tulis-asem-arang-indigo-bam"},
    )
    assert body["products"]["totalCount"] >= 150
    assert len(body["products"]["edges"]) == 20
    product = body["product"]
    assert product["name"] == "Kain Batik Tulis Asem Arang Indigo"
    assert product["vendor"]["slug"] == "batik-alam-malon"
    assert [v["sku"] for v in product["variants"]] == ["BAM-001-200", "BAM-001-250"]
    assert all(v["price"]["currency"] == "IDR" for v in product["variants"])
    stock = Stock.objects.filter(variant__sku="BAM-001-200").values_list("quantity", flat=True)
    assert product["variants"][0]["quantityAvailable"] == sum(stock)
    assert product["images"] and product["images"][0]["url"].endswith(".jpg")


def test_load_demo_refuses_public_passwords_on_a_production_server(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_make_run_shape_sqlite_migrate_and_load_twice(tmp_path):
    """The embedded default (`make run`): SQLite, no Redis, DEBUG on."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY"}
    }
    env.update(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(tmp_path / "demo.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_TASK_ALWAYS_EAGER="1",
    )

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v0")
    first = manage("load_demo")
    second = manage("load_demo")
    total = data.total_products()
    assert "Data demo dimuat" in first and f"Produk {total}/{total}" in first
    assert "sudah lengkap; tidak ada yang diubah" in second
    assert f"{len(data.VENDORS)} vendor disetujui, {total} produk tayang." in second
    images = list((tmp_path / "media" / "products").rglob("*.jpg"))
    assert len(images) == 2 * data.total_products()
