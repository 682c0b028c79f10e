from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import encode_id


class StockChannel(graphene.ObjectType):
    """A stock channel (POS, webhook, CSV). The secret is write-only."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True, description="POS, WEBHOOK or CSV")
    warehouse_id = graphene.ID(required=True)
    push_url = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    event_url = graphene.String(required=True, description="Where the channel POSTs its events.")
    last_event_at = graphene.DateTime()
    last_push_at = graphene.DateTime()

    @staticmethod
    def resolve_warehouse_id(root, info):
        return encode_id("Warehouse", root.warehouse_id)

    @staticmethod
    def resolve_event_url(root, info):
        return f"/stock/channels/{root.code}/events/"

    @classmethod
    def get_node(cls, info, id):
        from marketplace.core.exceptions import DomainError

        from ..services.channels import require_channel_access

        try:
            return require_channel_access(info.context.user, int(id))
        except (DomainError, ValueError):
            return None

    @classmethod
    def is_type_of(cls, root, info):
        from ..models import StockChannel as Model

        return isinstance(root, Model)


class StockCountChange(graphene.ObjectType):
    line = graphene.Int(required=True)
    sku = graphene.String(required=True)
    before = graphene.Int(required=True)
    after = graphene.Int(required=True)
    delta = graphene.Int(required=True)


class StockCountRefusal(graphene.ObjectType):
    line = graphene.Int(required=True)
    sku = graphene.String(required=True)
    code = graphene.String(required=True)
    message = graphene.String(required=True)


class StockCount(graphene.ObjectType):
    """A CSV stocktake with its progress and its report (what changed, what was refused)."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    status = graphene.String(
        required=True, description="PENDING, RUNNING, APPLIED, PARTIAL, REJECTED"
    )
    atomic = graphene.Boolean(required=True)
    total_rows = graphene.Int(required=True)
    processed_rows = graphene.Int(required=True)
    applied_rows = graphene.Int(required=True)
    unchanged_rows = graphene.Int(required=True)
    refused_rows = graphene.Int(required=True)
    progress = graphene.Float(required=True, description="0 to 1")
    changes = graphene.List(graphene.NonNull(StockCountChange), required=True)
    refusals = graphene.List(graphene.NonNull(StockCountRefusal), required=True)
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    @staticmethod
    def resolve_progress(root, info):
        return root.processed_rows / root.total_rows if root.total_rows else 1.0

    @staticmethod
    def resolve_changes(root, info):
        return [StockCountChange(**c) for c in root.changes or []]

    @staticmethod
    def resolve_refusals(root, info):
        return [StockCountRefusal(**r) for r in root.refusals or []]

    @classmethod
    def get_node(cls, info, id):
        from marketplace.core.exceptions import DomainError

        from ..models import StockCount as Model
        from ..services.channels import require_warehouse_access

        count = Model.objects.filter(pk=id).first()
        if count is None:
            return None
        try:
            require_warehouse_access(info.context.user, count.warehouse_id)
        except DomainError:
            return None
        return count

    @classmethod
    def is_type_of(cls, root, info):
        from ..models import StockCount as Model

        return isinstance(root, Model)


class ReconciliationLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    allocated = graphene.Int(required=True)
    reserved = graphene.Int(required=True)
    available = graphene.Int(required=True)
    ledger_quantity = graphene.Int()
    ledger_ok = graphene.Boolean(required=True)


class InboundEventCount(graphene.ObjectType):
    status = graphene.String(required=True)
    count = graphene.Int(required=True)


class StockReconciliation(graphene.ObjectType):
    generated_at = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(ReconciliationLine), required=True)
    mismatch_count = graphene.Int(required=True)
    events = graphene.List(graphene.NonNull(InboundEventCount), required=True)

    @staticmethod
    def resolve_mismatch_count(root, info):
        return len(root.mismatches)

    @staticmethod
    def resolve_events(root, info):
        return [
            InboundEventCount(status=k, count=v) for k, v in sorted(root.events_by_status.items())
        ]
