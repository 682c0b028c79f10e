"""Celery tasks of the promotions app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from .services.scheduling import refresh_catalog_for_promotion_windows

REFRESH_TASK_NAME = "marketplace.promotions.scheduled.refresh_promotion_prices"


@shared_task(name=REFRESH_TASK_NAME, ignore_result=True, soft_time_limit=20, time_limit=25)
def refresh_promotion_prices() -> bool:
    """Every 30 s (beat): bump the catalogue when a promotion window opened or closed."""
    return refresh_catalog_for_promotion_windows()
