"""The outbox: business changes that someone must hear about, written in the same transaction.

A relay publishes committed rows to Celery (after commit, and swept by beat), so a rolled-back
transaction publishes nothing and a crash between commit and publish loses nothing.
"""

from __future__ import annotations

import uuid

from django.db import models


class OutboxEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64, db_index=True, help_text="e.g. order.placed")
    payload = models.JSONField(default=dict)
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The vendor this event concerns; vendor webhooks only ever see their own.",
    )
    aggregate_type = models.CharField(max_length=40, blank=True)
    aggregate_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    publish_attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["published_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.aggregate_type}:{self.aggregate_id}"
