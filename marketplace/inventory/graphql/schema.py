"""Inventory API for vendor members and marketplace staff: stock per warehouse and its ledger."""

from __future__ import annotations

import graphene

from marketplace.catalog.services.access import get_variant_for_change
from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.pagination import paginate, validate_first

from ..models import MovementSource, StockMovement
from ..services.stock import set_variant_stocks
from .types import Stock, StockMovementCountableConnection


class StockInput(graphene.InputObjectType):
    warehouse_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="The new count on the shelf (absolute).")


class ProductVariantStocksUpdate(BaseMutation):
    variant = graphene.Field("marketplace.catalog.graphql.types.ProductVariant")
    stocks = graphene.List(graphene.NonNull(Stock))

    class Arguments:
        variant_id = graphene.ID(required=True)
        stocks = graphene.List(graphene.NonNull(StockInput), required=True)

    @classmethod
    def perform_mutation(cls, root, info, variant_id, stocks):
        user = info.context.user
        variant = get_variant_for_change(
            user, decode_id(variant_id, "ProductVariant", field="variantId"), field="variantId"
        )
        if len(stocks) > 100:
            raise DomainError("Terlalu banyak gudang sekaligus.", code="INVALID", field="stocks")
        quantities = [
            (
                decode_id(item["warehouse_id"], "Warehouse", field=f"stocks.{index}.warehouseId"),
                item["quantity"],
            )
            for index, item in enumerate(stocks)
        ]
        rows = set_variant_stocks(
            variant=variant, quantities=quantities, actor=user, source=MovementSource.MANUAL
        )
        return cls(variant=variant, stocks=rows)


class Query(graphene.ObjectType):
    stock_movements = graphene.Field(
        StockMovementCountableConnection,
        variant_id=graphene.ID(required=True),
        first=graphene.Int(required=True),
        after=graphene.String(),
        description="The stock ledger of one variant, newest first (vendor members and staff).",
    )

    @staticmethod
    def resolve_stock_movements(root, info, variant_id, first, after=None):
        validate_first(first)
        try:
            pk = decode_id(variant_id, "ProductVariant", field="variantId")
            get_variant_for_change(info.context.user, pk, field="variantId")
        except DomainError as exc:
            # Anonymous callers, outsiders and unknown ids all get the same answer.
            code = "NOT_FOUND" if exc.code in ("NOT_FOUND", "PERMISSION_DENIED") else exc.code
            message = "Tidak ditemukan." if code == "NOT_FOUND" else exc.errors[0].message
            raise query_error(message, code=code, field="variantId")
        queryset = StockMovement.objects.filter(stock__variant_id=pk).select_related(
            "stock__warehouse"
        )
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=StockMovementCountableConnection,
            ordering=["-created_at", "-pk"],
        )


class Mutation(graphene.ObjectType):
    product_variant_stocks_update = ProductVariantStocksUpdate.Field()
