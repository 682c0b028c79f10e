"""Outbound: push stock levels to the channels that subscribe (a `push_url`), batched.

`stock_changed(warehouse_ids)` is called inside (or after) any transaction that changed stock;
after commit it sets a Redis key per channel (`cache.add`, so only the first change of a burst
wins) and queues one flush with a countdown of STOCK_PUSH_DEBOUNCE_SECONDS: every change made
during that window rides in the same push. The beat job `push_changed_stock` is the safety net for
changes made elsewhere (order allocation) — it pushes whatever changed since the channel's
watermark. Pushes carry absolute levels, so a repeated push is harmless.

Push body: `{"channel": code, "pushId": id, "generatedAt": iso, "levels": [{"sku", "quantity",
"available"}]}`, signed like our webhooks (X-Galeri-Signature with the channel's secret),
`X-Galeri-Event: stock.levels`, `X-Galeri-Delivery: <pushId>`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.inventory.models import Reservation, Stock

from ..models import StockChannel, StockPush

WATERMARK_MARGIN = timedelta(seconds=2)


def _debounce_key(channel_id: int) -> str:
    return f"stocksync:push-pending:{channel_id}"


def stock_changed(warehouse_ids: Iterable[int]) -> None:
    """Schedule a (debounced) push to every channel of these warehouses, after commit."""
    ids = sorted(set(warehouse_ids))
    transaction.on_commit(lambda: schedule_pushes(ids))


def schedule_pushes(warehouse_ids: Iterable[int]) -> int:
    """Queue one flush per subscribed channel unless one is already waiting; returns how many."""
    from ..tasks import flush_stock_push

    queued = 0
    channels = StockChannel.objects.filter(
        warehouse_id__in=list(warehouse_ids), is_active=True
    ).exclude(push_url="")
    delay = settings.STOCK_PUSH_DEBOUNCE_SECONDS
    for channel_id in channels.values_list("pk", flat=True):
        if not cache.add(_debounce_key(channel_id), "1", timeout=int(delay) + 60):
            continue  # a flush is already waiting: this change rides along
        try:
            flush_stock_push.apply_async(
                args=[channel_id], countdown=delay, queue=settings.CELERY_QUEUE_STOCK_SYNC
            )
        except Exception:
            cache.delete(_debounce_key(channel_id))  # the beat safety net pushes it later
            continue
        queued += 1
    return queued


def collect_levels(channel: StockChannel, *, since: datetime | None) -> list[dict]:
    stocks = Stock.objects.filter(warehouse_id=channel.warehouse_id).select_related("variant")
    if since is not None:
        stocks = stocks.filter(updated_at__gt=since)
    stocks = list(stocks.order_by("pk"))
    reserved = dict(
        Reservation.objects.filter(stock__in=stocks, expires_at__gt=timezone.now())
        .values("stock_id")
        .annotate(n=Sum("quantity"))
        .values_list("stock_id", "n")
    )
    return [
        {
            "sku": s.variant.sku,
            "quantity": s.quantity,
            "available": max(s.quantity - s.quantity_allocated - (reserved.get(s.pk) or 0), 0),
        }
        for s in stocks
    ]


def create_push(*, channel_id: int, full: bool = False) -> StockPush | None:
    """Snapshot what changed since the watermark into a StockPush (None if nothing changed)."""
    cache.delete(_debounce_key(channel_id))  # changes from now on schedule a new flush
    with transaction.atomic():
        channel = (
            StockChannel.objects.select_for_update().filter(pk=channel_id, is_active=True).first()
        )
        if channel is None or not channel.push_url:
            return None
        snapshot_at = timezone.now()
        levels = collect_levels(channel, since=None if full else channel.push_watermark)
        if not levels:
            return None
        push = StockPush.objects.create(channel=channel, push_id=uuid.uuid4().hex, levels=levels)
        # Changes committed just before the snapshot might carry an earlier updated_at: keep a
        # margin, at the price of sometimes pushing a level twice (absolute levels: harmless).
        channel.push_watermark = snapshot_at - WATERMARK_MARGIN
        channel.save(update_fields=["push_watermark"])
        return push


def send_push(*, push_id: int):
    """POST a push; answers the SendResult (transient failures are retried by the task)."""
    from marketplace.notifications.channels.webhook import post_signed

    push = StockPush.objects.select_related("channel").get(pk=push_id)
    if push.status == StockPush.Status.SENT:
        return None
    channel = push.channel
    body = json.dumps(
        {
            "channel": channel.code,
            "pushId": push.push_id,
            "generatedAt": push.created_at.isoformat(),
            "levels": push.levels,
        },
        separators=(",", ":"),
    ).encode()
    result = post_signed(
        url=channel.push_url,
        secret=channel.secret,
        body=body,
        headers={"X-Galeri-Event": "stock.levels", "X-Galeri-Delivery": push.push_id},
        timeout=settings.NOTIFICATION_HTTP_TIMEOUT,
    )
    push.attempts += 1
    push.status_code = result.status_code
    push.error = result.error[:2000]
    if result.ok:
        push.status = StockPush.Status.SENT
        push.sent_at = timezone.now()
        StockChannel.objects.filter(pk=channel.pk).update(last_push_at=push.sent_at)
    elif not result.transient:
        push.status = StockPush.Status.FAILED
    push.save()
    return result


def channels_with_unpushed_changes() -> list[int]:
    """Channels whose warehouse has stock changed since their watermark (the beat safety net)."""
    found = []
    for channel in StockChannel.objects.filter(is_active=True).exclude(push_url=""):
        stocks = Stock.objects.filter(warehouse_id=channel.warehouse_id)
        if channel.push_watermark is not None:
            stocks = stocks.filter(updated_at__gt=channel.push_watermark + WATERMARK_MARGIN)
        if stocks.exists():
            found.append(channel.pk)
    return found
