"""Template helpers shared by the storefront, the seller dashboard and the admin pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from marketplace.core.money import format_money

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """`Rp 125.000` in Indonesian, `IDR 125,000` in English; empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    amount = getattr(amount, "amount", amount)
    try:
        return format_money(Decimal(amount))
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)


@register.filter
def percent_off(original, current) -> int:
    """Whole-percent discount from `original` to `current` (0 when there is none)."""
    try:
        original, current = Decimal(original), Decimal(current)
    except (InvalidOperation, TypeError, ValueError):
        return 0
    if original <= 0 or current >= original:
        return 0
    return int(((original - current) * 100 / original).to_integral_value())


@register.filter
def wib(value):
    """A timezone-aware datetime shown in Asia/Jakarta."""
    if value is None:
        return ""
    return timezone.localtime(value)


@register.simple_tag(takes_context=True)
def cart_quantity(context) -> int:
    from marketplace.storefront.cart import cart_quantity_for_request

    request = context.get("request")
    if request is None:
        return 0
    return cart_quantity_for_request(request)


@register.filter
def field_invalid(field) -> str:
    return "true" if getattr(field, "errors", None) else "false"
