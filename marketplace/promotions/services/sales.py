"""Sales: automatic reductions on products, categories or a vendor's range in a window.

Every change bumps the catalogue version after commit, so cached prices never show a sale that
was edited or removed; the scheduler (tasks.py) does the same when a window opens or closes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from marketplace.catalog.models import ProductVariant
from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import ErrorCollector

from ..models import Sale, SaleType
from .common import (
    Scope,
    clean_amount,
    clean_name,
    clean_percentage,
    clean_window,
    ensure_visible,
    invalid,
    not_found,
    resolve_funding,
    resolve_scope,
)


def _lowest_price_in_scope(scope: Scope) -> Decimal | None:
    variants = ProductVariant.objects.filter(is_active=True)
    if scope.vendor is not None:
        variants = variants.filter(vendor_id=scope.vendor.pk)
    if scope.products:
        variants = variants.filter(product_id__in=[p.pk for p in scope.products])
    if scope.categories:
        ids = [c.pk for c in scope.categories]
        variants = variants.filter(
            Q(product__category_id__in=ids)
            | Q(product__category__parent_id__in=ids)
            | Q(product__category__parent__parent_id__in=ids)
        )
    return variants.aggregate(low=Min("price"))["low"]


def _clean_value(type_: str, value, scope: Scope, errors: ErrorCollector) -> Decimal | None:
    if type_ not in SaleType.values:
        errors.add("type", "INVALID", "Jenis diskon tidak dikenal.")
        return None
    if value is None:
        errors.add("value", "REQUIRED", "Nilai diskon wajib diisi.")
        return None
    if type_ == SaleType.PERCENTAGE:
        return clean_percentage(value, errors)
    amount = clean_amount(value, errors, field="value")
    if amount is not None:
        lowest = _lowest_price_in_scope(scope)
        if lowest is not None and amount >= lowest:
            errors.add(
                "value",
                "INVALID",
                f"Potongan tetap harus di bawah harga produk termurah dalam cakupan (Rp {lowest:,.0f}).".replace(
                    ",", "."
                ),
            )
    return amount


@transaction.atomic
def create_sale(
    *,
    actor,
    name: str,
    type: str,
    value: Decimal | None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    vendor_id: int | None = None,
    category_ids: list[int] | None = None,
    product_ids: list[int] | None = None,
    funded_by: str | None = None,
    now: datetime | None = None,
) -> Sale:
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
    clean_name_ = clean_name(name, errors)
    amount = _clean_value(type, value, scope, errors)
    start, end = clean_window(starts_at, ends_at, errors, now=now)
    errors.raise_if_any()
    sale = Sale.objects.create(
        name=clean_name_,
        type=type,
        value=amount,
        starts_at=start,
        ends_at=end,
        vendor=scope.vendor,
        funded_by=funding,
        created_by=actor,
    )
    sale.categories.set(scope.categories)
    sale.products.set(scope.products)
    bump_catalog_version()
    return sale


def _get_sale(actor, sale_id: int) -> Sale:
    sale = Sale.objects.select_for_update().filter(pk=sale_id, is_active=True).first()
    if sale is None:
        raise not_found()
    ensure_visible(actor, sale.vendor_id)
    return sale


@transaction.atomic
def update_sale(*, actor, sale_id: int, now: datetime | None = None, **changes) -> Sale:
    now = now or timezone.now()
    sale = _get_sale(actor, sale_id)
    if changes.get("vendor_id") is not None and changes["vendor_id"] != sale.vendor_id:
        raise invalid("Penjual sebuah diskon tidak dapat diganti.", field="vendorId")
    errors = ErrorCollector()
    category_ids, product_ids = changes.get("category_ids"), changes.get("product_ids")
    scope = resolve_scope(
        actor,
        vendor_id=sale.vendor_id,
        category_ids=category_ids
        if category_ids is not None
        else list(sale.categories.values_list("pk", flat=True)),
        product_ids=product_ids
        if product_ids is not None
        else list(sale.products.values_list("pk", flat=True)),
        errors=errors,
    )
    funding = sale.funded_by
    if changes.get("funded_by") is not None:
        funding = resolve_funding(
            actor, funded_by=changes["funded_by"], vendor_id=sale.vendor_id, errors=errors
        )

    def pick(key, current):
        return current if changes.get(key) is None else changes[key]

    name = clean_name(pick("name", sale.name), errors)
    type_ = pick("type", sale.type)
    amount = _clean_value(type_, pick("value", sale.value), scope, errors)
    start, end = clean_window(
        pick("starts_at", sale.starts_at),
        pick("ends_at", sale.ends_at),
        errors,
        now=now,
        check_past=changes.get("ends_at") is not None,
    )
    errors.raise_if_any()
    sale.name, sale.type, sale.value, sale.starts_at, sale.ends_at = name, type_, amount, start, end
    sale.funded_by = funding
    sale.save()
    sale.categories.set(scope.categories)
    sale.products.set(scope.products)
    bump_catalog_version()
    return sale


@transaction.atomic
def delete_sale(*, actor, sale_id: int) -> Sale:
    sale = _get_sale(actor, sale_id)
    sale.is_active = False
    sale.save(update_fields=["is_active", "updated_at"])
    bump_catalog_version()
    return sale
