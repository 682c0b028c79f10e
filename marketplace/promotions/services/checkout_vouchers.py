"""`checkoutVoucherApply` / `checkoutVoucherRemove`: the checkout keeps the code, the pricing
engine decides what it is worth every time the checkout is priced.

The code is validated against the checkout's lines when applied (a coded VOUCHER_INVALID with
the reason otherwise, and nothing is saved). It is validated again at every `price_cart` and at
redemption: a voucher that expires or runs out later simply stops applying, and the priced cart
says why (`voucher_rejection`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError

from ..engine import Customer, PricedCart
from ..selectors import collect_promotions, price_cart
from .redemption import validate_voucher_for_checkout


def checkout_customer(checkout, user=None) -> Customer:
    email = checkout.email or (user.email if user is not None and user.is_authenticated else "")
    return Customer(email=email, user_id=checkout.user_id)


def checkout_pricing_lines(checkout, *, now: datetime, lines=None):
    lines = list(lines if lines is not None else checkout.lines.all().order_by("pk"))
    context = collect_promotions(variant_ids=[line.variant_id for line in lines], now=now)
    return [
        context.line(line.variant_id, line.quantity, line_id=line.pk)
        for line in lines
        if line.variant_id in context.variants
    ], context


def price_checkout_promotions(
    checkout,
    *,
    lines=None,
    user=None,
    shipping_by_group: Mapping[Hashable, Decimal] | None = None,
    now: datetime | None = None,
) -> PricedCart:
    """The checkout's promotions in one call, for `checkout.pricing.price_checkout`.

    `lines` are the checkout's CheckoutLine rows (as price_checkout already loads them);
    `shipping_by_group` maps vendor id (or "hub") → the selected option's price. The result's
    `lines[i]` is the priced line of `lines[i]` (line_id = CheckoutLine pk) with its discount
    breakdown; `shipping_groups` carry the free-shipping discounts; an unusable voucher code does
    not fail pricing (`voucher_rejection` / `voucher_rejection_message` say why).
    """
    now = now or timezone.now()
    pricing_lines, context = checkout_pricing_lines(checkout, now=now, lines=lines)
    return price_cart(
        lines=pricing_lines,
        voucher_code=checkout.voucher_code or None,
        customer=checkout_customer(checkout, user),
        shipping_by_group=shipping_by_group,
        context=context,
        now=now,
    )


@transaction.atomic
def apply_voucher_to_checkout(*, token, user, code: str, now: datetime | None = None):
    from marketplace.checkout.services.cart import get_checkout

    now = now or timezone.now()
    checkout = get_checkout(token=token, user=user, for_update=True)
    if not (code or "").strip():
        raise DomainError("Kode voucher wajib diisi.", code="REQUIRED", field="code")
    lines, _context = checkout_pricing_lines(checkout, now=now)
    if not lines:
        raise DomainError("Keranjang masih kosong.", code="CHECKOUT_EMPTY", field="id")
    voucher = validate_voucher_for_checkout(
        code, lines=lines, customer=checkout_customer(checkout, user), now=now
    )
    checkout.voucher_code = voucher.code
    checkout.save(update_fields=["voucher_code", "updated_at"])
    return checkout


@transaction.atomic
def remove_voucher_from_checkout(*, token, user):
    from marketplace.checkout.services.cart import get_checkout

    checkout = get_checkout(token=token, user=user, for_update=True)
    checkout.voucher_code = ""
    checkout.save(update_fields=["voucher_code", "updated_at"])
    return checkout
