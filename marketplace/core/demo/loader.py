"""`load_demo`: a believable Semarang marketplace in one idempotent call.

Every row is found by its natural key before it is created (users by email, categories, vendors
and products by slug, variants by vendor + SKU, warehouses by vendor + name, stock by variant +
warehouse), and stock is set through `change_stock` with an external id
(`demo:<sku>:<warehouse>`), so a second run finds everything and changes nothing: rows a visitor
edited or sold from stay as they are. Each vendor is loaded in its own transaction, so an
interrupted run leaves whole vendors behind and the next run completes the rest.

Works on SQLite (the embedded default of `make run`) and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.accounts.models import Address, User
from marketplace.catalog.models import (
    Category,
    Product,
    ProductCurationEvent,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from marketplace.catalog.services.products import refresh_product_denormalised
from marketplace.core.cache import bump_catalog_version
from marketplace.core.phone import normalize_phone
from marketplace.core.regions import find_region
from marketplace.inventory.models import MovementSource, Stock, StockMovement
from marketplace.inventory.services.stock import change_stock
from vendors.models import (
    CommissionPlan,
    Vendor,
    VendorDocument,
    VendorMember,
    VendorReview,
    VendorRole,
    VendorStatus,
    Warehouse,
)

from . import data
from .images import encode_jpeg, make_thumbnail, render_product_image

Progress = Callable[[str], None]
GALLERY_STAND_NAME = "Stand Galeri Kota Lama"


@dataclass
class DemoReport:
    """What a run created (zero everywhere on a second run) and what the demo now holds."""

    created: Counter = field(default_factory=Counter)
    vendors: int = 0
    products: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, password)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def load_demo(*, progress: Progress | None = None) -> DemoReport:
    """Create whatever part of the demo marketplace is missing; return what was created."""
    say = progress or (lambda message: None)
    report = DemoReport()

    with transaction.atomic():
        admin = _ensure_user(
            report, data.ADMIN_EMAIL, data.ADMIN_PASSWORD, "Admin", "Galeri", staff=True
        )
        shopper = _ensure_user(
            report, data.SHOPPER_EMAIL, data.SHOPPER_PASSWORD, "Rina", "Kusumawati"
        )
        seller = _ensure_user(report, data.SELLER_EMAIL, data.SELLER_PASSWORD, "Siti", "Rokhayah")
        if not shopper.addresses.exists():
            _create_address(data.SHOPPER_PLACE, "Rina", "Kusumawati", "081234567801", user=shopper)
            report.created["addresses"] += 1
        categories = _ensure_categories(report)
        plan = _default_commission_plan(report)
        _ensure_shipping(report)
    report.accounts = [
        ("Admin marketplace", data.ADMIN_EMAIL, data.ADMIN_PASSWORD),
        ("Pembeli", data.SHOPPER_EMAIL, data.SHOPPER_PASSWORD),
        ("Penjual (pemilik Batik Alam Malon)", data.SELLER_EMAIL, data.SELLER_PASSWORD),
    ]

    total_products = data.total_products()
    done_products = 0
    for index, spec in enumerate(data.VENDORS, start=1):
        with transaction.atomic():
            owner = seller if spec.slug == data.SELLER_VENDOR_SLUG else None
            vendor, warehouses = _ensure_vendor(report, spec, admin=admin, owner=owner, plan=plan)
            say(f"Vendor {index}/{len(data.VENDORS)}: {vendor.name}")
            rows = VendorRows.load(vendor)
            for number, item, theme in data.product_specs(spec):
                _ensure_product(
                    report, spec, vendor, warehouses, categories, admin, rows, number, item, theme
                )
                done_products += 1
                if done_products % 20 == 0 or done_products == total_products:
                    say(f"Produk {done_products}/{total_products}")
    if report.changed:
        bump_catalog_version()

    slugs = [v.slug for v in data.VENDORS]
    report.vendors = Vendor.objects.filter(slug__in=slugs, status=VendorStatus.APPROVED).count()
    report.products = Product.objects.filter(
        vendor__slug__in=slugs, status=ProductStatus.PUBLISHED
    ).count()
    return report


def _ensure_shipping(report: DemoReport) -> None:
    """Fulfilment's starting carriers (table-rate tariff, same-day courier, click-and-collect
    and the Galeri hub), so the demo checkout offers real choices; idempotent."""
    from fulfillment.defaults import seed_shipping_defaults

    created = seed_shipping_defaults()
    report.created["shipping_zones"] += created["zones"]
    report.created["shipping_rates"] += created["rates"]


# --- accounts, places, categories ------------------------------------------------------------
def _ensure_user(
    report: DemoReport,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    *,
    staff: bool = False,
) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    report.created["users"] += 1
    if staff:
        return User.objects.create_superuser(
            email, password, first_name=first_name, last_name=last_name
        )
    return User.objects.create_user(email, password, first_name=first_name, last_name=last_name)


def region_code_for(place: data.Place) -> str:
    """The Kemendagri code of the kelurahan (or the most precise region that matches)."""
    code = ""
    for name in (place.province, place.city, place.kecamatan, place.kelurahan):
        region = find_region(name, code)
        if region is None:
            break
        code = region.code
    return code


def _create_address(
    place: data.Place, first_name: str, last_name: str, phone: str, *, user=None
) -> Address:
    return Address.objects.create(
        user=user,
        first_name=first_name,
        last_name=last_name,
        phone=normalize_phone(phone),
        street_address_1=place.street,
        subdistrict=place.kelurahan,
        district=place.kecamatan,
        city=place.city,
        province=place.province,
        postal_code=place.postal_code,
        region_code=region_code_for(place),
        latitude=Decimal(place.latitude),
        longitude=Decimal(place.longitude),
    )


def _ensure_categories(report: DemoReport) -> dict[str, Category]:
    """The catalogue's sector tree (`seed_categories()`), plus any sector or child an item names
    that the tree lacks (created by slug, so this stays idempotent)."""
    before = Category.objects.count()
    try:
        from marketplace.catalog.services.categories import seed_categories
    except ImportError:  # an older catalogue without the seed: create what the items need
        seed_categories = None
    if seed_categories is not None:
        seed_categories()
    existing = {c.slug: c for c in Category.objects.all()}
    wanted = sorted({item.category for vendor in data.VENDORS for item in vendor.items})
    for path in wanted:
        sector_slug, _, child_slug = path.partition("/")
        sector = existing.get(sector_slug)
        if sector is None:
            sector = Category.objects.create(
                slug=sector_slug, name=sector_slug.replace("-", " ").capitalize()
            )
            existing[sector_slug] = sector
        if child_slug and seed_categories is None and child_slug not in existing:
            existing[child_slug] = Category.objects.create(
                slug=child_slug, name=child_slug.replace("-", " ").capitalize(), parent=sector
            )
    report.created["categories"] += Category.objects.count() - before
    return existing


def category_for(categories: dict[str, Category], path: str) -> Category:
    """The child the item names, or its sector when the catalogue has no such child."""
    sector_slug, _, child_slug = path.partition("/")
    return categories.get(child_slug) or categories[sector_slug]


def _default_commission_plan(report: DemoReport) -> CommissionPlan:
    plan = CommissionPlan.objects.filter(is_default=True).first()
    if plan is not None:
        return plan
    plan, created = CommissionPlan.objects.get_or_create(
        name="Standar", defaults={"default_rate": Decimal("0.0500"), "is_default": True}
    )
    report.created["commission_plans"] += int(created)
    return plan


# --- vendors --------------------------------------------------------------------------------
def _ensure_vendor(
    report: DemoReport, spec: data.DemoVendor, *, admin: User, owner: User | None, plan
) -> tuple[Vendor, list[Warehouse]]:
    vendor = Vendor.objects.filter(slug=spec.slug).first()
    now = timezone.now()
    first_name, _, last_name = spec.contact_name.partition(" ")
    if vendor is None:
        address = _create_address(spec.place, first_name, last_name, spec.phone)
        vendor = Vendor.objects.create(
            slug=spec.slug,
            name=spec.name,
            description=spec.story,
            sentra=spec.sentra,
            status=VendorStatus.APPROVED,
            is_gallery_tenant=spec.is_gallery_tenant,
            is_pkp=spec.is_pkp,
            npwp=spec.npwp,
            phone=normalize_phone(spec.phone),
            email=f"{spec.slug}@penjual.galeri-ikm.id",
            contact_name=spec.contact_name,
            address=address,
            commission_plan=plan,
            handling_days=spec.handling_days,
            rating=_rating(spec.slug),
            approved_at=now,
        )
        VendorReview.objects.create(
            vendor=vendor,
            reviewer=admin,
            decision=VendorReview.Decision.APPROVE,
            product_quality=5,
            materials_finishing=4,
            photos=4,
            legality=5,
            reason="Lolos kurasi Galeri: produk rapi, legalitas lengkap.",
        )
        report.created["vendors"] += 1
        report.created["addresses"] += 1

    if owner is None:
        owner = _ensure_user(
            report, f"{spec.slug}@penjual.galeri-ikm.id", None, first_name, last_name
        )
    _, created = VendorMember.objects.get_or_create(
        vendor=vendor, user=owner, defaults={"role": VendorRole.OWNER}
    )
    report.created["vendor_members"] += int(created)
    for kind, number in spec.documents:
        _, created = VendorDocument.objects.get_or_create(
            vendor=vendor, kind=kind, number=number, defaults={"verified_at": now}
        )
        report.created["documents"] += int(created)

    places = [(f"Rumah produksi {spec.place.kelurahan}", spec.place)]
    if spec.is_gallery_tenant:
        places.append((GALLERY_STAND_NAME, data.GALLERY_PLACE))
    existing = {w.name: w for w in vendor.warehouses.all()}
    warehouses = []
    for name, place in places:
        warehouse = existing.get(name)
        if warehouse is None:
            warehouse = Warehouse.objects.create(
                vendor=vendor,
                name=name,
                address=_create_address(place, first_name, last_name, spec.phone),
                latitude=Decimal(place.latitude),
                longitude=Decimal(place.longitude),
            )
            report.created["warehouses"] += 1
            report.created["addresses"] += 1
        warehouses.append(warehouse)
    return vendor, warehouses


# --- products -------------------------------------------------------------------------------
@dataclass
class VendorRows:
    """What a vendor already has, read in five queries, so a second run costs no more."""

    products: dict[str, Product]
    variants: dict[str, ProductVariant]
    stocks: dict[tuple[int, int], Stock]
    applied: set[tuple[int, str]]  # (stock id, external id) of DEMO movements
    with_images: set[int]

    @classmethod
    def load(cls, vendor: Vendor) -> VendorRows:
        return cls(
            products={p.slug: p for p in Product.objects.filter(vendor=vendor)},
            variants={v.sku: v for v in ProductVariant.objects.filter(vendor=vendor)},
            stocks={
                (s.variant_id, s.warehouse_id): s
                for s in Stock.objects.filter(warehouse__vendor=vendor)
            },
            applied=set(
                StockMovement.objects.filter(
                    source=MovementSource.DEMO, stock__warehouse__vendor=vendor
                ).values_list("stock_id", "external_id")
            ),
            with_images=set(
                ProductImage.objects.filter(product__vendor=vendor).values_list(
                    "product_id", flat=True
                )
            ),
        )


def product_slug(spec: data.DemoVendor, name: str) -> str:
    return slugify(f"{name} {spec.code}")[:255]


def variant_sku(spec: data.DemoVendor, number: int, code: str) -> str:
    return f"{spec.code}-{number:03d}-{code}"


def _rng(key: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def _rating(key: str) -> Decimal:
    return Decimal(str(round(_rng("rating:" + key).uniform(4.3, 4.95), 2)))


def _price(base: int, key: str) -> Decimal:
    """The line's price nudged by up to ±10% per product, rounded as shops round."""
    factor = 1 + _rng("price:" + key).randint(-2, 2) * 0.05
    step = 5_000 if base >= 100_000 else 500
    return Decimal(max(step, round(base * factor / step) * step))


