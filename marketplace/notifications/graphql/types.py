from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import encode_id
from marketplace.core.graphql.pagination import CountableConnection


class DeliveryAttemptType(graphene.ObjectType):
    number = graphene.Int(required=True)
    outcome = graphene.String(required=True)
    status_code = graphene.Int()
    error = graphene.String(required=True)
    started_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()
    duration_ms = graphene.Int()
    manual = graphene.Boolean(required=True)


class Webhook(graphene.ObjectType):
    """A vendor's webhook subscription. The secret is write-only."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    vendor_id = graphene.ID(required=True, description="Global id of the vendor.")
    target_url = graphene.String(required=True)
    events = graphene.List(graphene.NonNull(graphene.String), required=True)
    is_active = graphene.Boolean(required=True)
    consecutive_failures = graphene.Int(required=True)
    disabled_at = graphene.DateTime()
    disabled_reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_vendor_id(root, info):
        return encode_id("Vendor", root.vendor_id)

    @classmethod
    def get_node(cls, info, id):
        from vendors.permissions import member_vendor_ids

        from ..models import WebhookSubscription

        user = info.context.user
        webhook = WebhookSubscription.objects.filter(pk=id).first()
        if webhook is None or webhook.vendor_id not in member_vendor_ids(user):
            return None
        return webhook

    @classmethod
    def is_type_of(cls, root, info):
        from ..models import WebhookSubscription

        return isinstance(root, WebhookSubscription)


class WebhookDelivery(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    delivery_id = graphene.String(required=True, description="The X-Galeri-Delivery header value.")
    event = graphene.String(required=True)
    status = graphene.String(required=True)
    attempts = graphene.Int(required=True)
    last_status_code = graphene.Int()
    last_error = graphene.String(required=True)
    next_attempt_at = graphene.DateTime()
    sent_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)
    attempt_log = graphene.List(graphene.NonNull(DeliveryAttemptType), required=True)

    @staticmethod
    def resolve_delivery_id(root, info):
        return str(root.delivery_id)

    @staticmethod
    def resolve_event(root, info):
        return root.event.kind

    @staticmethod
    def resolve_attempt_log(root, info):
        return list(root.attempt_log.all())

    @classmethod
    def get_node(cls, info, id):
        from vendors.permissions import is_marketplace_staff, member_vendor_ids

        from ..models import Delivery

        user = info.context.user
        delivery = (
            Delivery.objects.filter(pk=id, webhook__isnull=False).select_related("webhook").first()
        )
        if delivery is None:
            return None
        if is_marketplace_staff(user) or delivery.webhook.vendor_id in member_vendor_ids(user):
            return delivery
        return None

    @classmethod
    def is_type_of(cls, root, info):
        from ..models import Delivery

        return isinstance(root, Delivery)


class WebhookDeliveryConnection(CountableConnection):
    class Meta:
        node = WebhookDelivery


class NotificationPreferences(graphene.ObjectType):
    email_enabled = graphene.Boolean(required=True)
    chat_enabled = graphene.Boolean(required=True)
    language_code = graphene.String(required=True, description="id or en")
    muted_kinds = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code or root.user.language_code or "id"

    @staticmethod
    def resolve_muted_kinds(root, info):
        return list(root.muted_kinds or [])
