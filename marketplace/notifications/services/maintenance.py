"""Operations: the backlog at a glance, and the retention of old outbox rows and deliveries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from ..models import TERMINAL_STATUSES, Delivery, OutboxEvent


def backlog(*, now: datetime | None = None) -> dict:
    """What is waiting: unpublished/undispatched events, deliveries by status, the oldest age."""
    now = now or timezone.now()
    unpublished = OutboxEvent.objects.filter(published_at__isnull=True)
    oldest = unpublished.aggregate(oldest=Min("created_at"))["oldest"]
    by_status = dict(
        Delivery.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "unpublished_events": unpublished.count(),
        "undispatched_events": OutboxEvent.objects.filter(
            published_at__isnull=False, dispatched_at__isnull=True
        ).count(),
        "oldest_unpublished_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "deliveries": by_status,
    }


def purge_old(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete dispatched events older than the retention whose deliveries all finished."""
    now = now or timezone.now()
    days = settings.NOTIFICATION_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    old = OutboxEvent.objects.filter(created_at__lt=cutoff, dispatched_at__isnull=False)
    unfinished = (
        Delivery.objects.filter(event__in=old)
        .exclude(status__in=TERMINAL_STATUSES)
        .values("event_id")
    )
    ids = list(old.exclude(pk__in=unfinished).values_list("pk", flat=True)[:10_000])
    OutboxEvent.objects.filter(pk__in=ids).delete()
    return len(ids)
