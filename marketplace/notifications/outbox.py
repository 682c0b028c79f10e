"""`emit_event`: the one way a service says "someone must hear about this"."""

from __future__ import annotations

from typing import Any

from .models import OutboxEvent


def emit_event(
    kind: str,
    payload: dict[str, Any],
    *,
    vendor_id: int | None = None,
    aggregate_type: str = "",
    aggregate_id: str | int = "",
) -> OutboxEvent:
    """Write an outbox row inside the caller's transaction; it is published only after commit."""
    event = OutboxEvent.objects.create(
        kind=kind,
        payload=payload,
        vendor_id=vendor_id,
        aggregate_type=aggregate_type,
        aggregate_id=str(aggregate_id),
    )
    from . import relay

    relay.schedule_publish(event.pk)
    return event
