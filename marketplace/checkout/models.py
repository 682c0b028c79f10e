"""The cart: lines from many vendors, one shipping address, one delivery choice per vendor.

The primary key is a random UUID (the "token"): a guest's checkout is reachable only by whoever
holds it. Prices are never stored here; `pricing.price_checkout` computes them every time.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Checkout(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checkouts",
    )
    email = models.EmailField(blank=True)
    # Validated AddressInput data (snake_case keys, phone in E.164); copied to an Address on order.
    shipping_address = models.JSONField(null=True, blank=True)
    voucher_code = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3, default="IDR")
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "completed_at", "-updated_at"])]

    def __str__(self) -> str:
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="unique_checkout_variant"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="checkout_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} × {self.quantity}"


class CheckoutDelivery(models.Model):
    """The shipping option the shopper picked for one vendor's part of the checkout."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    shipping_option_id = models.CharField(max_length=128)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkout", "vendor"], name="unique_checkout_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.vendor_id}: {self.shipping_option_id}"
