"""Stock channels: where stock changes outside the online shop (the Galeri's POS, other shops,
CSV stocktakes) and where our stock levels are pushed to.

Every inbound change is an `InboundStockEvent`, unique per (channel, the channel's event id), and
becomes a `StockMovement` through `change_stock` (replay-safe by external id): an event replayed
any number of times changes stock once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    POS = "POS", _("Kasir Galeri (POS)")
    WEBHOOK = "WEBHOOK", _("Webhook umum")
    CSV = "CSV", _("Stock opname CSV")


class StockChannel(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=ChannelKind.choices)
    warehouse = models.ForeignKey(
        "vendors.Warehouse", on_delete=models.CASCADE, related_name="stock_channels"
    )
    secret = models.CharField(
        max_length=128, help_text="HMAC key of X-Galeri-Signature, both ways."
    )
    push_url = models.URLField(
        max_length=500, blank=True, help_text="Where our stock levels are pushed; empty = no push."
    )
    is_active = models.BooleanField(default=True)
    push_watermark = models.DateTimeField(
        null=True, blank=True, help_text="Stock changed after this instant is not pushed yet."
    )
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_kind_display()})"


class InboundStatus(models.TextChoices):
    APPLIED = "APPLIED", _("Diterapkan")
    CONFLICT = "CONFLICT", _("Konflik (diterapkan sebagian)")
    REJECTED = "REJECTED", _("Ditolak")


class InboundStockEvent(models.Model):
    channel = models.ForeignKey(StockChannel, on_delete=models.CASCADE, related_name="events")
    external_id = models.CharField(max_length=128)
    type = models.CharField(max_length=16)
    sku = models.CharField(max_length=64)
    quantity = models.IntegerField()
    occurred_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=InboundStatus.choices)
    error_code = models.CharField(max_length=32, blank=True)
    message = models.CharField(max_length=255, blank=True)
    quantity_before = models.IntegerField(null=True, blank=True)
    quantity_after = models.IntegerField(null=True, blank=True)
    shortfall = models.PositiveIntegerField(default=0)
    movement = models.ForeignKey(
        "inventory.StockMovement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raw = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="unique_channel_event_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.external_id} {self.type} {self.sku} {self.quantity}"


class StockCountStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu")
    RUNNING = "RUNNING", _("Diproses")
    APPLIED = "APPLIED", _("Diterapkan")
    PARTIAL = "PARTIAL", _("Diterapkan sebagian")
    REJECTED = "REJECTED", _("Ditolak seluruhnya")


class StockCount(models.Model):
    """A CSV stocktake (stock opname): counted quantities per SKU for one warehouse."""

    warehouse = models.ForeignKey(
        "vendors.Warehouse", on_delete=models.CASCADE, related_name="stock_counts"
    )
    channel = models.ForeignKey(
        StockChannel, null=True, blank=True, on_delete=models.SET_NULL, related_name="counts"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200, blank=True)
    csv_text = models.TextField()
    atomic = models.BooleanField(default=False, help_text="All rows or nothing.")
    status = models.CharField(
        max_length=10, choices=StockCountStatus.choices, default=StockCountStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    applied_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    refused_rows = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, help_text="[{line, sku, before, after, delta}]")
    refusals = models.JSONField(default=list, help_text="[{line, sku, code, message}]")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"stock count #{self.pk} ({self.status})"


class StockPush(models.Model):
    """One outbound push of stock levels to a channel (a burst of changes becomes one push)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", "Pending"
        SENT = "SENT", "Sent"
        FAILED = "FAILED", "Failed"

    channel = models.ForeignKey(StockChannel, on_delete=models.CASCADE, related_name="pushes")
    push_id = models.CharField(max_length=64, unique=True)
    levels = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"push {self.push_id} ({self.status})"
