"""Which checkout is the browser's cart.

As on Tokopedia and Shopee, a shopper signs in before putting things in the cart; the cart is then
the account's open `checkout.Checkout` (`get_open_checkout_for_user`), so it follows the shopper
from phone to laptop. Pages never write checkout rows themselves: every change goes through
`marketplace.checkout.services` (the same functions as the GraphQL mutations).
"""

from __future__ import annotations

from django.db.models import Sum

from marketplace.checkout.services.cart import get_open_checkout_for_user


def get_cart(request):
    """The signed-in shopper's open checkout, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(request, "_storefront_cart", False)
    if cached is False:
        cached = get_open_checkout_for_user(user)
        request._storefront_cart = cached
    return cached


def cart_quantity_for_request(request) -> int:
    checkout = get_cart(request)
    if checkout is None:
        return 0
    return checkout.lines.aggregate(total=Sum("quantity"))["total"] or 0
