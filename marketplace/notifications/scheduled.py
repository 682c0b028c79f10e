"""Beat jobs of the notifications app (queue `scheduled`; settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from config.celery import TRANSIENT_RETRY

from . import relay
from .services import delivery, maintenance


@shared_task(name="marketplace.notifications.scheduled.sweep_outbox", **TRANSIENT_RETRY)
def sweep_outbox() -> int:
    """Publish outbox events whose publish failed or whose dispatch message was lost."""
    return relay.sweep_outbox()


@shared_task(name="marketplace.notifications.scheduled.retry_due_deliveries", **TRANSIENT_RETRY)
def retry_due_deliveries(now: str | None = None) -> int:
    """Queue deliveries due for a retry, lost in the broker, or interrupted by a dead worker.

    `now` (ISO-8601) runs the sweep as of another time: catching up after downtime, and tests.
    """
    return delivery.retry_due_deliveries(now=parse_datetime(now) if now else None)


@shared_task(name="marketplace.notifications.scheduled.purge_old_notifications", **TRANSIENT_RETRY)
def purge_old_notifications() -> int:
    """Retention: drop finished events (and their deliveries) older than NOTIFICATION_RETENTION_DAYS."""
    return maintenance.purge_old()
