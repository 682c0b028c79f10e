"""`load_benchmark_data`: a large, plain catalogue for `benchmarks/catalogue.py`.

50 approved vendors × 20 products × 10 variants (1,000 products, 10,000 variants, 10,000 stock
rows, each with its DEMO stock movement), written with `bulk_create` in one transaction: a few
seconds on PostgreSQL. Idempotent by slug: products that exist are left alone, so a second run
creates nothing. All rows are recognisable by the `bench-` slug prefix and `BENCH` SKU prefix.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from marketplace.accounts.models import Address, User
from marketplace.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from marketplace.core.cache import bump_catalog_version
from marketplace.inventory.models import MovementSource, Stock, StockMovement
from vendors.models import Vendor, VendorStatus, Warehouse

from .images import encode_jpeg, make_thumbnail, render_product_image

VENDORS = 50
PRODUCTS_PER_VENDOR = 20
VARIANTS_PER_PRODUCT = 10
SHARED_IMAGES = 8
BENCH_SHOPPER_EMAIL = "bench-shopper@galeri-ikm.id"
BENCH_SHOPPER_PASSWORD = "Bench-Shopper-2026"

_KINDS = ("Kain Batik", "Tas Anyaman", "Kerupuk", "Wajan", "Kursi Jati", "Wingko", "Kemeja Lurik")
_THEMES = ("Indigo", "Soga", "Pandan", "Tenggiri", "Tembaga", "Mahoni", "Cokelat", "Lawang Sewu")
_SIZES = ("XS", "S", "M", "L", "XL", "XXL", "3XL", "A", "B", "C")


@dataclass
class BenchmarkReport:
    created: Counter = field(default_factory=Counter)
    products: int = 0
    variants: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def bench_product_slug(vendor_number: int, product_number: int) -> str:
    return f"bench-{vendor_number:02d}-{product_number:02d}"


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _bench_quantity(sku: str) -> int:
    """1 to 60 units; one variant in 17 sold out."""
    seed = _digest(sku)
    return 0 if seed % 17 == 0 else seed % 60 + 1


def _shared_images() -> list[tuple[str, str]]:
    """A few pictures stored once and pointed at by every product (image, thumbnail names)."""
    names = []
    for n in range(SHARED_IMAGES):
        image_name = f"products/bench/bench-{n}.jpg"
        thumb_name = f"products/bench/bench-{n}-400.jpg"
        if not default_storage.exists(image_name):
            picture = render_product_image(
                title=f"Produk Benchmark {n + 1}", subtitle="Galeri IKM", sector="batik", key=str(n)
            )
            image_name = default_storage.save(image_name, ContentFile(encode_jpeg(picture)))
            thumb_name = default_storage.save(
                thumb_name, ContentFile(encode_jpeg(make_thumbnail(picture), quality=78))
            )
        names.append((image_name, thumb_name))
    return names


def load_benchmark_data(*, progress: Callable[[str], None] | None = None) -> BenchmarkReport:
    say = progress or (lambda message: None)
    report = BenchmarkReport()
    now = timezone.now()
    with transaction.atomic():
        if not User.objects.filter(email__iexact=BENCH_SHOPPER_EMAIL).exists():
            User.objects.create_user(
                BENCH_SHOPPER_EMAIL, BENCH_SHOPPER_PASSWORD, first_name="Bench", last_name="Shopper"
            )
            report.created["users"] += 1

        categories = _categories(report)

        # Vendors, each with one warehouse.
        slugs = [f"bench-vendor-{n:02d}" for n in range(1, VENDORS + 1)]
        vendors = {v.slug: v for v in Vendor.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in vendors]
        if missing:
            addresses = Address.objects.bulk_create(
                [
                    Address(
                        first_name="Gudang",
                        last_name=slug,
                        phone="+6281234567890",
                        street_address_1=f"Jl. Benchmark No. {i}",
                        subdistrict="Tanjung Mas",
                        district="Semarang Utara",
                        city="Kota Semarang",
                        province="Jawa Tengah",
                        postal_code="50174",
                    )
                    for i, slug in enumerate(missing, start=1)
                ]
            )
            created = Vendor.objects.bulk_create(
                [
                    Vendor(
                        slug=slug,
                        name=f"Vendor Benchmark {slug[-2:]}",
                        description="Vendor untuk pengukuran kinerja katalog.",
                        sentra="lainnya",
                        status=VendorStatus.APPROVED,
                        phone="+6281234567890",
                        approved_at=now,
                    )
                    for slug in missing
                ]
            )
            Warehouse.objects.bulk_create(
                [
                    Warehouse(vendor=vendor, name="Gudang utama", address=address)
                    for vendor, address in zip(created, addresses, strict=True)
                ]
            )
            vendors.update({v.slug: v for v in created})
            report.created["vendors"] += len(created)
        warehouses = {
            w.vendor_id: w
            for w in Warehouse.objects.filter(vendor__in=vendors.values()).order_by("pk")
        }
        say(f"Vendor {len(vendors)}/{VENDORS}")

        # Products not there yet.
        wanted = {
            bench_product_slug(v, p): (v, p)
            for v in range(1, VENDORS + 1)
            for p in range(1, PRODUCTS_PER_VENDOR + 1)
        }
        existing = set(Product.objects.filter(slug__in=list(wanted)).values_list("slug", flat=True))
        plans = []
        for slug, (v, p) in wanted.items():
            if slug in existing:
                continue
            vendor = vendors[f"bench-vendor-{v:02d}"]
            seed = _digest(slug)
            category = categories[seed % len(categories)]
            name = f"{_KINDS[seed % len(_KINDS)]} {_THEMES[(seed // 7) % len(_THEMES)]} {v:02d}-{p:02d}"
            base = Decimal(25_000 + (seed % 200) * 5_000)
            prices = [base + 5_000 * k for k in range(VARIANTS_PER_PRODUCT)]
            plans.append((slug, vendor, category, name, prices, seed))
        products = Product.objects.bulk_create(
            [
                Product(
                    vendor=vendor,
                    category=category,
                    name=name,
                    slug=slug,
                    description=f"{name}: produk data benchmark dari {vendor.name}.",
                    status=ProductStatus.PUBLISHED,
                    attributes={"bahan": "Katun", "motif": name.split()[-2]},
                    min_price=min(prices),
                    max_price=max(prices),
                    rating=Decimal(seed % 50) / Decimal(10),
                    search_document=f"{name} {vendor.name} {category.name}",
                    published_at=now,
                )
                for slug, vendor, category, name, prices, seed in plans
            ],
            batch_size=500,
        )
        report.created["products"] += len(products)
        say(f"Produk {len(existing) + len(products)}/{len(wanted)}")

        if products:
            images = _shared_images()
            ProductImage.objects.bulk_create(
                [
                    ProductImage(
                        product=product,
                        image=images[i % len(images)][0],
                        thumbnail=images[i % len(images)][1],
                        width=800,
                        height=800,
                        alt=product.name,
                    )
                    for i, product in enumerate(products)
                ],
                batch_size=1000,
            )
            report.created["images"] += len(products)

        variants = ProductVariant.objects.bulk_create(
            [
                ProductVariant(
                    product=product,
                    vendor=vendor,
                    sku=f"BENCH-{slug[6:]}-{k:02d}",
                    name=f"Ukuran {_SIZES[k]}",
                    price=prices[k],
                    weight_grams=250 + 50 * k,
                    length_cm=Decimal("30"),
                    width_cm=Decimal("20"),
                    height_cm=Decimal("5"),
                    attributes={"ukuran": _SIZES[k]},
                    sort_order=k,
                )
                for product, (slug, vendor, _c, _n, prices, _s) in zip(products, plans, strict=True)
                for k in range(VARIANTS_PER_PRODUCT)
            ],
            batch_size=2000,
        )
        report.created["variants"] += len(variants)
        say(f"Varian {len(variants)}")

        stocks = Stock.objects.bulk_create(
            [
                Stock(
                    variant=variant,
                    warehouse=warehouses[variant.vendor_id],
                    quantity=_bench_quantity(variant.sku),
                )
                for variant in variants
            ],
            batch_size=2000,
        )
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    stock=stock,
                    delta=stock.quantity,
                    quantity_after=stock.quantity,
                    source=MovementSource.DEMO,
                    external_id=f"bench:{stock.variant.sku}:{stock.warehouse_id}",
                    note="Stok awal data benchmark",
                )
                for stock in stocks
            ],
            batch_size=2000,
        )
        report.created["stocks"] += len(stocks)
        if report.changed:
            bump_catalog_version()

    if report.changed:
        analyze_tables()
    report.products = Product.objects.filter(slug__startswith="bench-").count()
    report.variants = ProductVariant.objects.filter(sku__startswith="BENCH-").count()
    return report


def analyze_tables() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load.

    Without them the planner believes the freshly filled tables hold one row and picks nested
    loops: the catalogue page query took 18 ms instead of ~1 ms on the benchmark data.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (
            Vendor,
            Warehouse,
            Product,
            ProductVariant,
            ProductImage,
            Stock,
            StockMovement,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


def _categories(report: BenchmarkReport) -> list[Category]:
    try:
        from marketplace.catalog.services.categories import seed_categories
    except ImportError:
        seed_categories = None
    if seed_categories is not None:
        report.created["categories"] += seed_categories() or 0
    leaves = list(Category.objects.filter(parent__isnull=False).order_by("pk"))
    if not leaves:
        leaf, created = Category.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
        report.created["categories"] += int(created)
        leaves = [leaf]
    return leaves
