"""Sending one delivery: at least once, recorded, with the same delivery id on every attempt.

The protocol (why a worker killed at any point loses nothing and sends no surprise copies):
1. *Claim* (own short transaction, committed): skip if the row is locked by a sender, finished, or
   not due yet; else `attempts += 1`, status SENDING and a `DeliveryAttempt` row `STARTED`.
2. *Send* while holding the delivery's row lock (`FOR UPDATE SKIP LOCKED`, re-checking that our
   attempt is still the latest), then record the outcome in the same transaction. A second task for
   the same delivery finds the row locked and leaves it alone.
   If the worker dies mid-send, PostgreSQL drops the lock and the transaction; the row stays
   SENDING with its attempt `STARTED` (visible as interrupted). The redelivered message (acks_late,
   reject_on_worker_lost) or the sweep claims it again and sends it again with the *same*
   `X-Galeri-Delivery`, so the receiver can drop the copy it may already have.
3. Transient failures are retried with exponential backoff and jitter inside a retry window
   (24 h for vendor webhooks); permanent ones fail at once. Failures of a webhook count against
   it: after repeated failure it is disabled and the vendor is told (`webhook.disabled`).
"""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..channels import SendResult, get_channel
from ..models import (
    TERMINAL_STATUSES,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)

# Countdowns above this are left to the `retry_due_deliveries` sweep: long ETAs on Redis would
# outlive the visibility timeout and be delivered twice.
MAX_COUNTDOWN_SECONDS = 300
SWEEP_BATCH = 500


def enqueue_delivery(
    delivery_pk: int, *, countdown: float | None = None, now: datetime | None = None
) -> None:
    """Queue a delivery attempt. `now` (the sweep's clock) travels with the task for catch-up runs."""
    from ..tasks import deliver_notification

    options: dict = {"queue": settings.CELERY_QUEUE_NOTIFICATIONS}
    if countdown:
        options["countdown"] = countdown
    kwargs = {"now": now.isoformat()} if now is not None else {}
    try:
        deliver_notification.apply_async(args=[delivery_pk], kwargs=kwargs, **options)
    except Exception:  # the broker is down: the sweep picks the delivery up later
        logger.exception("could not queue delivery %s; the sweep will retry", delivery_pk)


def retry_policy(channel: str) -> tuple[int, int, int]:
    """(base seconds, max delay seconds, retry window seconds) for a channel."""
    if channel == Channel.WEBHOOK:
        return (
            settings.WEBHOOK_RETRY_BASE_SECONDS,
            settings.WEBHOOK_RETRY_MAX_DELAY_SECONDS,
            settings.WEBHOOK_RETRY_WINDOW_SECONDS,
        )
    return (30, 1800, 6 * 3600)


