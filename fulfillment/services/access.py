"""Who may see and act on a shipment. Outsiders get NOT_FOUND, exactly as for an unknown id."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from marketplace.core.exceptions import NotFound
from vendors.permissions import is_marketplace_staff, member_vendor_ids

from ..models import HubDropOff, Shipment

FULFILLMENT_PERMISSION = "manage_fulfillment"


def is_fulfillment_staff(user) -> bool:
    return is_marketplace_staff(user, FULFILLMENT_PERMISSION)


def shipments_visible_to(user) -> QuerySet[Shipment]:
    """Staff see all; vendor members their vendor's own parcels and the consolidations they are
    part of; shoppers the parcels of their own orders (read only: managing needs a vendor role)."""
    if is_fulfillment_staff(user) or is_marketplace_staff(user, "manage_orders"):
        return Shipment.objects.all()
    if user is None or not user.is_authenticated:
        return Shipment.objects.none()
    vendor_ids = member_vendor_ids(user)
    consolidations = HubDropOff.objects.filter(vendor_order__vendor_id__in=vendor_ids).values(
        "consolidation_id"
    )
    # Subqueries, not joins: no duplicate rows. The shopper sees the parcels of their orders.
    return Shipment.objects.filter(
        Q(order__user_id=user.pk)
        | Q(vendor_id__in=vendor_ids)
        | Q(consolidation_id__in=consolidations)
    )


def get_visible_shipment(user, shipment_id: int, *, field: str = "id") -> Shipment:
    shipment = shipments_visible_to(user).filter(pk=shipment_id).first()
    if shipment is None:
        raise NotFound("Pengiriman tidak ditemukan.", field=field)
    return shipment


def require_shipment_manager(user, shipment: Shipment, *, field: str = "id") -> None:
    """Vendor members of the shipment's own vendor, or fulfilment staff."""
    if is_fulfillment_staff(user):
        return
    if shipment.vendor_id is None or shipment.vendor_id not in member_vendor_ids(user):
        raise NotFound("Pengiriman tidak ditemukan.", field=field)
