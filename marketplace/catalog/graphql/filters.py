"""`products(filter: ...)`: input types and how they narrow a queryset. Bad filter input is a
top-level coded error (queries have no payload `errors`), raised before any data is read."""

from __future__ import annotations

from decimal import Decimal

import graphene

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_ids
from marketplace.core.graphql.types import enum_value
from marketplace.core.money import MAX_PRICE

from ..selectors import (
    SEARCH_MAX_LENGTH,
    category_with_descendants,
    in_stock_condition,
    price_condition,
    search_products,
)
from .types import ProductStatus

MAX_FILTER_IDS = 100


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal(description="At least this price (Rupiah).")
    lte = graphene.Decimal(description="At most this price (Rupiah).")


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description="Words of the name, vendor, category, attributes; typos allowed."
    )
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Includes subcategories.")
    vendors = graphene.List(graphene.NonNull(graphene.ID))
    price = graphene.Field(
        PriceRangeInput, description="Some active variant costs within the range."
    )
    in_stock = graphene.Boolean(description="Some active variant has units on hand.")
    status = graphene.List(
        graphene.NonNull(ProductStatus),
        description="Vendor members and staff: e.g. [DRAFT, REJECTED]. Shoppers only ever see PUBLISHED.",
    )


def _decode(ids, type_name: str, field: str) -> list[int]:
    if len(ids) > MAX_FILTER_IDS:
        raise query_error(f"Maksimal {MAX_FILTER_IDS} id.", code="INVALID", field=field)
    try:
        return decode_ids(ids, type_name, field=field)
    except DomainError as exc:
        if exc.code == "NOT_FOUND":
            return [-1]  # an id of another type matches nothing
        raise query_error(exc.errors[0].message, code=exc.code, field=field)


def _price(value, field: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise query_error("Harga di luar rentang.", code="OUT_OF_RANGE", field=field)
    return value


def filter_products(queryset, product_filter) -> tuple[object, bool]:
    """Returns (queryset, searched): `searched` means it carries a `search_rank` annotation."""
    if not product_filter:
        return queryset, False
    searched = False
    search = product_filter.get("search")
    if search is not None:
        if len(search) > SEARCH_MAX_LENGTH:
            raise query_error(
                f"Kata kunci maksimal {SEARCH_MAX_LENGTH} karakter.",
                code="INVALID",
                field="filter.search",
            )
        if search.strip():
            queryset = search_products(queryset, search)
            searched = True
    categories = product_filter.get("categories")
    if categories:
        category_ids = _decode(categories, "Category", "filter.categories")
        queryset = queryset.filter(category_id__in=category_with_descendants(category_ids))
    vendors = product_filter.get("vendors")
    if vendors:
        queryset = queryset.filter(vendor_id__in=_decode(vendors, "Vendor", "filter.vendors"))
    price = product_filter.get("price")
    if price:
        gte = _price(price.get("gte"), "filter.price.gte")
        lte = _price(price.get("lte"), "filter.price.lte")
        if gte is not None and lte is not None and gte > lte:
            raise query_error("`gte` lebih besar dari `lte`.", code="INVALID", field="filter.price")
        if gte is not None or lte is not None:
            queryset = queryset.filter(price_condition(gte, lte))
    in_stock = product_filter.get("in_stock")
    if in_stock is True:
        queryset = queryset.filter(in_stock_condition())
    elif in_stock is False:
        queryset = queryset.exclude(in_stock_condition())
    statuses = product_filter.get("status")
    if statuses:
        queryset = queryset.filter(status__in=[enum_value(s) for s in statuses])
    return queryset, searched
