"""Marketplace campaigns (Hari Batik Nasional, Harbolnas 12.12).

Staff create a campaign and invite vendors (or leave it open to every approved vendor). A vendor
joins with entries: a variant, a campaign price at least `min_discount_percent` below the normal
price, and the campaign stock it reserves (no more than it has available). Staff approve or reject
each entry; an approved entry becomes a vendor-funded flash sale for the campaign window, so the
campaign price, its quota and the per-customer limit are enforced by the same machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.catalog.models import ProductVariant
from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector, InvalidTransition, NotFound
from marketplace.inventory.services.stock import get_available_quantities
from vendors.models import Vendor, VendorStatus
from vendors.permissions import member_vendor_ids, require_staff, require_vendor_access

from ..models import (
    Campaign,
    CampaignEntry,
    CampaignEntryStatus,
    CampaignInvitation,
    FlashSale,
    FundedBy,
)
from .common import (
    STAFF_PERMISSION,
    clean_amount,
    clean_count,
    clean_name,
    clean_percentage,
    clean_window,
    is_promotions_staff,
    not_found,
)

HUNDRED = Decimal("100")


@transaction.atomic
def create_campaign(
    *,
    actor,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    join_deadline: datetime | None = None,
    min_discount_percent: Decimal | None = None,
    per_customer_limit: int | None = None,
    invited_vendor_ids: list[int] | None = None,
    now: datetime | None = None,
) -> Campaign:
    require_staff(actor, STAFF_PERMISSION)
    now = now or timezone.now()
    errors = ErrorCollector()
    title = clean_name(name, errors)
    if starts_at is None:
        errors.add("startsAt", "REQUIRED", "Waktu mulai wajib diisi.")
    start, end = clean_window(starts_at, ends_at, errors, now=now)
    if join_deadline is not None and start is not None and join_deadline > start:
        errors.add("joinDeadline", "INVALID", "Batas pendaftaran harus sebelum kampanye dimulai.")
    min_discount = Decimal("0")
    if min_discount_percent is not None and min_discount_percent != 0:
        min_discount = (
            clean_percentage(min_discount_percent, errors, field="minDiscountPercent") or 0
        )
        if min_discount >= HUNDRED:
            errors.add("minDiscountPercent", "OUT_OF_RANGE", "Diskon minimum harus di bawah 100%.")
    limit = clean_count(per_customer_limit, errors, field="perCustomerLimit")
    vendor_ids = list(dict.fromkeys(invited_vendor_ids or []))
    vendors = list(Vendor.objects.filter(pk__in=vendor_ids, status=VendorStatus.APPROVED))
    if len(vendors) != len(vendor_ids):
        errors.add("vendorIds", "NOT_FOUND", "Penjual tidak ditemukan atau belum disetujui.")
    if len(description or "") > 5000:
        errors.add("description", "MAX_LENGTH", "Deskripsi paling panjang 5000 karakter.")
    errors.raise_if_any()
    base = slugify(title)[:120] or "kampanye"
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    campaign = Campaign.objects.create(
        name=title,
        slug=slug,
        description=description or "",
        starts_at=start,
        ends_at=end,
        join_deadline=join_deadline,
        min_discount_percent=min_discount,
        per_customer_limit=limit,
        is_invite_only=bool(vendors),
        created_by=actor,
    )
    CampaignInvitation.objects.bulk_create(
        [CampaignInvitation(campaign=campaign, vendor=v) for v in vendors]
    )
    return campaign


def campaigns_for(actor):
    """Campaigns the actor may see: staff all; vendor members open ones and their invitations."""
    qs = Campaign.objects.all()
    if is_promotions_staff(actor):
        return qs
    from django.db.models import Q

    return qs.filter(
        Q(is_invite_only=False) | Q(invitations__vendor_id__in=member_vendor_ids(actor))
    ).distinct()


@dataclass(frozen=True)
class EntryInput:
    variant_id: int
    price: Decimal
    quantity: int


@transaction.atomic
def join_campaign(
    *, actor, campaign_id: int, entries: list[EntryInput], now: datetime | None = None
) -> list[CampaignEntry]:
    now = now or timezone.now()
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or not campaigns_for(actor).filter(pk=campaign_id).exists():
        raise NotFound("Kampanye tidak ditemukan.", field="campaignId")
    if not entries:
        raise DomainError("Pilih minimal satu varian.", field="entries", code="REQUIRED")
    deadline = campaign.join_deadline or campaign.ends_at
    if now >= deadline:
        raise InvalidTransition("Pendaftaran kampanye sudah ditutup.", field="campaignId")
    variant_ids = [e.variant_id for e in entries]
    variants = {
        v.pk: v for v in ProductVariant.objects.filter(pk__in=variant_ids).select_related("vendor")
    }
    errors = ErrorCollector()
    vendor_ids = set()
    for i, entry in enumerate(entries):
        variant = variants.get(entry.variant_id)
        if variant is None:
            raise NotFound("Varian tidak ditemukan.", field=f"entries.{i}.variantId")
        # Another vendor's variant answers NOT_FOUND, like one that does not exist.
        try:
            require_vendor_access(
                actor,
                variant.vendor_id,
                field=f"entries.{i}.variantId",
                staff_permission=STAFF_PERMISSION,
            )
        except NotFound:
            raise NotFound("Varian tidak ditemukan.", field=f"entries.{i}.variantId") from None
        vendor_ids.add(variant.vendor_id)
    if len(vendor_ids) != 1:
        raise DomainError("Semua varian harus milik satu penjual.", field="entries", code="INVALID")
    vendor_id = vendor_ids.pop()
    if campaign.is_invite_only and not campaign.invitations.filter(vendor_id=vendor_id).exists():
        raise NotFound("Kampanye tidak ditemukan.", field="campaignId")
    if len(set(variant_ids)) != len(variant_ids):
        errors.add("entries", "INVALID", "Satu varian hanya boleh didaftarkan sekali.")
    available = get_available_quantities(variant_ids)
    taken = set(
        CampaignEntry.objects.filter(campaign=campaign, variant_id__in=variant_ids)
        .exclude(status=CampaignEntryStatus.REJECTED)
        .values_list("variant_id", flat=True)
    )
    for i, entry in enumerate(entries):
        variant = variants[entry.variant_id]
        price = clean_amount(entry.price, errors, field=f"entries.{i}.price")
        if price is not None:
            ceiling = variant.price * (HUNDRED - campaign.min_discount_percent) / HUNDRED
            if price >= variant.price:
                errors.add(
                    f"entries.{i}.price", "INVALID", "Harga kampanye harus di bawah harga normal."
                )
            elif price > ceiling:
                errors.add(
                    f"entries.{i}.price",
                    "INVALID",
                    f"Kampanye ini meminta diskon minimal {campaign.min_discount_percent.normalize()}%.",
                )
        qty = clean_count(entry.quantity, errors, field=f"entries.{i}.quantity", required=True)
        if qty is not None and qty > available.get(variant.pk, 0):
            errors.add(
                f"entries.{i}.quantity",
                "INSUFFICIENT_STOCK",
                f"Stok tersedia hanya {available.get(variant.pk, 0)}.",
            )
        if variant.pk in taken:
            errors.add(f"entries.{i}.variantId", "ALREADY_EXISTS", "Varian ini sudah terdaftar.")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return [
                CampaignEntry.objects.create(
                    campaign=campaign,
                    vendor_id=vendor_id,
                    variant_id=entry.variant_id,
                    price=Decimal(entry.price),
                    quantity=entry.quantity,
                )
                for entry in entries
            ]
    except IntegrityError:
        raise DomainError(
            "Varian ini sudah terdaftar.", field="entries", code="ALREADY_EXISTS"
        ) from None


@transaction.atomic
def review_campaign_entry(
    *, actor, entry_id: int, decision: str, reason: str = "", now: datetime | None = None
) -> CampaignEntry:
    require_staff(actor, STAFF_PERMISSION)
    now = now or timezone.now()
    entry = (
        CampaignEntry.objects.select_for_update()
        .select_related("campaign", "variant")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise not_found()
    if decision not in ("APPROVE", "REJECT"):
        raise DomainError("Keputusan tidak dikenal.", field="decision", code="INVALID")
    if entry.status != CampaignEntryStatus.PENDING:
        raise InvalidTransition("Entri ini sudah ditinjau.", field="id")
    campaign = entry.campaign
    if decision == "REJECT":
        if not (reason or "").strip():
            raise DomainError("Alasan penolakan wajib diisi.", field="reason", code="REQUIRED")
        entry.status = CampaignEntryStatus.REJECTED
    else:
        if now >= campaign.ends_at:
            raise InvalidTransition("Kampanye sudah berakhir.", field="id")
        if entry.price >= entry.variant.price:
            raise DomainError(
                "Harga kampanye tidak lagi di bawah harga normal.", field="id", code="INVALID"
            )
        entry.status = CampaignEntryStatus.APPROVED
        FlashSale.objects.create(
            variant=entry.variant,
            vendor_id=entry.vendor_id,
            name=campaign.name,
            price=entry.price,
            quantity=entry.quantity,
            per_customer_limit=campaign.per_customer_limit,
            starts_at=campaign.starts_at,
            ends_at=campaign.ends_at,
            funded_by=FundedBy.VENDOR,
            campaign_entry=entry,
            created_by=actor,
        )
        bump_catalog_version()
    entry.reason = (reason or "").strip()
    entry.reviewed_by = actor
    entry.reviewed_at = now
    entry.save()
    return entry
