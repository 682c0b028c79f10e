"""What a shipping label shows: waybill, service, sender, recipient, contents, pickup code."""

from __future__ import annotations

from ..api import hub_origin, vendor_origin
from ..carriers.registry import get_hub
from ..models import Shipment


def label_context(shipment: Shipment) -> dict:
    address = shipment.order.shipping_address
    if shipment.vendor_order_id:
        sender = vendor_origin(shipment.vendor)
        lines = list(shipment.vendor_order.lines.all())
        reference = shipment.vendor_order.number
    else:
        sender = hub_origin(get_hub())
        lines = [
            line
            for drop in shipment.consolidation.drop_offs.all()
            for line in drop.vendor_order.lines.all()
        ]
        reference = shipment.order.number
    return {
        "shipment": shipment,
        "reference": reference,
        "sender": sender,
        "recipient": address,
        "lines": lines,
        "weight_kg": f"{shipment.chargeable_weight_grams / 1000:.2f}".replace(".", ","),
    }
