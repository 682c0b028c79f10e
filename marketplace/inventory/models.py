"""Stock per (variant, warehouse), its movements, and the reservations of checkouts in payment.

Available = quantity − allocated − live reservations (of other checkouts), computed under a row
lock by `marketplace.inventory.lock_objects`; CHECK constraints back the arithmetic up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Stock(models.Model):
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="stocks"
    )
    warehouse = models.ForeignKey(
        "vendors.Warehouse", on_delete=models.CASCADE, related_name="stocks"
    )
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "warehouse"], name="unique_stock_per_warehouse"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="stock_quantity_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_allocated__gte=0), name="stock_allocated_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_allocated__lte=F("quantity")),
                name="stock_allocated_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"stock {self.variant_id}@{self.warehouse_id}: {self.quantity} ({self.quantity_allocated} allocated)"


class MovementSource(models.TextChoices):
    ONLINE_ORDER = "ONLINE_ORDER", "Online order"
    ORDER_CANCELLED = "ORDER_CANCELLED", "Order cancelled"
    ORDER_RETURNED = "ORDER_RETURNED", "Order returned"
    POS_SALE = "POS_SALE", "Gallery POS sale"
    MANUAL = "MANUAL", "Manual adjustment"
    STOCKTAKE = "STOCKTAKE", "Stocktake (CSV count)"
    CHANNEL = "CHANNEL", "Outside channel"
    DEMO = "DEMO", "Demo data"


class StockMovement(models.Model):
    """An append-only ledger of stock: one row per change, with where it came from.

    `(source, external_id, stock)` is unique when `external_id` is set, so a sync replayed twice
    changes nothing the second time.
    """

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField()
    quantity_after = models.IntegerField()
    source = models.CharField(max_length=20, choices=MovementSource.choices)
    external_id = models.CharField(max_length=128, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id", "stock"],
                condition=~Q(external_id=""),
                name="unique_stock_movement_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.delta:+d} → {self.quantity_after} ({self.external_id or '-'})"


class Reservation(models.Model):
    """Units held for a checkout while its shopper pays; released when it expires."""

    checkout_token = models.UUIDField(db_index=True)
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_token", "stock"], name="unique_reservation_per_stock"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.quantity} held for {self.checkout_token} until {self.expires_at:%Y-%m-%d %H:%M}"
        )


class Allocation(models.Model):
    """Units of one stock row promised to one order line.

    `Stock.quantity_allocated` is the sum of these per stock row, kept in step under the stock row
    lock by `marketplace.inventory.services.allocation`; the CHECK `allocated <= quantity` is the
    last line of defence against overselling.
    """

    order_line = models.ForeignKey(
        "orders.VendorOrderLine", on_delete=models.CASCADE, related_name="allocations"
    )
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="allocations")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "stock"], name="unique_allocation_per_stock"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="allocation_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stock_id} → line {self.order_line_id}: {self.quantity}"
