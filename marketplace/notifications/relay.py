"""Publishes committed outbox events to Celery, in batches.

Guarantees:
- nothing is published before the business transaction commits (`schedule_publish` runs on
  commit), and a rolled-back transaction publishes nothing;
- a publish that fails (broker down, process crash after commit) leaves the rows unpublished, and
  `sweep_outbox` (beat) publishes them later;
- an event published but never dispatched (a message lost with a dead worker past the broker's
  redelivery) is published again after OUTBOX_REDISPATCH_AFTER_SECONDS.

Batching: the events one transaction emits travel in ONE `dispatch_events` message (chunks of
PUBLISH_BATCH ids) and are marked published with ONE `UPDATE ... WHERE id IN (...)`; a failed
publish records its error on the whole chunk with one UPDATE. Publishing a batch twice, or
retrying the whole batch task after one of its events failed, is safe because dispatch is
idempotent (services/dispatch.py): deliveries are unique per (event, channel, recipient) and an
event already dispatched creates none; the pending deliveries it re-queues are claimed under a row
lock by `deliver`, so a second task for a delivery finds it busy, superseded or done and never
sends it twice.
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
# Event ids per `dispatch_events` message: small enough for one task to finish well inside the
# soft time limit, large enough that a sweep of a backlog is a handful of messages.
PUBLISH_BATCH = 100
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# After a failed publish, stop trying for a few seconds: a request that emitted several batches
# must not wait for a broker timeout per batch. Skipped events stay in the outbox for the sweep.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def schedule_publish(event_ids: Iterable) -> None:
    """Publish the events once the surrounding transaction commits (at once outside one)."""
    ids = [str(event_id) for event_id in event_ids]
    if ids:
        transaction.on_commit(lambda: publish_events(ids))


def publish_events(event_ids: Iterable) -> int:
    """Hand events to the `dispatch_events` task, PUBLISH_BATCH per message.

    Returns how many events were published. Each chunk costs one broker send and one UPDATE.
    """
    global _broker_down_until
    from .tasks import dispatch_events

    ids = list(dict.fromkeys(str(event_id) for event_id in event_ids))
    published = 0
    for start in range(0, len(ids), PUBLISH_BATCH):
        chunk = ids[start : start + PUBLISH_BATCH]
        if time.monotonic() < _broker_down_until:
            logger.info(
                "broker marked down; %d outbox events left for the sweep (first %s)",
                len(chunk),
                chunk[0],
            )
            continue
        try:
            dispatch_events.apply_async(
                args=[chunk],
                queue=settings.CELERY_QUEUE_NOTIFICATIONS,
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception as exc:
            logger.warning(
                "%d outbox events not published (%s); the sweep will retry (first %s)",
                len(chunk),
                exc,
                chunk[0],
            )
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            OutboxEvent.objects.filter(pk__in=chunk).update(
                publish_attempts=F("publish_attempts") + 1,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            continue
        OutboxEvent.objects.filter(pk__in=chunk).update(
            published_at=timezone.now(), publish_attempts=F("publish_attempts") + 1
        )
        published += len(chunk)
    return published


def sweep_outbox(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Publish events left behind (never published, or never dispatched), in batches."""
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
