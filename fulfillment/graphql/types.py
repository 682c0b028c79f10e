"""Fulfilment GraphQL types. The orders app exposes `VendorOrder.shipments` with
`resolve_vendor_order_shipments` (one query per page of vendor orders, via a DataLoader)."""

from __future__ import annotations

import graphene
from django.urls import reverse
from graphene_django import DjangoObjectType

from marketplace.core.graphql.pagination import CountableConnection
from marketplace.core.graphql.types import Money, money

from ..models import Shipment as ShipmentModel
from ..models import ShipmentStatus
from ..services.access import is_fulfillment_staff, shipments_visible_to
from .dataloaders import EventsByShipmentLoader, ShipmentsByVendorOrderLoader

ShipmentStatusEnum = graphene.Enum(
    "ShipmentStatus",
    [(value, value) for value in ShipmentStatus.values],
    description="Status pengiriman.",
)


class ShipmentEvent(graphene.ObjectType):
    status = graphene.Field(
        ShipmentStatusEnum, required=True, description="Status pengiriman setelah kejadian ini."
    )
    tracking_status = graphene.String(
        required=True, description="Status kurir yang dinormalkan (DESIGN.md)."
    )
    description = graphene.String(required=True)
    location = graphene.String(required=True)
    occurred_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_status(root, info):
        return ShipmentStatus(root.status).value


class Shipment(DjangoObjectType):
    status = graphene.Field(ShipmentStatusEnum, required=True)
    estimated_delivery_date = graphene.Date(description="Tanggal sampai yang dijanjikan (WIB).")
    label_url = graphene.String(description="Label cetak (HTML) dengan resi dan kedua alamat.")
    carrier_label_url = graphene.String(description="Label dari kurir, bila kurir menerbitkannya.")
    events = graphene.List(graphene.NonNull(ShipmentEvent), required=True)
    price = graphene.Field(Money, description="Ongkir yang dibayar pembeli.")
    carrier_price = graphene.Field(Money, description="Tagihan kurir (staf).")
    vendor_order_number = graphene.String()
    order_number = graphene.String(required=True)
    pickup_code = graphene.String(description="Kode ambil di Galeri (pembeli dan staf).")
    is_consolidated = graphene.Boolean(required=True)

    class Meta:
        model = ShipmentModel
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "carrier",
            "service",
            "service_name",
            "courier",
            "option_id",
            "tracking_number",
            "chargeable_weight_grams",
            "delivery_attempts",
            "collected_by",
            "pickup_requested_at",
            "booked_at",
            "picked_up_at",
            "delivered_at",
            "returned_at",
            "cancelled_at",
            "created_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(pk__in=shipments_visible_to(info.context.user).values("pk"))

    @staticmethod
    def resolve_status(root, info):
        return ShipmentStatus(root.status).value

    @staticmethod
    def resolve_estimated_delivery_date(root, info):
        return root.promised_delivery_date

    @staticmethod
    def resolve_label_url(root, info):
        if not root.tracking_number:
            return None
        return info.context.build_absolute_uri(
            reverse("fulfillment:shipment-label", args=[root.pk])
        )

    @staticmethod
    def resolve_carrier_label_url(root, info):
        return root.label_url or None

    @staticmethod
    def resolve_events(root, info):
        return EventsByShipmentLoader(info).load(root.pk)

    @staticmethod
    def resolve_price(root, info):
        return money(root.charged_price)

    @staticmethod
    def resolve_carrier_price(root, info):
        return money(root.carrier_price) if is_fulfillment_staff(info.context.user) else None

    @staticmethod
    def resolve_vendor_order_number(root, info):
        return root.vendor_order.number if root.vendor_order_id else None

    @staticmethod
    def resolve_order_number(root, info):
        return root.order.number

    @staticmethod
    def resolve_pickup_code(root, info):
        user = info.context.user
        is_buyer = user is not None and user.is_authenticated and root.order.user_id == user.pk
        if getattr(root, "shown_to_shopper", False) or is_buyer or is_fulfillment_staff(user):
            return root.pickup_code or None
        return None

    @staticmethod
    def resolve_is_consolidated(root, info):
        return root.consolidation_id is not None


class ShipmentConnection(CountableConnection):
    class Meta:
        node = Shipment


