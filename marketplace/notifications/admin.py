"""Operations views: the outbox, deliveries with their attempts (manual redelivery), webhooks."""

from __future__ import annotations

from django.contrib import admin, messages

from marketplace.core.exceptions import DomainError

from .models import (
    Delivery,
    DeliveryAttempt,
    NotificationPreference,
    OutboxEvent,
    WebhookSubscription,
)
from .relay import publish_events
from .services.webhooks import redeliver


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "aggregate_type",
        "aggregate_id",
        "vendor",
        "created_at",
        "published_at",
        "dispatched_at",
        "publish_attempts",
    )
    list_filter = (
        "kind",
        ("published_at", admin.EmptyFieldListFilter),
        ("dispatched_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("kind", "aggregate_id")
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]
    actions = ["publish_again"]

    @admin.action(description="Terbitkan ulang (aman: pengiriman tidak pernah berlipat)")
    def publish_again(self, request, queryset):
        count = publish_events(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} peristiwa diterbitkan ulang.")


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = (
        "number",
        "outcome",
        "status_code",
        "error",
        "started_at",
        "finished_at",
        "duration_ms",
        "manual",
    )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "delivery_id",
        "channel",
        "recipient",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "channel", "audience")
    search_fields = ("recipient", "delivery_id", "event__kind")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver_selected"]

    @admin.action(description="Kirim ulang (ID pengiriman yang sama)")
    def redeliver_selected(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                redeliver(delivery_id=delivery.pk, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{delivery.delivery_id}: {exc}", level=messages.WARNING)
        self.message_user(request, f"{done} pengiriman dijadwalkan ulang.")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = (
        "vendor",
        "target_url",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "created_at",
    )
    list_filter = ("is_active",)
    search_fields = ("target_url", "vendor__name")
    exclude = ("secret",)
    readonly_fields = ("consecutive_failures", "disabled_at", "created_at", "updated_at")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_enabled", "chat_enabled", "language_code")
    search_fields = ("user__email",)