def backoff_delay(*, channel: str, attempt: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with equal jitter: base·2^(n−1) capped, then a random half of it added.

    Each delay lies in [d/2, d] for d = min(base·2^(n−1), cap), so delays grow until the cap while
    concurrent failures spread out instead of retrying in lockstep.
    """
    base, cap, _ = retry_policy(channel)
    ceiling = min(base * (2 ** max(attempt - 1, 0)), cap)
    rng = rng or random
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def _claim(delivery_pk: int, *, now: datetime, manual: bool) -> DeliveryAttempt | str:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True).filter(pk=delivery_pk).first()
        )
        if delivery is None:
            return "busy" if Delivery.objects.filter(pk=delivery_pk).exists() else "missing"
        if delivery.status in TERMINAL_STATUSES:
            return "done"
        if (
            not manual
            and delivery.status == DeliveryStatus.RETRYING
            and delivery.next_attempt_at
            and delivery.next_attempt_at > now + timedelta(seconds=1)
        ):
            return "not_due"
        delivery.attempts += 1
        delivery.status = DeliveryStatus.SENDING
        delivery.last_attempt_at = now
        delivery.save(update_fields=["attempts", "status", "last_attempt_at", "updated_at"])
        return DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now, manual=manual
        )


def deliver(*, delivery_pk: int, now: datetime | None = None, manual: bool = False) -> str:
    """Make one attempt at a delivery; answers what happened (sent, retrying, failed, skipped, …)."""
    now = now or timezone.now()
    claimed = _claim(delivery_pk, now=now, manual=manual)
    if isinstance(claimed, str):
        return claimed
    attempt = claimed
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "user", "webhook")
            .filter(pk=delivery_pk, attempts=attempt.number, status=DeliveryStatus.SENDING)
            .first()
        )
        if delivery is None:
            return "superseded"
        started = time.monotonic()
        try:
            result = get_channel(delivery.channel).send(delivery)
        except Exception as exc:  # a bug or an unexpected library error: retry, never lose
            logger.exception("delivery %s raised", delivery_pk)
            result = SendResult.retry(f"{type(exc).__name__}: {exc}")
        duration_ms = int((time.monotonic() - started) * 1000)
        return _record(delivery, attempt, result, now=now, duration_ms=duration_ms)


def _record(
    delivery: Delivery,
    attempt: DeliveryAttempt,
    result: SendResult,
    *,
    now: datetime,
    duration_ms: int,
) -> str:
    finished = timezone.now()
    attempt.finished_at = finished
    attempt.duration_ms = duration_ms
    attempt.status_code = result.status_code
    attempt.error = result.error[:2000]
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:2000]
    delivery.next_attempt_at = None
    exhausted = False
    if result.ok:
        attempt.outcome = DeliveryAttempt.Outcome.SENT
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = finished
        outcome = "sent"
    elif result.skipped:
        attempt.outcome = DeliveryAttempt.Outcome.SKIPPED
        delivery.status = DeliveryStatus.SKIPPED
        outcome = "skipped"
    elif result.transient:
        attempt.outcome = DeliveryAttempt.Outcome.TRANSIENT_ERROR
        _, _, window = retry_policy(delivery.channel)
        delay = backoff_delay(channel=delivery.channel, attempt=delivery.attempts)
        next_at = now + timedelta(seconds=delay)
        deadline = delivery.created_at + timedelta(seconds=window)
        if next_at > deadline and now < deadline - timedelta(seconds=60):
            next_at = deadline  # one last try at the end of the retry window
            delay = (next_at - now).total_seconds()
        if next_at <= deadline:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = next_at
            outcome = "retrying"
            if delay <= MAX_COUNTDOWN_SECONDS:
                transaction.on_commit(
                    lambda pk=delivery.pk, d=delay: enqueue_delivery(pk, countdown=d)
                )
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = f"menyerah setelah {delivery.attempts} percobaan: {result.error}"[
                :2000
            ]
            outcome = "failed"
            exhausted = True
    else:
        attempt.outcome = DeliveryAttempt.Outcome.PERMANENT_ERROR
        delivery.status = DeliveryStatus.FAILED
        outcome = "failed"
    attempt.save()
    delivery.save()
    if delivery.webhook_id and not result.skipped:
        _track_webhook_health(delivery, ok=result.ok, gave_up=exhausted)
    return outcome


def _track_webhook_health(delivery: Delivery, *, ok: bool, gave_up: bool) -> None:
    if ok:
        WebhookSubscription.objects.filter(pk=delivery.webhook_id).exclude(
            consecutive_failures=0
        ).update(consecutive_failures=0)
        return
    WebhookSubscription.objects.filter(pk=delivery.webhook_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    webhook = WebhookSubscription.objects.select_for_update().get(pk=delivery.webhook_id)
    if not webhook.is_active:
        return
    if gave_up or webhook.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
        from .webhooks import disable_webhook

        disable_webhook(
            webhook=webhook,
            reason=f"gagal {webhook.consecutive_failures} kali berturut-turut"
            + ("; pengiriman menyerah setelah 24 jam" if gave_up else ""),
        )


def retry_due_deliveries(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Queue deliveries that are due again, lost (pending too long) or interrupted (stale SENDING).

    A lost or interrupted delivery that the sweep re-queues gets `next_attempt_at` pushed one stale
    period ahead, so a long queue (a backlog, not a loss) is not re-queued again on every sweep.
    """
    clock = now
    now = now or timezone.now()
    stale = timedelta(seconds=settings.DELIVERY_STALE_AFTER_SECONDS)
    not_requeued_recently = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    due = list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
            | (
                Q(status=DeliveryStatus.PENDING, created_at__lte=now - stale)
                & not_requeued_recently
            )
            | (
                Q(status=DeliveryStatus.SENDING, last_attempt_at__lte=now - stale)
                & not_requeued_recently
            )
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    Delivery.objects.filter(
        pk__in=due, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).update(next_attempt_at=now + stale)
    for delivery_pk in due:
        enqueue_delivery(delivery_pk, now=clock)
    return len(due)
