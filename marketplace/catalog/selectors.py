"""Catalogue reads that are more than a `.filter()`: who sees which products, the category tree,
and search. Used by GraphQL resolvers, the storefront pages and other apps (vendors, checkout).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from vendors.models import VendorStatus
from vendors.permissions import is_marketplace_staff, member_vendor_ids

from .models import Category, Product, ProductStatus, ProductVariant

MANAGE_PRODUCTS = "manage_products"
SEARCH_MAX_LENGTH = 200


def products_visible_to(user) -> QuerySet[Product]:
    """Anonymous callers and shoppers: PUBLISHED products of APPROVED vendors. Vendor members
    additionally see every product of their own vendors (drafts, in review, rejected), whatever
    the vendor's status. Marketplace staff with `manage_products`: everything."""
    if is_marketplace_staff(user, MANAGE_PRODUCTS):
        return Product.objects.all()
    visible = Q(status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED)
    own = member_vendor_ids(user)
    if own:
        visible |= Q(vendor_id__in=own)
    return Product.objects.filter(visible)


def can_manage_product(user, product: Product) -> bool:
    """Members of the product's vendor and staff with `manage_products` (private fields)."""
    return product.vendor_id in member_vendor_ids(user) or is_marketplace_staff(
        user, MANAGE_PRODUCTS
    )


@dataclass
class CategoryNode:
    category: Category
    children: list[CategoryNode] = field(default_factory=list)

    def descendant_ids(self) -> set[int]:
        ids = {self.category.pk}
        for child in self.children:
            ids |= child.descendant_ids()
        return ids


def category_tree() -> list[CategoryNode]:
    """All categories as a forest of roots, in display order, in one query."""
    nodes = {c.pk: CategoryNode(c) for c in Category.objects.order_by("sort_order", "name", "pk")}
    roots: list[CategoryNode] = []
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def category_with_descendants(category_ids: Iterable[int]) -> set[int]:
    """The given categories and every category below them (a filter on "Batik" finds "Batik tulis")."""
    wanted = set(category_ids)
    if not wanted:
        return set()
    found: set[int] = set()

    def walk(nodes: list[CategoryNode]) -> None:
        for node in nodes:
            if node.category.pk in wanted:
                found.update(node.descendant_ids())
            else:
                walk(node.children)

    walk(category_tree())
    return found


def search_products(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Products matching `text`, annotated with `search_rank` (higher is better).

    PostgreSQL: full text over `to_tsvector('simple', search_document)` (the 'simple' dictionary,
    because Indonesian has no stemmer in PostgreSQL) OR trigram word similarity (`<%`, pg_trgm,
    default threshold 0.6) so small typos still match ("batk" → batik, "bandeng prsto"). Both
    expressions match the GIN indexes of migration 0002. Elsewhere (the embedded SQLite) every
    word must occur as a substring.
    """
    text = " ".join(text.split())[:SEARCH_MAX_LENGTH]
    if not text:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor != "postgresql":
        condition = Q()
        for word in text.split():
            condition &= Q(search_document__icontains=word)
        return queryset.filter(condition).annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    matches = RawSQL(
        "(to_tsvector('simple', catalog_product.search_document) @@ "
        "websearch_to_tsquery('simple', %s) OR %s <%% catalog_product.search_document)",
        (text, text),
        output_field=BooleanField(),
    )
    # A hit in the product's own name counts double: "batik" should rank batik cloth above the
    # lumpia of a vendor called "Batik ...".
    rank = RawSQL(
        "(ts_rank(to_tsvector('simple', catalog_product.search_document), "
        "websearch_to_tsquery('simple', %s)) + word_similarity(%s, catalog_product.search_document)"
        " + 2 * word_similarity(%s, catalog_product.name))",
        (text, text, text),
        output_field=FloatField(),
    )
    return queryset.filter(matches).annotate(search_rank=rank)


def in_stock_condition() -> Exists:
    from marketplace.inventory.models import Stock

    return Exists(
        Stock.objects.filter(
            variant__product_id=OuterRef("pk"),
            variant__is_active=True,
            quantity__gt=F("quantity_allocated"),
        )
    )


def price_condition(gte=None, lte=None) -> Exists:
    variants = ProductVariant.objects.filter(product_id=OuterRef("pk"), is_active=True)
    if gte is not None:
        variants = variants.filter(price__gte=gte)
    if lte is not None:
        variants = variants.filter(price__lte=lte)
    return Exists(variants)
