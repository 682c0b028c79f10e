"""`emit_event` / `emit_events`: the one way a service says "someone must hear about this".

Rows are written in the caller's transaction and published only after it commits (see relay.py).
A service that emits several events at once (checkout: `order.placed` and one copy per vendor
order) uses `emit_events`: one INSERT, and after commit one broker message and one UPDATE for the
whole batch instead of one of each per event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .models import OutboxEvent


@dataclass(frozen=True)
class NewEvent:
    """One event for `emit_events`; the fields are `emit_event`'s arguments."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    vendor_id: int | None = None
    aggregate_type: str = ""
    aggregate_id: str | int = ""

    def to_row(self) -> OutboxEvent:
        return OutboxEvent(
            kind=self.kind,
            payload=self.payload,
            vendor_id=self.vendor_id,
            aggregate_type=self.aggregate_type,
            aggregate_id=str(self.aggregate_id),
        )


def emit_events(events: Iterable[NewEvent | Mapping[str, Any]]) -> list[OutboxEvent]:
    """Write outbox rows in one INSERT inside the caller's transaction; publish them after commit.

    Each item is a `NewEvent` or a dict of `emit_event`'s keyword arguments (`kind`, `payload`,
    `vendor_id`, `aggregate_type`, `aggregate_id`); an unknown key raises TypeError. The rows keep
    the given order, and all of them are published together once the transaction commits.
    """
    specs = [item if isinstance(item, NewEvent) else NewEvent(**item) for item in events]
    if not specs:
        return []
    # The primary keys are UUIDs made in Python (the field's default), so they are known here
    # whatever the database returns from a bulk insert.
    rows = OutboxEvent.objects.bulk_create([spec.to_row() for spec in specs])
    from . import relay

    relay.schedule_publish([row.pk for row in rows])
    return rows


def emit_event(
    kind: str,
    payload: dict[str, Any],
    *,
    vendor_id: int | None = None,
    aggregate_type: str = "",
    aggregate_id: str | int = "",
) -> OutboxEvent:
    """Write an outbox row inside the caller's transaction; it is published only after commit."""
    [event] = emit_events(
        [
            NewEvent(
                kind=kind,
                payload=payload,
                vendor_id=vendor_id,
                aggregate_type=aggregate_type,
                aggregate_id=aggregate_id,
            )
        ]
    )
    return event
