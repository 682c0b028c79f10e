from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from marketplace.core.graphql.dataloaders import DataLoader

from ..models import Shipment, ShipmentEvent


class ShipmentsByVendorOrderLoader(DataLoader):
    """A vendor order's shipments, its own and the hub consolidation it travels in."""

    sibling_model = "orders.vendororder"
    default: list = []

    def batch_load(self, keys):
        result: dict = defaultdict(list)
        own = Shipment.objects.filter(vendor_order_id__in=keys).order_by("created_at", "pk")
        for shipment in own:
            result[shipment.vendor_order_id].append(shipment)
        consolidated = (
            Shipment.objects.filter(consolidation__drop_offs__vendor_order_id__in=keys)
            .annotate(carried_vendor_order_id=F("consolidation__drop_offs__vendor_order_id"))
            .order_by("created_at", "pk")
        )
        for shipment in consolidated:
            result[shipment.carried_vendor_order_id].append(shipment)
        return dict(result)


class EventsByShipmentLoader(DataLoader):
    sibling_model = "fulfillment.shipment"
    default: list = []

    def batch_load(self, keys):
        result: dict = defaultdict(list)
        for event in ShipmentEvent.objects.filter(shipment_id__in=keys).order_by(
            "occurred_at", "pk"
        ):
            result[event.shipment_id].append(event)
        return dict(result)
