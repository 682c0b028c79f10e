"""Django admin: the tariff tables, the same-day courier, the hub, shipments, and a delivery
performance page (Fulfilment → Kinerja pengiriman)."""

from __future__ import annotations

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path

from .models import (
    GalleryHub,
    HandlingTimeAlert,
    HubConsolidation,
    HubDropOff,
    NonWorkingDay,
    SameDayService,
    Shipment,
    ShipmentEvent,
    ShippingRate,
    ShippingZone,
    ShippingZoneArea,
)
from .services.performance import delivery_performance


class ShippingZoneAreaInline(admin.TabularInline):
    model = ShippingZoneArea
    extra = 1


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 1


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "priority", "is_active")
    list_editable = ("priority", "is_active")
    inlines = [ShippingZoneAreaInline, ShippingRateInline]


@admin.register(SameDayService)
class SameDayServiceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "city",
        "radius_km",
        "price_per_km",
        "minimum_price",
        "max_weight_grams",
        "cutoff_hour",
        "is_active",
    )


@admin.register(GalleryHub)
class GalleryHubAdmin(admin.ModelAdmin):
    list_display = ("name", "pickup_enabled", "consolidation_enabled", "processing_days")


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")


class ShipmentEventInline(admin.TabularInline):
    model = ShipmentEvent
    extra = 0
    can_delete = False
    readonly_fields = (
        "occurred_at",
        "status",
        "tracking_status",
        "raw_status",
        "description",
        "location",
        "source",
        "external_event_id",
        "actor",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "tracking_number",
        "carrier",
        "service",
        "status",
        "vendor",
        "promised_delivery_date",
        "created_at",
    )
    list_filter = ("status", "carrier")
    search_fields = ("tracking_number", "external_id", "vendor_order__number", "order__number")
    readonly_fields = [f.name for f in Shipment._meta.fields]
    inlines = [ShipmentEventInline]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        extra = [
            path(
                "performance/",
                self.admin_site.admin_view(self.performance_view),
                name="fulfillment_delivery_performance",
            )
        ]
        return extra + super().get_urls()

    def performance_view(self, request):
        rows = delivery_performance(
            carrier=request.GET.get("carrier") or None, service=request.GET.get("service") or None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Kinerja pengiriman",
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/fulfillment/performance.html", context)


class HubDropOffInline(admin.TabularInline):
    model = HubDropOff
    extra = 0
    readonly_fields = (
        "vendor_order",
        "parcel_count",
        "weight_grams",
        "confirmed_by",
        "confirmed_at",
        "note",
    )


@admin.register(HubConsolidation)
class HubConsolidationAdmin(admin.ModelAdmin):
    list_display = ("order", "status", "outbound_option_id", "created_at")
    list_filter = ("status",)
    inlines = [HubDropOffInline]


@admin.register(HandlingTimeAlert)
class HandlingTimeAlertAdmin(admin.ModelAdmin):
    list_display = ("vendor_order", "kind", "deadline", "created_at")
    list_filter = ("kind",)
