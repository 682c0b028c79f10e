"""The outbox, notification deliveries, vendor webhooks and per-user preferences.

The outbox: business changes that someone must hear about, written in the same transaction.
A relay publishes committed rows to Celery (after commit, and swept by beat), so a rolled-back
transaction publishes nothing and a crash between commit and publish loses nothing.

A `Delivery` is one message for one (event, channel, recipient), unique in the database: an event
dispatched twice (a redelivered task, the sweep) never creates a second delivery, and a delivery
sent twice carries the same `delivery_id` (the `X-Galeri-Delivery` header, the email Message-ID),
so a receiver can drop the copy. Every attempt is a `DeliveryAttempt` row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64, db_index=True, help_text="e.g. order.placed")
    payload = models.JSONField(default=dict)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The vendor this event concerns; vendor webhooks only ever see their own.",
    )
    aggregate_type = models.CharField(max_length=40, blank=True)
    aggregate_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    publish_attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When its deliveries were created (the dispatch task ran)."
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["published_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.aggregate_type}:{self.aggregate_id}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Webhook"
    CHAT = "chat", "Chat (WhatsApp)"


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu")
    SENDING = "SENDING", _("Sedang dikirim")
    RETRYING = "RETRYING", _("Menunggu percobaan ulang")
    SENT = "SENT", _("Terkirim")
    FAILED = "FAILED", _("Gagal")
    SKIPPED = "SKIPPED", _("Dilewati")


TERMINAL_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)


class WebhookSubscription(models.Model):
    """A vendor's HTTP endpoint for the events it chose; only its own vendor's events reach it."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="webhooks")
    target_url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text='Event kinds, e.g. ["order.placed"].')
    secret = models.CharField(max_length=128, help_text="HMAC-SHA256 key for X-Galeri-Signature.")
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.vendor_id} → {self.target_url}"


class Delivery(models.Model):
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    recipient = models.CharField(
        max_length=320, help_text="email address, phone (E.164) or webhook:<id>"
    )
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    webhook = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    audience = models.CharField(
        max_length=10,
        default="shopper",
        help_text="shopper, vendor, staff or webhook: the wording.",
    )
    language = models.CharField(max_length=8, default="id")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="unique_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.channel}:{self.recipient} {self.event.kind if self.event_id else ''}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery. `STARTED` left behind means the worker died mid-send."""

    class Outcome(models.TextChoices):
        STARTED = "STARTED", "Started (interrupted if it stays so)"
        SENT = "SENT", "Sent"
        TRANSIENT_ERROR = "TRANSIENT", "Transient error (retried)"
        PERMANENT_ERROR = "PERMANENT", "Permanent error"
        SKIPPED = "SKIPPED", "Skipped"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.STARTED)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    manual = models.BooleanField(default=False, help_text="Redelivered by hand from the admin/API.")

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="unique_attempt_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.outcome}"


class NotificationPreference(models.Model):
    """What a person wants to receive and in which language. No row = the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(default=True)
    # WhatsApp-style messages need the person's opt-in.
    chat_enabled = models.BooleanField(default=False)
    language_code = models.CharField(
        max_length=8, blank=True, help_text="Empty: the account's language."
    )
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(language_code__in=["", "id", "en"]), name="notification_language_known"
            )
        ]

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"
