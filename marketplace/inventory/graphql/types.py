"""Stock as vendor members and marketplace staff see it (never shoppers: they get
`ProductVariant.quantityAvailable`)."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from marketplace.core.graphql.pagination import CountableConnection

from .. import models


class FallbackWarehouse(graphene.ObjectType):
    """Used only until `vendors.graphql.types.Warehouse` exists."""

    class Meta:
        name = "Warehouse"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return graphene.relay.Node.to_global_id("Warehouse", root.pk)


def warehouse_type():
    try:
        from vendors.graphql.types import Warehouse
    except ImportError:
        return FallbackWarehouse
    return Warehouse


StockMovementSource = graphene.Enum(
    "StockMovementSource", [(value, value) for value in models.MovementSource.values]
)


class Stock(DjangoObjectType):
    warehouse = graphene.Field(lambda: warehouse_type(), required=True)
    quantity = graphene.Int(required=True, description="Units on the shelf.")
    quantity_allocated = graphene.Int(required=True, description="Units promised to paid orders.")

    class Meta:
        model = models.Stock
        interfaces = (graphene.relay.Node,)
        fields = ("id", "quantity", "quantity_allocated", "updated_at")

    @classmethod
    def get_node(cls, info, id):
        return _stocks_visible_to(info.context.user).filter(pk=id).first()

    @staticmethod
    def resolve_warehouse(root, info):
        return root.warehouse


class StockMovement(DjangoObjectType):
    source = graphene.Field(StockMovementSource, required=True)
    delta = graphene.Int(required=True)
    quantity_after = graphene.Int(required=True)
    warehouse = graphene.Field(lambda: warehouse_type(), required=True)

    class Meta:
        model = models.StockMovement
        interfaces = (graphene.relay.Node,)
        fields = ("id", "delta", "quantity_after", "external_id", "note", "created_at")

    @classmethod
    def get_node(cls, info, id):
        return (
            models.StockMovement.objects.filter(stock__in=_stocks_visible_to(info.context.user))
            .select_related("stock__warehouse")
            .filter(pk=id)
            .first()
        )

    @staticmethod
    def resolve_source(root, info):
        return models.MovementSource(root.source).value

    @staticmethod
    def resolve_warehouse(root, info):
        return root.stock.warehouse


class StockMovementCountableConnection(CountableConnection):
    class Meta:
        node = StockMovement


def _stocks_visible_to(user):
    from vendors.permissions import is_marketplace_staff, member_vendor_ids

    if is_marketplace_staff(user, "manage_products"):
        return models.Stock.objects.all()
    return models.Stock.objects.filter(variant__vendor_id__in=member_vendor_ids(user))
