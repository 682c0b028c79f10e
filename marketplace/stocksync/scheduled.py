"""Beat jobs of stock sync (queue `scheduled`)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from config.celery import TRANSIENT_RETRY

from .services import digest, push


@shared_task(name="marketplace.stocksync.scheduled.push_changed_stock", **TRANSIENT_RETRY)
def push_changed_stock() -> int:
    """Safety net: push channels whose warehouse changed since their watermark."""
    from .tasks import flush_stock_push

    channel_ids = push.channels_with_unpushed_changes()
    for channel_id in channel_ids:
        flush_stock_push.apply_async(args=[channel_id], queue=settings.CELERY_QUEUE_STOCK_SYNC)
    return len(channel_ids)


@shared_task(name="marketplace.stocksync.scheduled.send_low_stock_digest", **TRANSIENT_RETRY)
def send_low_stock_digest() -> int:
    """Once a day: one `stock.low_digest` event per vendor with variants at or under the threshold."""
    return digest.emit_low_stock_digests()
