"""Every row lock of the promotions app, always taken in primary-key order (no deadlocks).

Order across apps, for the checkout: stock rows first (inventory.lock_objects), then vouchers,
then flash sales (their quota is taken by a conditional UPDATE, which locks the row too).
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import FlashSaleRedemption, Voucher, VoucherRedemption


def lock_vouchers(voucher_ids: Iterable[int]) -> dict[int, Voucher]:
    ids = sorted(set(voucher_ids))
    return {v.pk: v for v in Voucher.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def lock_redemptions_of_order(order_ref: str):
    """The live redemptions of one order, locked (vouchers' first, then flash sales')."""
    vouchers = list(
        VoucherRedemption.objects.select_for_update()
        .filter(order_ref=order_ref, released_at__isnull=True)
        .order_by("voucher_id", "pk")
    )
    flash = list(
        FlashSaleRedemption.objects.select_for_update()
        .filter(order_ref=order_ref, released_at__isnull=True)
        .order_by("flash_sale_id", "pk")
    )
    return vouchers, flash
