"""Celery tasks of stock sync (queue `stock_sync`): thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from config.celery import TRANSIENT_RETRY

from .services import push as push_service
from .services import stocktake


@shared_task(name="marketplace.stocksync.flush_stock_push", **TRANSIENT_RETRY)
def flush_stock_push(channel_id: int) -> int | None:
    push = push_service.create_push(channel_id=channel_id)
    if push is None:
        return None
    send_stock_push.apply_async(args=[push.pk], queue=settings.CELERY_QUEUE_STOCK_SYNC)
    return push.pk


@shared_task(
    bind=True,
    name="marketplace.stocksync.send_stock_push",
    max_retries=10,
    **{k: v for k, v in TRANSIENT_RETRY.items() if k != "max_retries"},
)
def send_stock_push(self, push_id: int) -> str:
    result = push_service.send_push(push_id=push_id)
    if result is None or result.ok:
        return "sent"
    if result.transient:
        raise self.retry(countdown=min(2**self.request.retries * 5, 300))
    return "failed"


@shared_task(name="marketplace.stocksync.run_stock_count", **TRANSIENT_RETRY)
def run_stock_count(count_id: int) -> str:
    return stocktake.run_stock_count(count_id=count_id).status
