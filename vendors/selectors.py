"""Who sees which vendors and which of their private parts.

Anonymous callers and shoppers see APPROVED vendors only; members see their own vendors in any
status; marketplace staff holding `manage_vendors` see everything. Private fields (NPWP, contact
details, warehouses, members, invitations, reviews, documents) only to members and such staff.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Vendor, VendorStatus
from .permissions import is_marketplace_staff, member_vendor_ids

MANAGE_VENDORS = "manage_vendors"


def vendors_visible_to(user) -> QuerySet[Vendor]:
    if is_marketplace_staff(user, MANAGE_VENDORS):
        return Vendor.objects.all()
    visible = Q(status=VendorStatus.APPROVED)
    own = member_vendor_ids(user)
    if own:
        visible |= Q(pk__in=own)
    return Vendor.objects.filter(visible)


def can_see_vendor_private(user, vendor_id: int) -> bool:
    return vendor_id in member_vendor_ids(user) or is_marketplace_staff(user, MANAGE_VENDORS)


def managed_vendor_filter(user, field: str = "vendor_id") -> Q | None:
    """A filter for objects of vendors the user may manage; None means "all" (staff)."""
    if is_marketplace_staff(user, MANAGE_VENDORS):
        return None
    return Q(**{f"{field}__in": member_vendor_ids(user)})


def search_vendors(
    queryset: QuerySet[Vendor],
    *,
    search: str | None = None,
    sentra: str | None = None,
    is_gallery_tenant: bool | None = None,
    status: str | None = None,
) -> QuerySet[Vendor]:
    if search and search.strip():
        term = search.strip()[:100]
        queryset = queryset.filter(Q(name__icontains=term) | Q(description__icontains=term))
    if sentra:
        queryset = queryset.filter(sentra=sentra)
    if is_gallery_tenant is not None:
        queryset = queryset.filter(is_gallery_tenant=is_gallery_tenant)
    if status:
        queryset = queryset.filter(status=status)
    return queryset
