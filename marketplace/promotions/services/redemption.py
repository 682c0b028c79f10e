"""What the checkout calls inside its own transaction: validate a voucher, redeem the promotions a
priced cart uses, release them when the order is cancelled or expires.

Quotas hold under any concurrency because the database decides, not a read-then-write:
- a voucher row is locked (`SELECT … FOR UPDATE`, pk order) before its `used_count` is checked and
  raised; `CHECK used_count <= usage_limit` backs it up. 50 shoppers racing for the last use:
  one wins, 49 get VOUCHER_INVALID ("Kuota voucher sudah habis.");
- a flash sale's units are taken by one conditional statement,
  `UPDATE … SET sold_count = sold_count + n WHERE id = … AND sold_count + n <= quantity AND <running>`,
  and the per-customer limit by an atomic upsert on (flash sale, customer email). `CHECK sold_count
  <= quantity` backs it up.

When a flash sale's quota is gone by the time the shopper completes, redemption raises
QUOTA_EXCEEDED (field "lines") and the checkout's transaction rolls back: the shopper is never
charged a price other than the one shown. The next `price_cart` prices those units at the sale or
list price and the shopper confirms again. Redemption is idempotent per `order_ref`: a retried
checkout (same order reference) does not use a voucher or flash quota twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError

from .. import engine
from ..lock_objects import lock_redemptions_of_order, lock_vouchers
from ..models import (
    FlashSale,
    FlashSaleCustomerUsage,
    FlashSaleRedemption,
    Voucher,
    VoucherRedemption,
)
from ..selectors import collect_promotions, customer_usage, find_voucher, voucher_rule


class VoucherInvalid(DomainError):
    """VOUCHER_INVALID with a machine-readable `reason` (a key of engine.VOUCHER_REJECTIONS)."""

    default_code = "VOUCHER_INVALID"

    def __init__(self, reason: str, *, field: str = "code") -> None:
        self.reason = reason
        super().__init__(engine.VOUCHER_REJECTIONS[reason], field=field)


class QuotaExceeded(DomainError):
    default_code = "QUOTA_EXCEEDED"


def validate_voucher_for_checkout(
    code: str,
    *,
    lines: list[engine.PricingLine],
    customer: engine.Customer | None,
    now: datetime | None = None,
    shipping_by_group=None,
) -> Voucher:
    """The voucher if it applies to these lines now, else VoucherInvalid with the reason
    (unknown, not started, expired, used up, customer limit, not applicable, minimum not met)."""
    now = now or timezone.now()
    voucher = find_voucher(code)
    if voucher is None:
        raise VoucherInvalid("UNKNOWN")
    context = collect_promotions(variant_ids=[line.variant_id for line in lines], now=now)
    usage = customer_usage(
        customer=customer, voucher_id=voucher.pk, flash_sale_ids=[f.id for f in context.flash_sales]
    )
    priced = engine.price_lines(
        lines,
        sales=context.sales,
        flash_sales=context.flash_sales,
        voucher=voucher_rule(voucher),
        shipping_by_group=shipping_by_group,
        free_shipping=context.free_shipping,
        customer_usage=usage,
        now=now,
    )
    if priced.voucher_rejection:
        raise VoucherInvalid(priced.voucher_rejection)
    return voucher


@dataclass
class Redemption:
    order_ref: str
    voucher_redemption: VoucherRedemption | None = None
    flash_sale_redemptions: list[FlashSaleRedemption] = field(default_factory=list)


_TAKE_QUOTA_SQL = f"""
UPDATE {FlashSale._meta.db_table}
   SET sold_count = sold_count + %s
 WHERE id = %s AND is_active AND starts_at <= %s AND ends_at > %s
   AND sold_count + %s <= quantity
RETURNING sold_count, quantity
"""

_TAKE_CUSTOMER_ALLOWANCE_SQL = f"""
INSERT INTO {FlashSaleCustomerUsage._meta.db_table} AS u (flash_sale_id, customer_email, quantity)
VALUES (%s, %s, %s)
ON CONFLICT (flash_sale_id, customer_email) DO UPDATE
   SET quantity = u.quantity + EXCLUDED.quantity
 WHERE u.quantity + EXCLUDED.quantity <= %s
