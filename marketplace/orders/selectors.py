"""Who may see which orders. Outsiders are answered "not found", never "forbidden"."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vendors.permissions import is_marketplace_staff, member_vendor_ids

from .models import Order, VendorOrder


def orders_visible_to(user) -> QuerySet[Order]:
    if is_marketplace_staff(user, "manage_orders"):
        return Order.objects.all()
    if user is None or not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user)


def vendor_orders_visible_to(user) -> QuerySet[VendorOrder]:
    if is_marketplace_staff(user, "manage_orders"):
        return VendorOrder.objects.all()
    if user is None or not user.is_authenticated:
        return VendorOrder.objects.none()
    return VendorOrder.objects.filter(
        Q(vendor_id__in=member_vendor_ids(user)) | Q(order__user=user)
    )


def vendor_orders_actionable_by(user) -> QuerySet[VendorOrder]:
    """Vendor orders the user may accept, cancel, pack or ship: their vendors' (or staff)."""
    if is_marketplace_staff(user, "manage_orders"):
        return VendorOrder.objects.all()
    if user is None or not user.is_authenticated:
        return VendorOrder.objects.none()
    return VendorOrder.objects.filter(vendor_id__in=member_vendor_ids(user))
