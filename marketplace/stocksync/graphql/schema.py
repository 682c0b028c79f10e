"""Stock channel API: stockChannelCreate, stockCountImport, stockChannels, stockCount,
stockReconciliation. Mounted through marketplace.notifications.graphql.schema."""

from __future__ import annotations

import graphene

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation

from ..models import StockChannel as StockChannelModel
from ..services import channels as channel_service
from ..services import stocktake
from ..services.reconciliation import build_reconciliation_report
from .types import StockChannel, StockCount, StockReconciliation

StockChannelKind = graphene.Enum(
    "StockChannelKind", [("POS", "POS"), ("WEBHOOK", "WEBHOOK"), ("CSV", "CSV")]
)


class StockChannelCreateInput(graphene.InputObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = StockChannelKind(required=True)
    warehouse_id = graphene.ID(required=True)
    secret = graphene.String(required=True)
    push_url = graphene.String(description="Push our stock levels here (optional).")


class StockChannelCreate(BaseMutation):
    class Arguments:
        input = StockChannelCreateInput(required=True)

    stock_channel = graphene.Field(StockChannel)

    @classmethod
    def perform_mutation(cls, root, info, input):
        kind = input.get("kind")
        channel = channel_service.create_stock_channel(
            actor=info.context.user,
            code=input.get("code"),
            name=input.get("name"),
            kind=getattr(kind, "value", kind),
            warehouse_id=decode_id(input.get("warehouse_id"), "Warehouse", field="warehouseId"),
            secret=input.get("secret"),
            push_url=input.get("push_url") or "",
        )
        return cls(stock_channel=channel)


class StockCountImport(BaseMutation):
    """Upload a CSV stocktake (sku, quantity). Runs as a task; the payload shows its report."""

    atomic = False  # the count row commits first, the task applies rows in its own transactions

    class Arguments:
        channel_id = graphene.ID()
        warehouse_id = graphene.ID()
        csv = graphene.String(required=True)
        atomic = graphene.Boolean(
            default_value=False, description="Apply nothing if any row is bad."
        )
        filename = graphene.String()

    stock_count = graphene.Field(StockCount)

    @classmethod
    def perform_mutation(
        cls, root, info, csv, channel_id=None, warehouse_id=None, atomic=False, filename=None
    ):
        from ..tasks import run_stock_count

        user = info.context.user
        channel = None
        if bool(channel_id) == bool(warehouse_id):
            raise DomainError(
                "Isi salah satu: channelId atau warehouseId.", code="REQUIRED", field="channelId"
            )
        if channel_id:
            channel = channel_service.require_channel_access(
                user, decode_id(channel_id, "StockChannel", field="channelId")
            )
            warehouse = channel.warehouse
        else:
            warehouse = channel_service.require_warehouse_access(
                user, decode_id(warehouse_id, "Warehouse", field="warehouseId")
            )
        count = stocktake.create_stock_count(
            warehouse=warehouse,
            channel=channel,
            csv_text=csv,
            atomic=bool(atomic),
            actor=user,
            filename=filename or "",
        )
        from django.conf import settings

        run_stock_count.apply_async(args=[count.pk], queue=settings.CELERY_QUEUE_STOCK_SYNC)
        count.refresh_from_db()
        return cls(stock_count=count)


class Query(graphene.ObjectType):
    stock_channels = graphene.List(
        graphene.NonNull(StockChannel), warehouse_id=graphene.ID(required=True), required=True
    )
    stock_count = graphene.Field(StockCount, id=graphene.ID(required=True))
    stock_reconciliation = graphene.Field(
        StockReconciliation, channel_id=graphene.ID(required=True)
    )

    @staticmethod
    def resolve_stock_channels(root, info, warehouse_id):
        try:
            warehouse = channel_service.require_warehouse_access(
                info.context.user, decode_id(warehouse_id, "Warehouse", field="warehouseId")
            )
        except DomainError as exc:
            raise query_error(str(exc), code=exc.code, field=exc.field)
        return list(StockChannelModel.objects.filter(warehouse=warehouse).order_by("code"))

    @staticmethod
    def resolve_stock_count(root, info, id):
        try:
            pk = decode_id(id, "StockCount", field="id")
        except DomainError as exc:
            raise query_error(str(exc), code=exc.code, field=exc.field)
        return StockCount.get_node(info, pk)

    @staticmethod
    def resolve_stock_reconciliation(root, info, channel_id):
        try:
            channel = channel_service.require_channel_access(
                info.context.user, decode_id(channel_id, "StockChannel", field="channelId")
            )
        except DomainError as exc:
            raise query_error(str(exc), code=exc.code, field=exc.field)
        return build_reconciliation_report(channel=channel)


class Mutation(graphene.ObjectType):
    stock_channel_create = StockChannelCreate.Field()
    stock_count_import = StockCountImport.Field()