def resolve_vendor_order_shipments(root, info):
    """For `VendorOrder.shipments`: `shipments = graphene.List(graphene.NonNull(
    "fulfillment.graphql.types.Shipment"), required=True, resolver=resolve_vendor_order_shipments)`.
    The caller has already been allowed to see the vendor order."""
    return list(ShipmentsByVendorOrderLoader(info).load(root.pk))


class TrackedVendorOrder(graphene.ObjectType):
    number = graphene.String(required=True)
    vendor_name = graphene.String(required=True)
    status = graphene.String(required=True)
    promised_delivery_date = graphene.Date()
    shipping_method_name = graphene.String(required=True)
    shipments = graphene.List(graphene.NonNull(Shipment), required=True)

    @staticmethod
    def resolve_vendor_name(root, info):
        return root.vendor.name

    @staticmethod
    def resolve_shipments(root, info):
        shipments = list(ShipmentsByVendorOrderLoader(info).load(root.pk))
        for shipment in shipments:
            shipment.shown_to_shopper = True
        return shipments


class OrderTracking(graphene.ObjectType):
    number = graphene.String(required=True)
    status = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    vendor_orders = graphene.List(graphene.NonNull(TrackedVendorOrder), required=True)

    @staticmethod
    def resolve_vendor_orders(root, info):
        from marketplace.core.graphql.dataloaders import register_siblings

        rows = list(root.vendor_orders.select_related("vendor").order_by("pk"))
        register_siblings(info.context, rows)
        return rows


class HubExpectedDropOff(graphene.ObjectType):
    vendor_order_id = graphene.ID(required=True)
    vendor_order_number = graphene.String(required=True)
    order_id = graphene.ID(required=True)
    order_number = graphene.String(required=True)
    vendor_name = graphene.String(required=True)
    status = graphene.String(required=True)
    paid_at = graphene.DateTime()
    drop_off_by = graphene.DateTime(
        description="Batas serah paket di hub (WIB), dari waktu proses penjual."
    )

    @staticmethod
    def resolve_vendor_order_id(root, info):
        return graphene.relay.Node.to_global_id("VendorOrder", root.pk)

    @staticmethod
    def resolve_vendor_order_number(root, info):
        return root.number

    @staticmethod
    def resolve_order_id(root, info):
        return graphene.relay.Node.to_global_id("Order", root.order_id)

    @staticmethod
    def resolve_order_number(root, info):
        return root.order.number

    @staticmethod
    def resolve_vendor_name(root, info):
        return root.vendor.name

    @staticmethod
    def resolve_drop_off_by(root, info):
        from ..calendar import BusinessCalendar
        from ..services.performance import handling_deadline

        calendar = getattr(info.context, "_fulfillment_calendar", None)
        if calendar is None:  # one closures query per request, not per row
            calendar = info.context._fulfillment_calendar = BusinessCalendar()
        return handling_deadline(root, calendar) if root.paid_at else None


class HubExpectedDropOffConnection(CountableConnection):
    class Meta:
        node = HubExpectedDropOff


class HubDropOff(graphene.ObjectType):
    vendor_order_number = graphene.String(required=True)
    parcel_count = graphene.Int(required=True)
    weight_grams = graphene.Int()
    confirmed_at = graphene.DateTime(required=True)
    consolidation_status = graphene.String(required=True)

    @staticmethod
    def resolve_vendor_order_number(root, info):
        return root.vendor_order.number

    @staticmethod
    def resolve_consolidation_status(root, info):
        return root.consolidation.status


class DeliveryPerformance(graphene.ObjectType):
    vendor_id = graphene.ID(required=True)
    vendor_name = graphene.String(required=True)
    carrier = graphene.String(required=True)
    service = graphene.String(required=True)
    shipments = graphene.Int(required=True)
    delivered = graphene.Int(required=True)
    on_time = graphene.Int(required=True)
    late = graphene.Int(required=True)
    returned = graphene.Int(required=True)
    failed_attempts = graphene.Int(required=True)
    on_time_rate = graphene.Float(
        description="Tepat waktu ÷ terkirim (0–1), null bila belum ada yang terkirim."
    )
    avg_hours_paid_to_shipped = graphene.Float()
    avg_hours_shipped_to_delivered = graphene.Float()

    @staticmethod
    def resolve_vendor_id(root, info):
        return graphene.relay.Node.to_global_id("Vendor", root.vendor_id)


class DeliveryPerformanceFilterInput(graphene.InputObjectType):
    vendor_id = graphene.ID()
    carrier = graphene.String()
    service = graphene.String()
    since = graphene.DateTime()
