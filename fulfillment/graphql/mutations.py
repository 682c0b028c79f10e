"""Fulfilment mutations: thin — decode ids, call a service, return the payload.

Booking and cancelling talk to carriers, so they run with `atomic = False`: the services keep
their own short transactions and never hold a row lock across a network call.
"""

from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import decode_id, managed_object
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.types import enum_value

from ..services import hub as hub_services
from ..services import shipments as shipment_services
from ..services.access import get_visible_shipment
from .types import HubDropOff, Shipment, ShipmentStatusEnum


def _shipment(info, global_id: str):
    return managed_object(get_visible_shipment, info.context.user, global_id, "Shipment")


class ShipmentCreate(BaseMutation):
    shipment = graphene.Field(Shipment)
    atomic = False

    class Arguments:
        vendor_order_id = graphene.ID(required=True)
        shipping_option_id = graphene.String(description="Default: the option the shopper chose.")
        request_pickup = graphene.Boolean(
            default_value=False, description="Minta kurir menjemput paket."
        )

    @classmethod
    def perform_mutation(
        cls, root, info, vendor_order_id, shipping_option_id=None, request_pickup=False
    ):
        shipment = shipment_services.create_shipment(
            user=info.context.user,
            vendor_order_id=decode_id(vendor_order_id, "VendorOrder", field="vendorOrderId"),
            shipping_option_id=(shipping_option_id or "").strip() or None,
            request_pickup=bool(request_pickup),
        )
        return cls(shipment=shipment)


class ShipmentCancel(BaseMutation):
    shipment = graphene.Field(Shipment)
    atomic = False

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        shipment = shipment_services.cancel_shipment(
            user=info.context.user, shipment=_shipment(info, id)
        )
        return cls(shipment=shipment)


class ShipmentPickupRequest(BaseMutation):
    shipment = graphene.Field(Shipment)
    atomic = False

    class Arguments:
        id = graphene.ID(required=True)
        pickup_at = graphene.DateTime(description="Waktu jemput yang diinginkan.")

    @classmethod
    def perform_mutation(cls, root, info, id, pickup_at=None):
        shipment = shipment_services.request_pickup(
            user=info.context.user, shipment=_shipment(info, id), when=pickup_at
        )
        return cls(shipment=shipment)


class ShipmentStatusUpdate(BaseMutation):
    """Manual status change: staff for any step; a vendor only reports hand-over to an in-house
    courier (PICKED_UP, IN_TRANSIT). Failed delivery → OUT_FOR_DELIVERY is a re-delivery attempt;
    → RETURNING/RETURNED is the return to the seller."""

    shipment = graphene.Field(Shipment)

    class Arguments:
        id = graphene.ID(required=True)
        status = ShipmentStatusEnum(required=True)
        description = graphene.String()
        location = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, status, description="", location=""):
        shipment = shipment_services.update_shipment_status(
            user=info.context.user,
            shipment=_shipment(info, id),
            status=enum_value(status),
            description=(description or "")[:500],
            location=(location or "")[:200],
        )
        return cls(shipment=shipment)


class ShipmentCollect(BaseMutation):
    """The Galeri counter hands a click-and-collect parcel to the shopper (code must match)."""

    shipment = graphene.Field(Shipment)

    class Arguments:
        id = graphene.ID(required=True)
        pickup_code = graphene.String(required=True)
        collected_by = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, pickup_code, collected_by):
        shipment = shipment_services.confirm_collection(
            user=info.context.user,
            shipment=_shipment(info, id),
            pickup_code=pickup_code,
            collected_by=collected_by,
        )
        return cls(shipment=shipment)


class HubDropOffConfirm(BaseMutation):
    drop_off = graphene.Field(HubDropOff)

    class Arguments:
        vendor_order_id = graphene.ID(required=True)
        parcel_count = graphene.Int(default_value=1)
        weight_grams = graphene.Int()
        note = graphene.String()

    @classmethod
    def perform_mutation(
        cls, root, info, vendor_order_id, parcel_count=1, weight_grams=None, note=""
    ):
        drop_off = hub_services.confirm_drop_off(
            user=info.context.user,
            vendor_order_id=decode_id(vendor_order_id, "VendorOrder", field="vendorOrderId"),
            parcel_count=parcel_count,
            weight_grams=weight_grams,
            note=note or "",
        )
        return cls(drop_off=drop_off)


class HubOutboundBook(BaseMutation):
    shipment = graphene.Field(Shipment)
    atomic = False

    class Arguments:
        order_id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, order_id):
        shipment = hub_services.book_outbound(
            user=info.context.user, order_id=decode_id(order_id, "Order", field="orderId")
        )
        return cls(shipment=shipment)