def _stock_levels(spec: data.DemoVendor, sku: str, warehouses: int) -> list[int]:
    rng = _rng("stock:" + sku)
    if rng.random() < 0.04:
        return [0] * warehouses  # a few variants sold out, so "in stock" filters show something
    if spec.food:
        total = rng.randint(20, 150)
    elif spec.sentra == "furnitur":
        total = rng.randint(1, 6)
    elif spec.sentra.startswith("batik"):
        total = rng.randint(2, 15)
    else:
        total = rng.randint(5, 40)
    if warehouses == 1:
        return [total]
    stand = total // 3
    return [total - stand, stand]


def _certifications(spec: data.DemoVendor) -> list[dict]:
    return [
        {"kind": kind, "number": number}
        for kind, number in spec.documents
        if kind in {"PIRT", "HALAL", "BPOM", "SNI"}
    ]


def _ensure_product(
    report: DemoReport,
    spec: data.DemoVendor,
    vendor: Vendor,
    warehouses: list[Warehouse],
    categories: dict[str, Category],
    admin: User,
    rows: VendorRows,
    number: int,
    item: data.ItemLine,
    theme: str,
) -> Product:
    name = item.name.format(t=theme)
    slug = product_slug(spec, name)
    category = category_for(categories, item.category)
    product = rows.products.get(slug) or Product.objects.filter(slug=slug).first()
    created_variant = False
    if product is None:
        description = item.description.format(t=theme)
        attributes = {**item.attributes, item.theme_attribute: theme}
        product = Product.objects.create(
            vendor=vendor,
            category=category,
            name=name,
            slug=slug,
            description=description,
            status=ProductStatus.PUBLISHED,
            attributes=attributes,
            certifications=_certifications(spec) if spec.food else [],
            rating=_rating(slug),
            published_at=timezone.now(),
        )
        ProductCurationEvent.objects.create(
            product=product,
            actor=admin,
            from_status=ProductStatus.IN_REVIEW,
            to_status=ProductStatus.PUBLISHED,
            reason="Data demo: lolos kurasi.",
        )
        report.created["products"] += 1

    for order, line in enumerate(item.variants):
        sku = variant_sku(spec, number, line.code)
        variant = rows.variants.get(sku)
        if variant is None:
            length, width, height = line.dimensions_cm
            variant = ProductVariant.objects.create(
                product=product,
                vendor=vendor,
                sku=sku,
                name=line.name,
                price=_price(line.price, sku),
                weight_grams=line.weight_grams,
                length_cm=Decimal(str(length)),
                width_cm=Decimal(str(width)),
                height_cm=Decimal(str(height)),
                attributes=dict(line.attributes),
                sort_order=order,
            )
            rows.variants[sku] = variant
            created_variant = True
            report.created["variants"] += 1
        for warehouse, quantity in zip(
            warehouses, _stock_levels(spec, sku, len(warehouses)), strict=True
        ):
            stock = rows.stocks.get((variant.pk, warehouse.pk))
            if stock is None:
                stock = Stock.objects.create(variant=variant, warehouse=warehouse, quantity=0)
                report.created["stocks"] += 1
            external_id = f"demo:{sku}:{slugify(warehouse.name)}"
            if (stock.pk, external_id) in rows.applied:
                continue  # change_stock would find the replay too; this saves its queries
            movement = change_stock(
                stock=stock,
                source=MovementSource.DEMO,
                new_quantity=quantity,
                external_id=external_id,
                note="Stok awal data demo",
            )
            report.created["stock_movements"] += int(movement is not None)

    if created_variant or product.min_price is None:
        refresh_product_denormalised(product)  # min/max price and the search document

    if product.pk not in rows.with_images:
        _attach_image(product, vendor, category)
        report.created["images"] += 1
    return product


def _attach_image(product: Product, vendor: Vendor, category: Category) -> ProductImage:
    sector = category.parent.slug if category.parent_id else category.slug
    picture = render_product_image(
        title=product.name, subtitle=vendor.name, sector=sector, key=product.slug
    )
    image = ProductImage(product=product, alt=f"{product.name} — {vendor.name}", sort_order=0)
    image.image.save(f"{product.slug}.jpg", ContentFile(encode_jpeg(picture)), save=False)
    image.thumbnail.save(
        f"{product.slug}-400.jpg",
        ContentFile(encode_jpeg(make_thumbnail(picture), quality=78)),
        save=False,
    )
    image.save()
    return image
