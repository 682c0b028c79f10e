"""Tracking without an account: the order number and the shopper's email, both required.

A wrong pair answers exactly like an unknown number (None), so the endpoint reveals nothing.
"""

from __future__ import annotations

from marketplace.orders.models import Order


def find_order_for_tracking(*, number: str, email: str) -> Order | None:
    number = (number or "").strip()
    email = (email or "").strip()
    if not number or not email or len(number) > 32 or len(email) > 254:
        return None
    return Order.objects.filter(number=number, email__iexact=email).first()
