"""Catalogue types. Every nested list goes through a per-request DataLoader, so a page of N
products with vendor, category, variants, stock and images is a fixed number of queries."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from marketplace.core.graphql.pagination import CountableConnection
from marketplace.core.graphql.types import Money, MoneyRange, money
from marketplace.inventory.graphql.types import Stock

from .. import models
from ..selectors import can_manage_product, products_visible_to
from .dataloaders import (
    AvailableQuantityByVariantIdLoader,
    CategoryByIdLoader,
    CurrentPriceByVariantIdLoader,
    ImagesByProductIdLoader,
    StocksByVariantIdLoader,
    VariantsByProductIdLoader,
    VendorByIdLoader,
)

ProductStatus = graphene.Enum(
    "ProductStatus", [(value, value) for value in models.ProductStatus.values]
)


class FallbackVendor(graphene.ObjectType):
    """Used only until `vendors.graphql.types.Vendor` exists (the vendors app owns that type)."""

    class Meta:
        name = "Vendor"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return graphene.relay.Node.to_global_id("Vendor", root.pk)


def vendor_type():
    try:
        from vendors.graphql.types import Vendor
    except ImportError:
        return FallbackVendor
    return Vendor


def _user(info):
    return getattr(info.context, "user", None)


class Certification(graphene.ObjectType):
    kind = graphene.String(required=True, description="HALAL, PIRT, BPOM, SNI, NIB or OTHER.")
    number = graphene.String(required=True)

    @staticmethod
    def resolve_kind(root, info):
        return root.get("kind", "")

    @staticmethod
    def resolve_number(root, info):
        return root.get("number", "")


class ProductPricing(graphene.ObjectType):
    price_range = graphene.Field(MoneyRange, description="Cheapest and dearest active variant now.")
    price_range_undiscounted = graphene.Field(MoneyRange)
    on_sale = graphene.Boolean(required=True)


class VariantPricing(graphene.ObjectType):
    price = graphene.Field(Money, required=True, description="What a shopper pays now.")
    price_undiscounted = graphene.Field(Money, required=True)
    on_sale = graphene.Boolean(required=True)
    promotion_label = graphene.String(description="The running sale or flash sale, if any.")
    ends_at = graphene.DateTime(description="When the running promotion ends (countdown).")
    flash_sale_remaining = graphene.Int(description="Units left at the flash price.")


class Category(DjangoObjectType):
    parent = graphene.Field(lambda: Category)
    children = graphene.List(graphene.NonNull(lambda: Category), required=True)
    products = graphene.Field(
        lambda: ProductCountableConnection,
        first=graphene.Int(required=True),
        after=graphene.String(),
        description="Products of this category and the categories below it that the caller may see.",
    )

    class Meta:
        model = models.Category
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "name_en", "slug", "description", "sort_order")

    @staticmethod
    def resolve_parent(root, info):
        if root.parent_id is None:
            return None
        return CategoryByIdLoader(info).load(root.parent_id)

    @staticmethod
    def resolve_children(root, info):
        cache = getattr(info.context, "_galeri_category_children", None)
        if cache is None:
            cache = {}
            for category in models.Category.objects.exclude(parent=None).order_by(
                "sort_order", "name", "pk"
            ):
                cache.setdefault(category.parent_id, []).append(category)
            info.context._galeri_category_children = cache
        return cache.get(root.pk, [])

    @staticmethod
    def resolve_products(root, info, first, after=None):
        from ..selectors import category_with_descendants
        from .schema import product_page

        queryset = products_visible_to(_user(info)).filter(
            category_id__in=category_with_descendants([root.pk])
        )
        return product_page(queryset, info=info, first=first, after=after, sort_by=None)


class ProductImage(DjangoObjectType):
    url = graphene.String(required=True)
    thumbnail_url = graphene.String(description="400 px version for listings.")

    class Meta:
        model = models.ProductImage
        interfaces = (graphene.relay.Node,)
        fields = ("id", "alt", "width", "height", "sort_order")

    @classmethod
    def get_node(cls, info, id):
        image = models.ProductImage.objects.filter(pk=id).first()
        if (
            image is None
            or not products_visible_to(_user(info)).filter(pk=image.product_id).exists()
        ):
            return None
        return image

    @staticmethod
    def resolve_url(root, info):
        return info.context.build_absolute_uri(root.image.url)

    @staticmethod
    def resolve_thumbnail_url(root, info):
        if not root.thumbnail:
            return None
        return info.context.build_absolute_uri(root.thumbnail.url)


class ProductVariant(DjangoObjectType):
    price = graphene.Field(Money, required=True)
    pricing = graphene.Field(VariantPricing, required=True)
    weight_grams = graphene.Int(required=True)
    length_cm = graphene.Decimal()
    width_cm = graphene.Decimal()
    height_cm = graphene.Decimal()
    attributes = graphene.JSONString(required=True)
    quantity_available = graphene.Int(
        required=True, description="Units a shopper could buy now (all warehouses)."
    )
    product = graphene.Field(lambda: Product, required=True)
    stocks = graphene.List(
        graphene.NonNull(Stock), description="Per warehouse; vendor members and staff only."
    )

    class Meta:
        model = models.ProductVariant
        interfaces = (graphene.relay.Node,)
        fields = ("id", "sku", "name", "is_active", "sort_order", "created_at", "updated_at")

    @classmethod
    def get_node(cls, info, id):
        variant = models.ProductVariant.objects.select_related("product").filter(pk=id).first()
        if variant is None:
            return None
        product = products_visible_to(_user(info)).filter(pk=variant.product_id).first()
        if product is None or (
            not variant.is_active and not can_manage_product(_user(info), product)
        ):
            return None
        return variant

    @staticmethod
    def resolve_price(root, info):
        return money(root.price)

    @staticmethod
    def resolve_pricing(root, info):
        current = CurrentPriceByVariantIdLoader(info).load(root.pk)
        if current is None:
            return VariantPricing(
                price=money(root.price), price_undiscounted=money(root.price), on_sale=False
            )
        return VariantPricing(
            price=money(current.current),
            price_undiscounted=money(current.undiscounted),
            on_sale=current.on_sale,
            promotion_label=current.promotion_label,
            ends_at=current.ends_at,
            flash_sale_remaining=current.flash_sale_remaining,
        )

    @staticmethod
    def resolve_attributes(root, info):
        return root.attributes or {}

    @staticmethod
    def resolve_quantity_available(root, info):
        return AvailableQuantityByVariantIdLoader(info).load(root.pk)

    @staticmethod
    def resolve_product(root, info):
        cached = root._state.fields_cache.get("product")
        if cached is not None:
            return cached
        from .dataloaders import ProductByIdLoader

        return ProductByIdLoader(info).load(root.product_id)

    @staticmethod
    def resolve_stocks(root, info):
        from vendors.permissions import is_marketplace_staff, member_vendor_ids

        user = _user(info)
        if root.vendor_id not in member_vendor_ids(user) and not is_marketplace_staff(
            user, "manage_products"
        ):
            return None
        return StocksByVariantIdLoader(info).load(root.pk)


class Product(DjangoObjectType):
    vendor = graphene.Field(lambda: vendor_type(), required=True)
    category = graphene.Field(Category, required=True)
    status = graphene.Field(ProductStatus, required=True)
    attributes = graphene.JSONString(required=True)
    certifications = graphene.List(graphene.NonNull(Certification), required=True)
    review_feedback = graphene.String(
        description="The curator's note; vendor members and staff only."
    )
    pricing = graphene.Field(ProductPricing, required=True)
    variants = graphene.List(
        graphene.NonNull(ProductVariant),
        required=True,
        description="Active variants; vendor members and staff also see inactive ones.",
    )
    images = graphene.List(graphene.NonNull(ProductImage), required=True)
    rating = graphene.Float(required=True)

    class Meta:
        model = models.Product
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "slug", "description", "published_at", "created_at", "updated_at")

    @classmethod
    def get_node(cls, info, id):
        return products_visible_to(_user(info)).filter(pk=id).first()

    @staticmethod
    def resolve_vendor(root, info):
        return VendorByIdLoader(info).load(root.vendor_id)

    @staticmethod
    def resolve_category(root, info):
        return CategoryByIdLoader(info).load(root.category_id)

    @staticmethod
    def resolve_status(root, info):
        return models.ProductStatus(root.status).value

    @staticmethod
    def resolve_attributes(root, info):
        return root.attributes or {}

    @staticmethod
    def resolve_certifications(root, info):
        return [c for c in (root.certifications or []) if isinstance(c, dict)]

    @staticmethod
    def resolve_review_feedback(root, info):
        if not can_manage_product(_user(info), root):
            return None
        return root.review_feedback

    @staticmethod
    def resolve_variants(root, info):
        variants = VariantsByProductIdLoader(info).load(root.pk)
        if can_manage_product(_user(info), root):
            return list(variants)
        return [v for v in variants if v.is_active]

    @staticmethod
    def resolve_pricing(root, info):
        variants = [v for v in VariantsByProductIdLoader(info).load(root.pk) if v.is_active]
        if not variants:
            return ProductPricing(price_range=None, price_range_undiscounted=None, on_sale=False)
        currents = CurrentPriceByVariantIdLoader(info).load_many([v.pk for v in variants])
        undiscounted = [v.price for v in variants]
        prices = [
            c.current if c is not None else v.price for v, c in zip(variants, currents, strict=True)
        ]
        return ProductPricing(
            price_range=MoneyRange(start=money(min(prices)), stop=money(max(prices))),
            price_range_undiscounted=MoneyRange(
                start=money(min(undiscounted)), stop=money(max(undiscounted))
            ),
            on_sale=any(c is not None and c.on_sale for c in currents),
        )

    @staticmethod
    def resolve_images(root, info):
        return ImagesByProductIdLoader(info).load(root.pk)

    @staticmethod
    def resolve_rating(root, info):
        return float(root.rating or 0)


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category
