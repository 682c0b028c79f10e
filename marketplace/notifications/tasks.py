"""Celery tasks of the notifications app: thin wrappers around services (queue `notifications`)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.dateparse import parse_datetime

from config.celery import TRANSIENT_RETRY

from .services import delivery as delivery_service
from .services import dispatch as dispatch_service

logger = logging.getLogger(__name__)


@shared_task(name="marketplace.notifications.dispatch_events", **TRANSIENT_RETRY)
def dispatch_events(event_ids: list[str]) -> int:
    """Dispatch a batch of outbox events (one message per committed batch, see relay.py).

    Each event is dispatched in its own transaction; one that fails does not hold back the rest of
    the batch. The first failure is raised at the end: a transient one retries the whole batch,
    which is safe because dispatch is idempotent (services/dispatch.py: no delivery is created
    twice, and a re-queued pending delivery is claimed under a row lock, never sent twice). An
    event left undispatched by a permanent failure is published again by the outbox sweep.
    Returns how many deliveries were queued.
    """
    queued = 0
    first_error: Exception | None = None
    for event_id in event_ids:
        try:
            queued += len(dispatch_service.dispatch_event(event_id=event_id))
        except SoftTimeLimitExceeded:
            raise  # out of time: stop; the outbox sweep re-publishes the events left undispatched
        except Exception as exc:
            logger.exception("outbox event %s not dispatched", event_id)
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return queued


@shared_task(name="marketplace.notifications.dispatch_event", **TRANSIENT_RETRY)
def dispatch_event(event_id: str) -> int:
    """One event per message: what `publish_events` sent before batching. Kept registered so
    messages already waiting in a broker queue are still dispatched."""
    return len(dispatch_service.dispatch_event(event_id=event_id))


@shared_task(name="marketplace.notifications.deliver", **TRANSIENT_RETRY)
def deliver_notification(delivery_id: int, now: str | None = None) -> str:
    return delivery_service.deliver(
        delivery_pk=delivery_id, now=parse_datetime(now) if now else None
    )
