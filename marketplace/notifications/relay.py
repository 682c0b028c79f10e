"""Publishes committed outbox events to Celery. Filled in by the workers issue; until then events
stay in the outbox (nothing is lost) and `schedule_publish` only records the intent."""

from __future__ import annotations

from django.db import transaction


def schedule_publish(event_id) -> None:
    transaction.on_commit(lambda: None)
