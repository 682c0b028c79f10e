"""Onboarding and curation: a signed-in user applies, marketplace staff decide.

Status machine (anything else is INVALID_TRANSITION):
    PENDING --APPROVE--> APPROVED --SUSPEND--> SUSPENDED --REINSTATE--> APPROVED
    PENDING --REJECT--> REJECTED
Every decision writes a VendorReview row, an outbox event, and bumps the catalogue version
(approval shows the vendor's published products, suspension hides them at once).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.accounts.services.addresses import validate_address
from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector, InvalidTransition
from marketplace.notifications.outbox import emit_event

from ..lock_objects import lock_vendor
from ..models import (
    CommissionPlan,
    Vendor,
    VendorMember,
    VendorReview,
    VendorRole,
    VendorStatus,
)
from ..permissions import require_signed_in, require_staff
from . import validation as v

MANAGE_VENDORS = "manage_vendors"
SLUG_MAX_LENGTH = 120

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    VendorReview.Decision.APPROVE: (frozenset({VendorStatus.PENDING}), VendorStatus.APPROVED),
    VendorReview.Decision.REJECT: (frozenset({VendorStatus.PENDING}), VendorStatus.REJECTED),
    VendorReview.Decision.SUSPEND: (frozenset({VendorStatus.APPROVED}), VendorStatus.SUSPENDED),
    VendorReview.Decision.REINSTATE: (frozenset({VendorStatus.SUSPENDED}), VendorStatus.APPROVED),
}
EVENTS = {
    VendorReview.Decision.APPROVE: "vendor.approved",
    VendorReview.Decision.REJECT: "vendor.rejected",
    VendorReview.Decision.SUSPEND: "vendor.suspended",
    VendorReview.Decision.REINSTATE: "vendor.reinstated",
}
RUBRIC_FIELDS = {
    "product_quality": "productQuality",
    "materials_finishing": "materialsFinishing",
    "photos": "photos",
    "legality": "legality",
}


def clean_vendor_profile(data: dict[str, Any], *, partial: bool, errors: ErrorCollector) -> dict:
    """The vendor fields present in `data` (all of them unless `partial`), cleaned."""
    cleaned: dict[str, Any] = {}

    def present(key: str) -> bool:
        return not partial or (key in data and data[key] is not None)

    if present("name"):
        cleaned["name"] = v.clean_text(
            errors, "name", data.get("name"), max_length=120, required=True
        )
    if present("description"):
        cleaned["description"] = v.clean_text(
            errors, "description", data.get("description"), max_length=5000
        )
    if present("phone"):
        cleaned["phone"] = v.clean_phone(errors, "phone", data.get("phone"))
    if present("sentra"):
        cleaned["sentra"] = v.clean_sentra(errors, "sentra", data.get("sentra"))
    if present("contact_name"):
        cleaned["contact_name"] = v.clean_text(
            errors, "contactName", data.get("contact_name"), max_length=120
        )
    if present("email"):
        cleaned["email"] = v.clean_email(errors, "email", data.get("email"))
    if present("npwp"):
        cleaned["npwp"] = v.clean_npwp(errors, "npwp", data.get("npwp"))
    if present("is_pkp"):
        cleaned["is_pkp"] = bool(data.get("is_pkp"))
    if present("is_gallery_tenant"):
        cleaned["is_gallery_tenant"] = bool(data.get("is_gallery_tenant"))
    if partial and data.get("handling_days") is not None:
        cleaned["handling_days"] = v.clean_int_range(
            errors, "handlingDays", data["handling_days"], low=0, high=30
        )
    if partial and data.get("daily_cutoff_hour") is not None:
        cleaned["daily_cutoff_hour"] = v.clean_int_range(
            errors, "dailyCutoffHour", data["daily_cutoff_hour"], low=0, high=23
        )
    return cleaned


def _unique_slug(name: str) -> str:
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "usaha"
    taken = set(Vendor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def apply_for_vendor(*, actor, data: dict[str, Any]) -> Vendor:
    """Create a PENDING vendor owned by `actor`, with its pickup address."""
    require_signed_in(actor)
    errors = ErrorCollector()
    cleaned = clean_vendor_profile(data, partial=False, errors=errors)
    if cleaned.get("is_pkp") and not cleaned.get("npwp"):
        errors.add("npwp", "REQUIRED", "Pengusaha Kena Pajak wajib mengisi NPWP.")
    address_data = data.get("address")
    address = None
    if not address_data:
        errors.add("address", "REQUIRED", "Alamat usaha wajib diisi.")
    else:
        try:
            address = validate_address(address_data, field="address")
        except DomainError as exc:
            errors.errors.extend(exc.errors)
    errors.raise_if_any()

    if VendorMember.objects.filter(
        user=actor, role=VendorRole.OWNER, vendor__status=VendorStatus.PENDING
    ).exists():
        raise DomainError(
            "Anda masih memiliki pengajuan yang menunggu tinjauan.", code="ALREADY_EXISTS"
        )

    from marketplace.accounts.models import Address

    with transaction.atomic():
        saved_address = Address.objects.create(user=None, **address)
        plan = CommissionPlan.objects.filter(is_default=True).first()
        vendor = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    vendor = Vendor.objects.create(
                        slug=_unique_slug(cleaned["name"]),
                        status=VendorStatus.PENDING,
                        address=saved_address,
                        commission_plan=plan,
                        **cleaned,
                    )
                break
            except IntegrityError:  # a concurrent application took the same slug
                continue
        if vendor is None:
            raise DomainError("Gagal membuat slug unik; coba lagi.", code="INVALID", field="name")
        VendorMember.objects.create(vendor=vendor, user=actor, role=VendorRole.OWNER)
        emit_event(
            "vendor.applied",
            {"vendor_id": vendor.pk, "name": vendor.name, "slug": vendor.slug},
            vendor_id=vendor.pk,
            aggregate_type="vendor",
            aggregate_id=vendor.pk,
        )
    if hasattr(actor, "_vendor_roles"):
        del actor._vendor_roles  # the memoised memberships are stale now
    return vendor


def review_vendor(
    *,
    actor,
    vendor_id: int,
    decision: str,
    reason: str = "",
    rubric: dict[str, int | None] | None = None,
) -> Vendor:
    """Apply a curation decision (APPROVE, REJECT, SUSPEND, REINSTATE) by marketplace staff."""
    require_staff(actor, MANAGE_VENDORS)
    errors = ErrorCollector()
    reason = v.clean_text(errors, "reason", reason, max_length=2000)
    if decision not in TRANSITIONS:
        errors.add("decision", "INVALID", "Keputusan tidak dikenal.")
    elif decision in (VendorReview.Decision.REJECT, VendorReview.Decision.SUSPEND) and not reason:
        errors.add("reason", "REQUIRED", "Alasan wajib diisi untuk penolakan atau pembekuan.")
    scores: dict[str, int | None] = {}
    for key, api_name in RUBRIC_FIELDS.items():
        scores[key] = v.clean_int_range(
            errors, f"rubric.{api_name}", (rubric or {}).get(key), low=1, high=5
        )
    errors.raise_if_any()

    with transaction.atomic():
        vendor = lock_vendor(vendor_id, field="id")
        allowed_from, target = TRANSITIONS[decision]
        if vendor.status not in allowed_from:
            raise InvalidTransition(
                f"Tidak bisa {VendorReview.Decision(decision).label.lower()} usaha berstatus "
                f"{VendorStatus(vendor.status).label.lower()}.",
                field="decision",
            )
        now = timezone.now()
        vendor.status = target
        update = ["status", "updated_at"]
        if decision == VendorReview.Decision.APPROVE:
            vendor.approved_at = now
            vendor.rejection_reason = ""
            update += ["approved_at", "rejection_reason"]
        elif decision == VendorReview.Decision.REJECT:
            vendor.rejection_reason = reason
            update.append("rejection_reason")
        elif decision == VendorReview.Decision.SUSPEND:
            vendor.suspension_reason = reason
            update.append("suspension_reason")
        else:
            vendor.suspension_reason = ""
            update.append("suspension_reason")
        vendor.save(update_fields=update)
        VendorReview.objects.create(
            vendor=vendor, reviewer=actor, decision=decision, reason=reason, **scores
        )
        emit_event(
            EVENTS[decision],
            {
                "vendor_id": vendor.pk,
                "name": vendor.name,
                "slug": vendor.slug,
                "status": vendor.status,
                "reason": reason,
            },
            vendor_id=vendor.pk,
            aggregate_type="vendor",
            aggregate_id=vendor.pk,
        )
        bump_catalog_version()
    return vendor
