"""`products(sortBy: {field, direction})`. Every ordering ends with the primary key, so offset
cursors are stable. Without `sortBy`, a search is ordered by relevance and a listing by newest."""

from __future__ import annotations

import graphene
from django.db.models import F
from django.db.models.functions import Lower

from marketplace.core.graphql.types import enum_value


class ProductSortField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED = "created"
    RATING = "rating"


class ProductSortDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"


class ProductSortingInput(graphene.InputObjectType):
    field = graphene.Field(ProductSortField, required=True)
    direction = graphene.Field(ProductSortDirection, default_value="asc")


_COLUMNS = {"name": "name", "price": "min_price", "created": "created_at", "rating": "rating"}


def product_ordering(sort_by, *, searched: bool) -> list:
    if not sort_by:
        if searched:
            return [F("search_rank").desc(), "-pk"]
        return ["-created_at", "-pk"]
    column = _COLUMNS[enum_value(sort_by.get("field"))]
    expression = Lower(column) if column == "name" else F(column)
    descending = enum_value(sort_by.get("direction") or "asc") == "desc"
    if descending:
        return [expression.desc(nulls_last=True), "-pk"]
    return [expression.asc(nulls_last=True), "pk"]
