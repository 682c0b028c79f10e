"""Catalogue queries and mutations (shared/API.md, "Catalogue")."""

from __future__ import annotations

import graphene
from django.db.models import F

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.pagination import paginate, validate_first

from ..models import Category as CategoryModel
from ..selectors import products_visible_to
from .dataloaders import remember_rows
from .filters import ProductFilterInput, filter_products
from .mutations.curation import ProductReview, ProductSubmitForReview
from .mutations.images import ProductImageCreate, ProductImageDelete, ProductImageReorder
from .mutations.products import ProductCreate, ProductDelete, ProductUpdate
from .mutations.variants import ProductVariantCreate, ProductVariantDelete, ProductVariantUpdate
from .sorters import ProductSortingInput, product_ordering
from .types import Category, CategoryCountableConnection, Product, ProductCountableConnection


def _query_id(global_id: str, type_name: str, field: str) -> int | None:
    """A pk for a query argument; an id of another type finds nothing (None)."""
    try:
        return decode_id(global_id, type_name, field=field)
    except DomainError as exc:
        if exc.code == "NOT_FOUND":
            return None
        raise query_error(exc.errors[0].message, code=exc.code, field=field)


def product_page(queryset, *, info, first, after, sort_by, searched: bool = False):
    """One page of products with vendor and category joined (their loaders are primed)."""
    validate_first(first)
    connection = paginate(
        queryset.select_related("vendor", "category"),
        info=info,
        first=first,
        after=after,
        connection_type=ProductCountableConnection,
        ordering=product_ordering(sort_by, searched=searched),
    )
    remember_rows(info, [edge.node for edge in connection.edges])
    return connection


class Query(graphene.ObjectType):
    products = graphene.Field(
        ProductCountableConnection,
        first=graphene.Int(required=True, description="Page size, 1 to 100."),
        after=graphene.String(),
        filter=ProductFilterInput(),
        sort_by=ProductSortingInput(),
        description="Products the caller may see: published products of approved vendors, plus "
        "a vendor's own products for its members.",
    )
    product = graphene.Field(Product, id=graphene.ID(), slug=graphene.String())
    categories = graphene.Field(
        CategoryCountableConnection,
        first=graphene.Int(required=True),
        after=graphene.String(),
        level=graphene.Int(description="0 for top-level sectors only."),
    )
    category = graphene.Field(Category, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_products(root, info, first, after=None, filter=None, sort_by=None):
        validate_first(first)
        queryset, searched = filter_products(products_visible_to(info.context.user), filter)
        return product_page(
            queryset, info=info, first=first, after=after, sort_by=sort_by, searched=searched
        )

    @staticmethod
    def resolve_product(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise query_error(
                "Sebutkan tepat satu dari `id` atau `slug`.", code="INVALID", field="id"
            )
        queryset = products_visible_to(info.context.user).select_related("vendor", "category")
        if id is not None:
            pk = _query_id(id, "Product", "id")
            product = queryset.filter(pk=pk).first() if pk else None
        else:
            product = queryset.filter(slug=slug[:255]).first()
        if product is not None:
            remember_rows(info, [product])
        return product

    @staticmethod
    def resolve_categories(root, info, first, after=None, level=None):
        validate_first(first)
        queryset = CategoryModel.objects.all()
        if level is not None:
            if level not in (0, 1):
                raise query_error("`level` harus 0 atau 1.", code="INVALID", field="level")
            queryset = queryset.filter(parent__isnull=level == 0)
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=CategoryCountableConnection,
            ordering=[F("parent_id").asc(nulls_first=True), "sort_order", "name", "pk"],
        )

    @staticmethod
    def resolve_category(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise query_error(
                "Sebutkan tepat satu dari `id` atau `slug`.", code="INVALID", field="id"
            )
        if id is not None:
            pk = _query_id(id, "Category", "id")
            return CategoryModel.objects.filter(pk=pk).first() if pk else None
        return CategoryModel.objects.filter(slug=slug[:120]).first()


class Mutation(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_image_create = ProductImageCreate.Field()
    product_image_delete = ProductImageDelete.Field()
    product_image_reorder = ProductImageReorder.Field()
    product_submit_for_review = ProductSubmitForReview.Field()
    product_review = ProductReview.Field()
