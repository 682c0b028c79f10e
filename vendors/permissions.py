"""Who may act for a vendor. Every check answers "not found" rather than "forbidden" to callers
outside the vendor, so the answer never reveals whether an id exists (DESIGN.md, API.md)."""

from __future__ import annotations

from marketplace.core.exceptions import NotFound, PermissionDenied

from .models import VendorMember, VendorRole


def _memberships(user) -> dict[int, str]:
    """vendor_id → role for this user, memoised on the user object for the request."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_vendor_roles", None)
    if cached is None:
        cached = dict(VendorMember.objects.filter(user=user).values_list("vendor_id", "role"))
        user._vendor_roles = cached
    return cached


def vendor_role(user, vendor_id: int) -> str | None:
    return _memberships(user).get(vendor_id)


def member_vendor_ids(user) -> set[int]:
    return set(_memberships(user))


def is_marketplace_staff(user, permission: str | None = None) -> bool:
    """Staff of the marketplace; with `permission` ("manage_products"), staff holding it."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if permission is None or user.is_superuser:
        return True
    return user.has_perm(f"accounts.{permission}")


def can_manage_vendor(
    user, vendor_id: int, *, owner_only: bool = False, staff_permission: str | None = None
) -> bool:
    if staff_permission and is_marketplace_staff(user, staff_permission):
        return True
    role = vendor_role(user, vendor_id)
    if role is None:
        return False
    return role == VendorRole.OWNER if owner_only else True


def require_vendor_access(
    user,
    vendor_id: int,
    *,
    field: str = "vendorId",
    owner_only: bool = False,
    staff_permission: str | None = None,
) -> None:
    """Raise NotFound for outsiders and PermissionDenied for members lacking the role."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Silakan masuk terlebih dahulu.", field=None)
    if can_manage_vendor(user, vendor_id, owner_only=owner_only, staff_permission=staff_permission):
        return
    if vendor_role(user, vendor_id) is not None:
        raise PermissionDenied("Hanya pemilik usaha yang boleh melakukan ini.", field=field)
    raise NotFound("Tidak ditemukan.", field=field)


def require_signed_in(user) -> None:
    """Checked before any lookup, so an anonymous caller learns nothing about which ids exist."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Silakan masuk terlebih dahulu.", field=None)


def require_staff(user, permission: str | None = None) -> None:
    if not is_marketplace_staff(user, permission):
        raise PermissionDenied("Hanya staf marketplace yang boleh melakukan ini.")