RETURNING quantity
"""


def _redeem_voucher(
    voucher_rule_: engine.VoucherRule, *, order_ref, priced_cart, customer, now
) -> VoucherRedemption:
    voucher = lock_vouchers([voucher_rule_.id]).get(voucher_rule_.id)
    if voucher is None or not voucher.is_active:
        raise VoucherInvalid("UNKNOWN")
    existing = VoucherRedemption.objects.filter(
        voucher=voucher, order_ref=order_ref, released_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    if now < voucher.starts_at:
        raise VoucherInvalid("NOT_STARTED")
    if voucher.ends_at is not None and now >= voucher.ends_at:
        raise VoucherInvalid("EXPIRED")
    if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
        raise VoucherInvalid("USED_UP")
    email = customer.key if customer else ""
    if voucher.usage_limit_per_customer is not None and email:
        used = VoucherRedemption.objects.filter(
            voucher=voucher, customer_email=email, released_at__isnull=True
        ).count()
        if used >= voucher.usage_limit_per_customer:
            raise VoucherInvalid("CUSTOMER_LIMIT")
    # A released redemption of the same order (cancelled, then retried) is replaced.
    VoucherRedemption.objects.filter(voucher=voucher, order_ref=order_ref).delete()
    redemption = VoucherRedemption.objects.create(
        voucher=voucher,
        order_ref=order_ref,
        customer_email=email,
        user_id=customer.user_id if customer else None,
        discount_amount=priced_cart.voucher_discount_total,
    )
    Voucher.objects.filter(pk=voucher.pk).update(used_count=F("used_count") + 1)
    return redemption


def _redeem_flash_sale(flash_id: int, units: int, unit_price, *, order_ref, customer, now):
    existing = FlashSaleRedemption.objects.filter(
        flash_sale_id=flash_id, order_ref=order_ref, released_at__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    email = customer.key if customer else ""
    limit = (
        FlashSale.objects.filter(pk=flash_id).values_list("per_customer_limit", flat=True).first()
    )
    with connection.cursor() as cursor:
        if limit is not None and email:
            if units > limit:
                raise QuotaExceeded(
                    "Melebihi batas pembelian flash sale per pembeli.", field="lines"
                )
            cursor.execute(_TAKE_CUSTOMER_ALLOWANCE_SQL, [flash_id, email, units, limit])
            if cursor.fetchone() is None:
                raise QuotaExceeded(
                    "Melebihi batas pembelian flash sale per pembeli.", field="lines"
                )
        cursor.execute(_TAKE_QUOTA_SQL, [units, flash_id, now, now, units])
        row = cursor.fetchone()
    if row is None:
        raise QuotaExceeded(
            "Kuota flash sale sudah habis; harga telah berubah, periksa kembali keranjang Anda.",
            field="lines",
        )
    sold, quantity = row
    FlashSaleRedemption.objects.filter(flash_sale_id=flash_id, order_ref=order_ref).delete()
    redemption = FlashSaleRedemption.objects.create(
        flash_sale_id=flash_id,
        order_ref=order_ref,
        customer_email=email,
        quantity=units,
        unit_price=unit_price,
    )
    return redemption, sold >= quantity


def redeem_promotions(
    *,
    order_ref: str,
    priced_cart: engine.PricedCart,
    customer: engine.Customer | None,
    now: datetime | None = None,
) -> Redemption:
    """Secure every counted promotion the priced cart uses, for the order `order_ref`.

    Call inside the checkout's transaction, after the stock rows are locked, with the cart priced
    by `selectors.price_cart` in the same transaction. Raises VoucherInvalid or QuotaExceeded;
    its own writes are undone (savepoint) when it raises.
    """
    now = now or timezone.now()
    result = Redemption(order_ref=order_ref)
    with transaction.atomic():
        if priced_cart.voucher_applied and priced_cart.voucher is not None:
            result.voucher_redemption = _redeem_voucher(
                priced_cart.voucher,
                order_ref=order_ref,
                priced_cart=priced_cart,
                customer=customer,
                now=now,
            )
        sold_out = False
        for flash_id, (units, unit_price) in sorted(priced_cart.flash_sale_claims().items()):
            redemption, now_sold_out = _redeem_flash_sale(
                flash_id, units, unit_price, order_ref=order_ref, customer=customer, now=now
            )
            result.flash_sale_redemptions.append(redemption)
            sold_out = sold_out or now_sold_out
        if sold_out:
            bump_catalog_version()  # the catalogue's flash price ends with the last unit
    return result


def release_promotions(*, order_ref: str, now: datetime | None = None) -> int:
    """Give back what an order took (voucher use, flash-sale units) when it is cancelled or
    expires unpaid. Idempotent: a second call releases nothing. Returns rows released."""
    now = now or timezone.now()
    with transaction.atomic():
        voucher_rows, flash_rows = lock_redemptions_of_order(order_ref)
        lock_vouchers([r.voucher_id for r in voucher_rows])
        for r in voucher_rows:
            Voucher.objects.filter(pk=r.voucher_id).update(used_count=F("used_count") - 1)
            r.released_at = now
            r.save(update_fields=["released_at"])
        was_sold_out = False
        for r in flash_rows:
            flash = FlashSale.objects.select_for_update().get(pk=r.flash_sale_id)
            was_sold_out = was_sold_out or flash.sold_count >= flash.quantity
            FlashSale.objects.filter(pk=flash.pk).update(sold_count=F("sold_count") - r.quantity)
            FlashSaleCustomerUsage.objects.filter(
                flash_sale_id=flash.pk, customer_email=r.customer_email, quantity__gte=r.quantity
            ).update(quantity=F("quantity") - r.quantity)
            r.released_at = now
            r.save(update_fields=["released_at"])
        if was_sold_out:
            bump_catalog_version()
    return len(voucher_rows) + len(flash_rows)
