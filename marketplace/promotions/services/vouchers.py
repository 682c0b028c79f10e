"""Vouchers: create, update, delete (soft: history of redemptions stays), and the usage report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from marketplace.core.exceptions import ErrorCollector

from ..models import DiscountType, Voucher
from .common import (
    clean_amount,
    clean_count,
    clean_name,
    clean_percentage,
    clean_window,
    ensure_visible,
    invalid,
    not_found,
    resolve_funding,
    resolve_scope,
)

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,31}$")
_UNSET = object()


def _clean_code(code: str | None, errors: ErrorCollector, *, exclude_pk: int | None = None) -> str:
    text = (code or "").strip().upper()
    if not text:
        errors.add("code", "REQUIRED", "Kode voucher wajib diisi.")
        return text
    if not CODE_RE.match(text):
        errors.add(
            "code",
            "INVALID",
            "Kode voucher 3–32 karakter: huruf, angka, tanda hubung atau garis bawah.",
        )
        return text
    clash = Voucher.objects.filter(code__iexact=text, is_active=True)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors.add("code", "UNIQUE", "Kode voucher sudah dipakai.")
    return text


def _clean_value(type_: str, value, errors: ErrorCollector) -> Decimal:
    if type_ == DiscountType.FREE_SHIPPING:
        return Decimal("0")
    if value is None:
        errors.add("value", "REQUIRED", "Nilai diskon wajib diisi.")
        return Decimal("0")
    if type_ == DiscountType.PERCENTAGE:
        return clean_percentage(value, errors) or Decimal("0")
    return clean_amount(value, errors, field="value") or Decimal("0")


@transaction.atomic
def create_voucher(
    *,
    actor,
    code: str,
    name: str,
    type: str,
    value: Decimal | None = None,
    min_spend: Decimal | None = None,
    max_discount: Decimal | None = None,
    usage_limit: int | None = None,
    usage_limit_per_customer: int | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    vendor_id: int | None = None,
    category_ids: list[int] | None = None,
    product_ids: list[int] | None = None,
    funded_by: str | None = None,
    now: datetime | None = None,
) -> Voucher:
    now = now or timezone.now()
    errors = ErrorCollector()
    scope = resolve_scope(
        actor,
        vendor_id=vendor_id,
        category_ids=category_ids,
        product_ids=product_ids,
        errors=errors,
    )
    funding = resolve_funding(actor, funded_by=funded_by, vendor_id=vendor_id, errors=errors)
    if type not in DiscountType.values:
        errors.add("type", "INVALID", "Jenis voucher tidak dikenal.")
        errors.raise_if_any()
    fields = _clean_fields(
        errors,
        code=code,
        name=name,
        type_=type,
        value=value,
        min_spend=min_spend,
        max_discount=max_discount,
        usage_limit=usage_limit,
        usage_limit_per_customer=usage_limit_per_customer,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
    )
    errors.raise_if_any()
    voucher = Voucher.objects.create(
        **fields, vendor=scope.vendor, funded_by=funding, created_by=actor
    )
    voucher.categories.set(scope.categories)
    voucher.products.set(scope.products)
    return voucher


def _clean_fields(
    errors: ErrorCollector,
    *,
    code,
    name,
    type_,
    value,
    min_spend,
    max_discount,
    usage_limit,
    usage_limit_per_customer,
    starts_at,
    ends_at,
    now,
    exclude_pk=None,
    used_count: int = 0,
    check_past: bool = True,
) -> dict:
    clean = {
        "code": _clean_code(code, errors, exclude_pk=exclude_pk),
        "name": clean_name(name, errors),
        "type": type_,
        "value": _clean_value(type_, value, errors),
        "min_spend": clean_amount(min_spend or 0, errors, field="minSpend", allow_zero=True)
        or Decimal("0"),
        "max_discount": clean_amount(max_discount, errors, field="maxDiscount", required=False),
        "usage_limit": clean_count(usage_limit, errors, field="usageLimit"),
        "usage_limit_per_customer": clean_count(
            usage_limit_per_customer, errors, field="usageLimitPerCustomer"
        ),
    }
    start, end = clean_window(
        starts_at, ends_at, errors, require_end=False, now=now, check_past=check_past
    )
    clean["starts_at"], clean["ends_at"] = start, end
    limit, per_customer = clean["usage_limit"], clean["usage_limit_per_customer"]
    if limit is not None and per_customer is not None and per_customer > limit:
        errors.add(
            "usageLimitPerCustomer",
            "INVALID",
            "Batas per pembeli tidak boleh melebihi batas total.",
        )
    if limit is not None and limit < used_count:
        errors.add("usageLimit", "OUT_OF_RANGE", f"Voucher sudah dipakai {used_count} kali.")
    if (
        type_ == DiscountType.FIXED
        and clean["max_discount"] is not None
        and clean["max_discount"] < clean["value"]
    ):
        errors.add("maxDiscount", "INVALID", "Diskon maksimum lebih kecil dari nilai potongan.")
    return clean


def get_voucher_for_actor(actor, voucher_id: int, *, for_update: bool = False) -> Voucher:
    qs = Voucher.objects.filter(pk=voucher_id, is_active=True)
    if for_update:
        qs = qs.select_for_update()
    voucher = qs.first()
    if voucher is None:
        raise not_found()
    ensure_visible(actor, voucher.vendor_id)
    return voucher


@transaction.atomic
def update_voucher(*, actor, voucher_id: int, now: datetime | None = None, **changes) -> Voucher:
    """Partial update: keys left out (or None) keep their value. The scope's vendor cannot move."""
    now = now or timezone.now()
    voucher = get_voucher_for_actor(actor, voucher_id, for_update=True)
    errors = ErrorCollector()
    if changes.get("vendor_id") is not None and changes["vendor_id"] != voucher.vendor_id:
        raise invalid("Penjual sebuah voucher tidak dapat diganti.", field="vendorId")
    if changes.get("type") is not None and changes["type"] not in DiscountType.values:
        raise invalid("Jenis voucher tidak dikenal.", field="type")
    category_ids = changes.get("category_ids")
    product_ids = changes.get("product_ids")
    scope = resolve_scope(
        actor,
        vendor_id=voucher.vendor_id,
        category_ids=category_ids if category_ids is not None else [],
        product_ids=product_ids if product_ids is not None else [],
        errors=errors,
    )
    funding = voucher.funded_by
    if changes.get("funded_by") is not None:
        funding = resolve_funding(
            actor, funded_by=changes["funded_by"], vendor_id=voucher.vendor_id, errors=errors
        )

    def pick(key, current):
        return current if changes.get(key) is None else changes[key]

    fields = _clean_fields(
        errors,
        code=pick("code", voucher.code),
        name=pick("name", voucher.name),
        type_=pick("type", voucher.type),
        value=pick("value", voucher.value),
        min_spend=pick("min_spend", voucher.min_spend),
        max_discount=pick("max_discount", voucher.max_discount),
        usage_limit=pick("usage_limit", voucher.usage_limit),
        usage_limit_per_customer=pick("usage_limit_per_customer", voucher.usage_limit_per_customer),
        starts_at=pick("starts_at", voucher.starts_at),
        ends_at=pick("ends_at", voucher.ends_at),
        now=now,
        exclude_pk=voucher.pk,
        used_count=voucher.used_count,
        check_past=changes.get("ends_at") is not None,
    )
    errors.raise_if_any()
    for key, val in fields.items():
        setattr(voucher, key, val)
    voucher.funded_by = funding
    voucher.save()
    if category_ids is not None:
        voucher.categories.set(scope.categories)
    if product_ids is not None:
        voucher.products.set(scope.products)
    return voucher


