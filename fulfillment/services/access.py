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
    """Staff see all; vendor members their own vendor's and the consolidations they are part of."""
    if is_fulfillment_staff(user) or is_marketplace_staff(user, "manage_orders"):
        return Shipment.objects.all()
    vendor_ids = member_vendor_ids(user)
    if not vendor_ids:
        return Shipment.objects.none()
    consolidations = HubDropOff.objects.filter(vendor_order__vendor_id__in=vendor_ids).values(
        "consolidation_id"
    )
    # A subquery, not a join: no duplicate rows, so callers may combine it with `&`.
    return Shipment.objects.filter(
        Q(vendor_id__in=vendor_ids) | Q(consolidation_id__in=consolidations)
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
