"""A vendor's team: owners invite by email, the invitee accepts with the emailed token.

Invitation tokens are random secrets stored as SHA-256; the raw token exists only in the invite
response (for the email) and in the invitee's mailbox. A vendor always keeps at least one owner.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound, PermissionDenied
from marketplace.notifications.outbox import emit_event

from ..lock_objects import lock_vendor
from ..models import VendorInvitation, VendorMember, VendorRole
from ..permissions import require_signed_in, require_vendor_access
from . import validation as v
from .applications import MANAGE_VENDORS

INVITATION_TTL = timedelta(days=7)


def hash_invitation_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _forget_memberships(user) -> None:
    if hasattr(user, "_vendor_roles"):
        del user._vendor_roles


def invite_member(
    *, actor, vendor_id: int, email: str, role: str = VendorRole.STAFF, field: str = "vendorId"
) -> tuple[VendorInvitation, str]:
    """Invite `email` to the vendor (owners only). Returns the invitation and the raw token.

    A new invitation to the same email replaces the open one (its token stops working)."""
    require_signed_in(actor)
    require_vendor_access(
        actor, vendor_id, field=field, owner_only=True, staff_permission=MANAGE_VENDORS
    )
    errors = ErrorCollector()
    email = v.clean_email(errors, "email", email)
    if not email and not errors.errors:
        errors.add("email", "REQUIRED", "Email wajib diisi.")
    if role not in VendorRole.values:
        errors.add("role", "INVALID", "Peran tidak dikenal.")
    errors.raise_if_any()
    if VendorMember.objects.filter(vendor_id=vendor_id, user__email__iexact=email).exists():
        raise DomainError(
            "Pengguna ini sudah menjadi anggota.", code="ALREADY_EXISTS", field="email"
        )

    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        lock_vendor(vendor_id, field=field)
        VendorInvitation.objects.filter(
            vendor_id=vendor_id,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
        invitation = VendorInvitation.objects.create(
            vendor_id=vendor_id,
            email=email,
            role=role,
            token_hash=hash_invitation_token(raw),
            invited_by=actor,
            expires_at=now + INVITATION_TTL,
        )
        emit_event(
            "vendor.member_invited",
            {"invitation_id": invitation.pk, "vendor_id": vendor_id, "email": email, "role": role},
            vendor_id=vendor_id,
            aggregate_type="vendor_invitation",
            aggregate_id=invitation.pk,
        )
    return invitation, raw


def accept_invitation(*, actor, token: str) -> VendorMember:
    """Join the vendor as the signed-in user whose email the invitation was sent to."""
    require_signed_in(actor)
    token = v.text(token)
    if not token:
        raise DomainError("Wajib diisi.", code="REQUIRED", field="token")
    invalid = DomainError(
        "Undangan tidak valid atau sudah kedaluwarsa.", code="INVALID_TOKEN", field="token"
    )
    with transaction.atomic():
        invitation = (
            VendorInvitation.objects.select_for_update()
            .filter(token_hash=hash_invitation_token(token))
            .first()
        )
        now = timezone.now()
        if (
            invitation is None
            or invitation.accepted_at is not None
            or invitation.revoked_at is not None
            or invitation.expires_at <= now
        ):
            raise invalid
        if invitation.email.lower() != actor.email.lower():
            raise PermissionDenied(
                "Undangan ini dikirim ke alamat email lain. Masuklah dengan akun yang diundang.",
                field="token",
            )
        lock_vendor(invitation.vendor_id, field="token")
        member, created = VendorMember.objects.get_or_create(
            vendor_id=invitation.vendor_id, user=actor, defaults={"role": invitation.role}
        )
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        emit_event(
            "vendor.member_joined",
            {"vendor_id": invitation.vendor_id, "member_id": member.pk, "user_id": actor.pk},
            vendor_id=invitation.vendor_id,
            aggregate_type="vendor_member",
            aggregate_id=member.pk,
        )
    _forget_memberships(actor)
    return member


def revoke_invitation(*, actor, invitation_id: int, field: str = "id") -> VendorInvitation:
    require_signed_in(actor)
    invitation = VendorInvitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_access(
        actor, invitation.vendor_id, field=field, owner_only=True, staff_permission=MANAGE_VENDORS
    )
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def remove_member(*, actor, member_id: int, field: str = "id") -> VendorMember:
    """Owners remove anyone, any member may leave; the last owner can never be removed."""
    require_signed_in(actor)
    member = VendorMember.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound("Tidak ditemukan.", field=field)
    if member.user_id != actor.pk:
        require_vendor_access(
            actor, member.vendor_id, field=field, owner_only=True, staff_permission=MANAGE_VENDORS
        )
    with transaction.atomic():
        lock_vendor(member.vendor_id, field=field)  # serialises concurrent removals of owners
        member = VendorMember.objects.filter(pk=member_id).first()
        if member is None:
            raise NotFound("Tidak ditemukan.", field=field)
        if (
            member.role == VendorRole.OWNER
            and not VendorMember.objects.filter(vendor_id=member.vendor_id, role=VendorRole.OWNER)
            .exclude(pk=member.pk)
            .exists()
        ):
            raise DomainError(
                "Pemilik terakhir tidak bisa dihapus; jadikan anggota lain pemilik dahulu.",
                code="INVALID",
                field=field,
            )
        removed = VendorMember(
            pk=member.pk, vendor_id=member.vendor_id, user_id=member.user_id, role=member.role
        )
        member.delete()
        emit_event(
            "vendor.member_removed",
            {"vendor_id": removed.vendor_id, "user_id": removed.user_id},
            vendor_id=removed.vendor_id,
            aggregate_type="vendor_member",
            aggregate_id=removed.pk,
        )
    _forget_memberships(actor)
    return removed
