"""Notifications API: vendor webhooks, their deliveries, personal notification preferences.

The stock channel API (marketplace.stocksync) is mounted here too, so config/schema.py needs no
extra import.
"""

from __future__ import annotations

import graphene

from marketplace.core.exceptions import DomainError, PermissionDenied
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.pagination import connection_field, paginate
from marketplace.stocksync.graphql.schema import Mutation as StockSyncMutation
from marketplace.stocksync.graphql.schema import Query as StockSyncQuery

from ..services import preferences as preference_service
from ..services import webhooks as webhook_service
from .types import NotificationPreferences, Webhook, WebhookDelivery, WebhookDeliveryConnection


class WebhookCreateInput(graphene.InputObjectType):
    vendor_id = graphene.ID(required=True)
    target_url = graphene.String(required=True)
    events = graphene.List(graphene.NonNull(graphene.String), required=True)
    secret = graphene.String(
        required=True, description="At least 16 characters; never shown again."
    )


class WebhookUpdateInput(graphene.InputObjectType):
    target_url = graphene.String()
    events = graphene.List(graphene.NonNull(graphene.String))
    secret = graphene.String()
    is_active = graphene.Boolean()


class WebhookCreate(BaseMutation):
    class Arguments:
        input = WebhookCreateInput(required=True)

    webhook = graphene.Field(Webhook)

    @classmethod
    def perform_mutation(cls, root, info, input):
        vendor_id = decode_id(input.get("vendor_id"), "Vendor", field="vendorId")
        webhook = webhook_service.create_webhook(
            actor=info.context.user,
            vendor_id=vendor_id,
            target_url=input.get("target_url"),
            events=input.get("events"),
            secret=input.get("secret"),
        )
        return cls(webhook=webhook)


class WebhookUpdate(BaseMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = WebhookUpdateInput(required=True)

    webhook = graphene.Field(Webhook)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        webhook = webhook_service.update_webhook(
            actor=info.context.user,
            webhook_id=decode_id(id, "Webhook", field="id"),
            target_url=input.get("target_url"),
            events=input.get("events"),
            secret=input.get("secret"),
            is_active=input.get("is_active"),
        )
        return cls(webhook=webhook)


class WebhookDelete(BaseMutation):
    class Arguments:
        id = graphene.ID(required=True)

    deleted_id = graphene.ID()

    @classmethod
    def perform_mutation(cls, root, info, id):
        webhook_service.delete_webhook(
            actor=info.context.user, webhook_id=decode_id(id, "Webhook", field="id")
        )
        return cls(deleted_id=id)


class WebhookDeliveryRetry(BaseMutation):
    """Staff: send a delivery again (same X-Galeri-Delivery id)."""

    class Arguments:
        id = graphene.ID(required=True)

    delivery = graphene.Field(WebhookDelivery)

    @classmethod
    def perform_mutation(cls, root, info, id):
        delivery = webhook_service.redeliver(
            delivery_id=decode_id(id, "WebhookDelivery", field="id"), actor=info.context.user
        )
        return cls(delivery=delivery)


class NotificationPreferencesUpdateInput(graphene.InputObjectType):
    email_enabled = graphene.Boolean()
    chat_enabled = graphene.Boolean()
    language_code = graphene.String()
    muted_kinds = graphene.List(graphene.NonNull(graphene.String))


class NotificationPreferencesUpdate(BaseMutation):
    class Arguments:
        input = NotificationPreferencesUpdateInput(required=True)

    preferences = graphene.Field(NotificationPreferences)

    @classmethod
    def perform_mutation(cls, root, info, input):
        pref = preference_service.update_preferences(
            user=info.context.user,
            email_enabled=input.get("email_enabled"),
            chat_enabled=input.get("chat_enabled"),
            language_code=input.get("language_code"),
            muted_kinds=input.get("muted_kinds"),
        )
        return cls(preferences=pref)


class Query(StockSyncQuery, graphene.ObjectType):
    webhooks = graphene.List(
        graphene.NonNull(Webhook),
        vendor_id=graphene.ID(required=True),
        required=True,
        description="A vendor's webhooks (members of the vendor).",
    )
    webhook_deliveries = connection_field(
        WebhookDeliveryConnection,
        webhook_id=graphene.ID(required=True),
        description="Deliveries of one webhook, newest first (members of the vendor).",
    )
    notification_preferences = graphene.Field(NotificationPreferences)

    @staticmethod
    def resolve_webhooks(root, info, vendor_id):
        from vendors.permissions import require_vendor_access

        from ..models import WebhookSubscription

        try:
            pk = decode_id(vendor_id, "Vendor", field="vendorId")
            require_vendor_access(info.context.user, pk, field="vendorId")
        except DomainError as exc:
            raise query_error(exc.errors[0].message, code=exc.code, field=exc.field)
        return list(WebhookSubscription.objects.filter(vendor_id=pk).order_by("pk"))

    @staticmethod
    def resolve_webhook_deliveries(root, info, webhook_id, first=None, after=None):
        try:
            queryset = webhook_service.deliveries_for_member(
                actor=info.context.user,
                webhook_id=decode_id(webhook_id, "Webhook", field="webhookId"),
            )
        except DomainError as exc:
            raise query_error(exc.errors[0].message, code=exc.code, field=exc.field)
        return paginate(
            queryset.prefetch_related("attempt_log"),
            info=info,
            first=first,
            after=after,
            connection_type=WebhookDeliveryConnection,
            ordering=["-created_at", "-pk"],
        )

    @staticmethod
    def resolve_notification_preferences(root, info):
        user = info.context.user
        if not user.is_authenticated:
            raise query_error("Silakan masuk terlebih dahulu.", code="UNAUTHENTICATED")
        return preference_service.get_preferences(user)


class Mutation(StockSyncMutation, graphene.ObjectType):
    webhook_create = WebhookCreate.Field()
    webhook_update = WebhookUpdate.Field()
    webhook_delete = WebhookDelete.Field()
    webhook_delivery_retry = WebhookDeliveryRetry.Field()
    notification_preferences_update = NotificationPreferencesUpdate.Field()


__all__ = ["Query", "Mutation", "PermissionDenied"]
