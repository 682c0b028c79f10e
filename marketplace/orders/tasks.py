"""Scheduled order housekeeping (thin wrappers; beat entries in config/settings.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="orders.scheduled.auto_cancel_unaccepted_vendor_orders", acks_late=True)
def auto_cancel_unaccepted_vendor_orders() -> int:
    from .services.transitions import auto_cancel_unaccepted_vendor_orders as run

    return run()


@shared_task(name="orders.scheduled.release_expired_reservations", acks_late=True)
def release_expired_reservations() -> int:
    from marketplace.inventory.services.allocation import release_expired_reservations as run

    return run()
