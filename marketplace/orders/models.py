"""Orders: one `Order` per completed checkout (the shopper's view, one payment) and one
`VendorOrder` per vendor in it (what each seller fulfils and earns from).

The order's status is derived from its vendor orders and its payment (`services.status`), never
set by hand; every change of either is written to `OrderEvent` with who and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    UNPAID = "UNPAID", _("Belum dibayar")
    PAID = "PAID", _("Sudah dibayar")
    PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED", _("Sebagian dikirim")
    FULFILLED = "FULFILLED", _("Dikirim")
    COMPLETED = "COMPLETED", _("Selesai")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    REFUNDED = "REFUNDED", _("Dana dikembalikan")


class VendorOrderStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu konfirmasi penjual")
    ACCEPTED = "ACCEPTED", _("Diterima penjual")
    PACKED = "PACKED", _("Dikemas")
    SHIPPED = "SHIPPED", _("Dikirim")
    DELIVERED = "DELIVERED", _("Sampai tujuan")
    COMPLETED = "COMPLETED", _("Selesai")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    RETURNED = "RETURNED", _("Dikembalikan")


class Order(models.Model):
    number = models.CharField(max_length=32, unique=True)
    # UNIQUE, not just a lock: a checkout can never become two orders (DESIGN.md).
    checkout_token = models.UUIDField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField()
    status = models.CharField(
        max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNPAID
    )
    shipping_address = models.ForeignKey(
        "accounts.Address", on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(max_length=3, default="IDR")
    subtotal = models.DecimalField(max_digits=12, decimal_places=0)
    shipping_total = models.DecimalField(max_digits=12, decimal_places=0)
    discount_total = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    tax_total = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    total = models.DecimalField(max_digits=12, decimal_places=0)
    payment_gateway = models.CharField(max_length=32)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_non_negative"),
        ]

    def __str__(self) -> str:
        return self.number


class VendorOrder(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="vendor_orders")
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="vendor_orders"
    )
    number = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        max_length=16,
        choices=VendorOrderStatus.choices,
        default=VendorOrderStatus.PENDING,
        db_index=True,
    )
    shipping_option_id = models.CharField(max_length=128)
    shipping_method_name = models.CharField(max_length=200)
    shipping_carrier = models.CharField(max_length=64)
    shipping_price = models.DecimalField(max_digits=12, decimal_places=0)
    promised_delivery_date = models.DateField(null=True, blank=True)
    subtotal = models.DecimalField(
        max_digits=12, decimal_places=0, help_text="Goods, PPN included."
    )
    discount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    tax = models.DecimalField(
        max_digits=12, decimal_places=0, default=0, help_text="PPN part (PKP)."
    )
    total = models.DecimalField(
        max_digits=12, decimal_places=0, help_text="Goods + shipping − discount."
    )
    commission = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    # Promotions (marketplace.promotions): the shipping discounts of this vendor's group as
    # [{"name", "amount", "source", "funded_by"}] (line discounts live on the lines), and how much
    # of `discount` the platform funds; the ledger pays the vendor that part out of commission.
    shipping_discounts = models.JSONField(default=list, blank=True)
    platform_funded_discount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    cancel_reason = models.CharField(max_length=255, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    packed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["vendor", "status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["order", "vendor"], name="one_vendor_order_per_vendor"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("total")),
                name="vendor_order_refund_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def shipping_address(self):
        """The order's address: every parcel of one order goes to the same place."""
        return self.order.shipping_address


class VendorOrderLine(models.Model):
    vendor_order = models.ForeignKey(VendorOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=200, blank=True)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=0)
    total = models.DecimalField(max_digits=12, decimal_places=0)
    weight = models.PositiveIntegerField(help_text="Grams per unit.")
    tax_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    commission_rate = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    commission_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    # The line's discount breakdown as priced at checkout (sale, flash sale, voucher share):
    # [{"name", "amount", "source", "funded_by", "quantity"}]; `total` is after them.
    discounts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.sku} × {self.quantity}"


class OrderEvent(models.Model):
    """Every change of an order, a vendor order or its payment: what, who, when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    vendor_order = models.ForeignKey(
        VendorOrder, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(
        max_length=64, blank=True, help_text="'system', a task, a gateway."
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.from_status}→{self.to_status}"


class IdempotencyKey(models.Model):
    """A key a client sent with a money-moving mutation, and what it produced.

    (operation, key) is UNIQUE: concurrent requests with one key serialise on the insert and the
    losers read the winner's result. `fingerprint` is a SHA-256 of the normalised request, so a
    key reused for a different request is refused (IDEMPOTENCY_KEY_REUSED).
    """

    operation = models.CharField(max_length=64)
    key = models.CharField(max_length=128)
    fingerprint = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.operation}:{self.key}"
