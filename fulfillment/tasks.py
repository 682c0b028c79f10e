"""Scheduled fulfilment work (thin wrappers over services; safe to run twice)."""

from __future__ import annotations

from celery import shared_task

from .services.performance import warn_handling_time
from .services.pickup import return_uncollected_pickups
from .services.tracking import poll_active_shipments


@shared_task(name="fulfillment.scheduled.poll_tracking", acks_late=True, ignore_result=True)
def poll_tracking(limit: int = 200) -> int:
    """Fetch tracking of live outside-carrier shipments (webhooks may be lost)."""
    return poll_active_shipments(limit=limit)


@shared_task(name="fulfillment.scheduled.warn_handling_time", acks_late=True, ignore_result=True)
def warn_handling_time_task() -> int:
    """Warn sellers close to their ship-by deadline; record breaches (once each)."""
    return warn_handling_time()


@shared_task(
    name="fulfillment.scheduled.return_uncollected_pickups", acks_late=True, ignore_result=True
)
def return_uncollected_pickups_task() -> int:
    """Click-and-collect parcels past the hub's hold period go back to the seller."""
    return return_uncollected_pickups()
