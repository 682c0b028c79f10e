from django.contrib import admin

from .models import InboundStockEvent, StockChannel, StockCount, StockPush


@admin.register(StockChannel)
class StockChannelAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "warehouse",
        "is_active",
        "last_event_at",
        "last_push_at",
    )
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    exclude = ("secret",)


@admin.register(InboundStockEvent)
class InboundStockEventAdmin(admin.ModelAdmin):
    list_display = (
        "channel",
        "external_id",
        "type",
        "sku",
        "quantity",
        "status",
        "shortfall",
        "received_at",
    )
    list_filter = ("status", "type", "channel")
    search_fields = ("external_id", "sku")
    readonly_fields = [f.name for f in InboundStockEvent._meta.fields]


@admin.register(StockCount)
class StockCountAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "warehouse",
        "status",
        "total_rows",
        "applied_rows",
        "refused_rows",
        "created_at",
    )
    list_filter = ("status",)
    readonly_fields = [f.name for f in StockCount._meta.fields]


@admin.register(StockPush)
class StockPushAdmin(admin.ModelAdmin):
    list_display = (
        "push_id",
        "channel",
        "status",
        "attempts",
        "status_code",
        "created_at",
        "sent_at",
    )
    list_filter = ("status",)
    readonly_fields = [f.name for f in StockPush._meta.fields]
