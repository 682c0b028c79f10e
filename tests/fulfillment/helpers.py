from __future__ import annotations

from graphql_relay import to_global_id

CREATE = """
mutation($vo: ID!, $option: String, $pickup: Boolean) {
  shipmentCreate(vendorOrderId: $vo, shippingOptionId: $option, requestPickup: $pickup) {
    shipment { id carrier service trackingNumber status estimatedDeliveryDate labelUrl
               price { amount } events { status trackingStatus description occurredAt } }
    errors { field code message }
  }
}
"""

CANCEL = """
mutation($id: ID!) { shipmentCancel(id: $id) { shipment { id status } errors { field code message } } }
"""

STATUS_UPDATE = """
mutation($id: ID!, $status: ShipmentStatus!) {
  shipmentStatusUpdate(id: $id, status: $status) { shipment { id status } errors { field code message } }
}
"""


def vo_id(vendor_order) -> str:
    return to_global_id("VendorOrder", vendor_order.pk)


def shipment_id(shipment) -> str:
    return to_global_id("Shipment", shipment.pk)


def create_shipment(gql, user, vendor_order, option=None, pickup=False) -> dict:
    body = gql.as_user(user).execute(
        CREATE, {"vo": vo_id(vendor_order), "option": option, "pickup": pickup}
    )
    assert "errors" not in body, body
    return body["data"]["shipmentCreate"]