@transaction.atomic
def delete_voucher(*, actor, voucher_id: int) -> Voucher:
    """Deactivate: redemptions keep pointing at it; its code becomes free for a new voucher."""
    voucher = get_voucher_for_actor(actor, voucher_id, for_update=True)
    voucher.is_active = False
    voucher.save(update_fields=["is_active", "updated_at"])
    return voucher


@dataclass(frozen=True)
class VoucherUsage:
    voucher: Voucher
    used_count: int
    remaining: int | None
    redemption_count: int
    released_count: int
    unique_customers: int
    discount_total: Decimal


def voucher_usage(*, actor, voucher_id: int) -> VoucherUsage:
    voucher = Voucher.objects.filter(pk=voucher_id).first()
    if voucher is None:
        raise not_found()
    ensure_visible(actor, voucher.vendor_id)
    live = voucher.redemptions.filter(released_at__isnull=True)
    totals = live.aggregate(
        n=Count("pk"),
        customers=Count("customer_email", distinct=True),
        amount=Sum("discount_amount"),
    )
    return VoucherUsage(
        voucher=voucher,
        used_count=voucher.used_count,
        remaining=None if voucher.usage_limit is None else voucher.usage_limit - voucher.used_count,
        redemption_count=totals["n"],
        released_count=voucher.redemptions.filter(released_at__isnull=False).count(),
        unique_customers=totals["customers"],
        discount_total=totals["amount"] or Decimal("0"),
    )
