"""Celery tasks of the notifications app: thin wrappers around services (queue `notifications`)."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from config.celery import TRANSIENT_RETRY

from .services import delivery as delivery_service
from .services import dispatch as dispatch_service


@shared_task(name="marketplace.notifications.dispatch_event", **TRANSIENT_RETRY)
def dispatch_event(event_id: str) -> int:
    return len(dispatch_service.dispatch_event(event_id=event_id))


@shared_task(name="marketplace.notifications.deliver", **TRANSIENT_RETRY)
def deliver_notification(delivery_id: int, now: str | None = None) -> str:
    return delivery_service.deliver(
        delivery_pk=delivery_id, now=parse_datetime(now) if now else None
    )
