"""Publishes committed outbox events to Celery.

`schedule_publish` runs after the business transaction commits (a rolled-back transaction never
publishes); a publish that fails (broker down, process crash after commit) leaves the row
unpublished and `sweep_outbox` (beat) publishes it later. An event published but never dispatched
(a message lost with a dead worker past the broker's redelivery) is published again after
OUTBOX_REDISPATCH_AFTER_SECONDS; dispatch is idempotent, so that never duplicates a delivery.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxEvent

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# After a failed publish, stop trying for a few seconds: a request that emitted ten events must not
# wait for ten broker timeouts. Skipped events stay in the outbox for the sweep.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def schedule_publish(event_id) -> None:
    """Publish the event once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: publish_events([event_id]))


def publish_events(event_ids: Iterable) -> int:
    """Hand events to the `dispatch_event` task; returns how many were published."""
    global _broker_down_until
    from .tasks import dispatch_event

    published = 0
    for event_id in event_ids:
        if time.monotonic() < _broker_down_until:
            logger.info("broker marked down; outbox event %s left for the sweep", event_id)
            continue
        try:
            dispatch_event.apply_async(
                args=[str(event_id)],
                queue=settings.CELERY_QUEUE_NOTIFICATIONS,
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception as exc:
            logger.warning(
                "outbox event %s not published (%s); the sweep will retry", event_id, exc
            )
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            OutboxEvent.objects.filter(pk=event_id).update(
                publish_attempts=F("publish_attempts") + 1,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            continue
        OutboxEvent.objects.filter(pk=event_id).update(
            published_at=timezone.now(), publish_attempts=F("publish_attempts") + 1
        )
        published += 1
    return published


def sweep_outbox(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Publish events left behind: never published, or published but never dispatched."""
    now = now or timezone.now()
    reset_broker_backoff()  # the sweep runs on a schedule: it may always try
    grace = now - timedelta(seconds=settings.OUTBOX_PUBLISH_GRACE_SECONDS)
    redispatch = now - timedelta(seconds=settings.OUTBOX_REDISPATCH_AFTER_SECONDS)
    ids = list(
        OutboxEvent.objects.filter(
            Q(published_at__isnull=True, created_at__lte=grace)
            | Q(published_at__lte=redispatch, dispatched_at__isnull=True)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return publish_events(ids)


def reset_broker_backoff() -> None:
    """Forget a recorded broker failure."""
    global _broker_down_until
    _broker_down_until = 0.0
