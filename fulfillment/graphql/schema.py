import graphene

from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_query_id
from marketplace.core.graphql.pagination import connection_field, paginate
from marketplace.core.graphql.types import enum_value
from vendors.permissions import member_vendor_ids

from ..services import hub as hub_services
from ..services.access import is_fulfillment_staff, shipments_visible_to
from ..services.performance import delivery_performance
from ..services.public_tracking import find_order_for_tracking
from .mutations import (
    HubDropOffConfirm,
    HubOutboundBook,
    ShipmentCancel,
    ShipmentCollect,
    ShipmentCreate,
    ShipmentPickupRequest,
    ShipmentStatusUpdate,
)
from .types import (
    DeliveryPerformance,
    DeliveryPerformanceFilterInput,
    HubExpectedDropOffConnection,
    OrderTracking,
    ShipmentConnection,
    ShipmentStatusEnum,
)


class ShipmentFilterInput(graphene.InputObjectType):
    vendor_id = graphene.ID()
    status = graphene.List(graphene.NonNull(ShipmentStatusEnum))
    carrier = graphene.String()


class Query(graphene.ObjectType):
    shipments = connection_field(
        ShipmentConnection,
        description="Pengiriman yang boleh dilihat pemanggil.",
        filter=ShipmentFilterInput(),
    )
    order_tracking = graphene.Field(
        OrderTracking,
        number=graphene.String(required=True),
        email=graphene.String(required=True),
        description="Lacak pesanan tanpa akun: nomor pesanan dan email pembeli.",
    )
    hub_expected_drop_offs = connection_field(
        HubExpectedDropOffConnection, description="Titipan yang ditunggu hub Galeri (petugas hub)."
    )
    delivery_performance = graphene.List(
        graphene.NonNull(DeliveryPerformance),
        required=True,
        filter=DeliveryPerformanceFilterInput(),
        description="Kinerja pengiriman per penjual, kurir, dan layanan.",
    )

    @staticmethod
    def resolve_shipments(root, info, first=None, after=None, filter=None):
        queryset = shipments_visible_to(info.context.user)
        filter = filter or {}
        if filter.get("vendor_id"):
            queryset = queryset.filter(
                vendor_id=decode_query_id(filter["vendor_id"], "Vendor", field="vendorId")
            )
        if filter.get("status"):
            queryset = queryset.filter(status__in=[enum_value(s) for s in filter["status"]])
        if filter.get("carrier"):
            queryset = queryset.filter(carrier=filter["carrier"])
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=ShipmentConnection,
            ordering=["-created_at", "-pk"],
        )

    @staticmethod
    def resolve_order_tracking(root, info, number, email):
        return find_order_for_tracking(number=number, email=email)

    @staticmethod
    def resolve_hub_expected_drop_offs(root, info, first=None, after=None):
        if not is_fulfillment_staff(info.context.user):
            raise query_error("Hanya petugas hub Galeri.", code="PERMISSION_DENIED")
        return paginate(
            hub_services.expected_drop_offs(),
            info=info,
            first=first,
            after=after,
            connection_type=HubExpectedDropOffConnection,
            ordering=["paid_at", "pk"],
        )

    @staticmethod
    def resolve_delivery_performance(root, info, filter=None):
        user = info.context.user
        filter = filter or {}
        if is_fulfillment_staff(user):
            allowed = None
        else:
            allowed = member_vendor_ids(user)
            if not allowed:
                raise query_error(
                    "Silakan masuk sebagai penjual atau staf.", code="PERMISSION_DENIED"
                )
        vendor_ids = allowed
        if filter.get("vendor_id"):
            vendor_id = decode_query_id(filter["vendor_id"], "Vendor", field="vendorId")
            if allowed is not None and vendor_id not in allowed:
                raise query_error("Tidak ditemukan.", code="NOT_FOUND", field="vendorId")
            vendor_ids = {vendor_id}
        return delivery_performance(
            vendor_ids=vendor_ids,
            carrier=filter.get("carrier"),
            service=filter.get("service"),
            since=filter.get("since"),
        )


class Mutation(graphene.ObjectType):
    shipment_create = ShipmentCreate.Field()
    shipment_cancel = ShipmentCancel.Field()
    shipment_pickup_request = ShipmentPickupRequest.Field()
    shipment_status_update = ShipmentStatusUpdate.Field()
    shipment_collect = ShipmentCollect.Field()
    hub_drop_off_confirm = HubDropOffConfirm.Field()
    hub_outbound_book = HubOutboundBook.Field()
