"""Kill -9 a worker in the middle of 200 notifications, restart it: 0 lost, 0 duplicated.

Setup: 200 committed outbox events, each with one vendor-webhook delivery to a local receiver on
127.0.0.1 that records every X-Galeri-Delivery it gets (raw and distinct). A real prefork worker
(2 processes) on the real Redis broker delivers them. Mid-way we SIGKILL one pool process; later
we SIGKILL the whole worker (main process and children) and start a new one. Meanwhile this test
plays beat: it runs the outbox sweep and the delivery sweep every second.

Guarantees asserted:
- lost = 0: every delivery reached the receiver (distinct ids == 200) and is SENT in the database;
- duplicated = 0 in the records: exactly one successful attempt per delivery, one delivery per
  (event, channel, recipient);
- raw copies at the receiver can only come from a send interrupted by a kill (the worker died
  after the receiver got the request, before the database recorded it); each is resent with the
  same X-Galeri-Delivery, so a receiver de-duplicating on it acts once. They are reported, and
  bounded by the number of interrupted attempts.
The figures are printed and written to test-artifacts/kill-test.json.
"""

from __future__ import annotations

import json
import time

import pytest
from django.db import transaction
from django.db.models import Count, Q

from config.celery import app as celery_app
from marketplace.notifications import relay
from marketplace.notifications.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    OutboxEvent,
    WebhookSubscription,
)
from marketplace.notifications.outbox import emit_event
from marketplace.notifications.services.delivery import retry_due_deliveries
from tests.factories import VendorFactory
from tests.notifications.receiver import Receiver

from .conftest import ARTIFACTS
from .harness import BrokerPublishing, Worker, new_suffix, purge_queues, wait_until

TOTAL = 200


@pytest.mark.django_db(transaction=True)
def test_kill_9_mid_run_loses_nothing_and_duplicates_nothing(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    # Beat's thresholds, shortened so the test finishes in seconds rather than minutes.
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 3
    settings.OUTBOX_REDISPATCH_AFTER_SECONDS = 6
    settings.DELIVERY_STALE_AFTER_SECONDS = 6
    suffix = new_suffix()
    ARTIFACTS.mkdir(exist_ok=True)
    receiver = Receiver(delay=0.02).start()
    worker = Worker(suffix=suffix, log_dir=ARTIFACTS, name="kill-test")
    kills: list[str] = []
    started = time.monotonic()
    try:
        vendor = VendorFactory()
        WebhookSubscription.objects.create(
            vendor=vendor, target_url=receiver.url, events=["stock.low"], secret="z" * 32
        )
        with BrokerPublishing(celery_app, suffix):
            worker.start()
            with transaction.atomic():
                for n in range(TOTAL):
                    emit_event(
                        "stock.low",
                        {"n": n},
                        vendor_id=vendor.pk,
                        aggregate_type="test",
                        aggregate_id=n,
                    )

            def beat():
                relay.sweep_outbox()
                retry_due_deliveries()

            assert wait_until(lambda: receiver.count() >= 50, timeout=60), (
                "no progress before the first kill"
            )
            kills.append(f"child pid {worker.kill_child()} at {receiver.count()} receipts")
            assert wait_until(lambda: receiver.count() >= 110, timeout=60), (
                "no progress after the child kill"
            )
            at = receiver.count()
            worker.kill_all()
            kills.append(f"whole worker (main + children) at {at} receipts")
            worker.start()

            last_beat = [0.0]

            def tick():
                if time.monotonic() - last_beat[0] >= 1.0:
                    last_beat[0] = time.monotonic()
                    beat()

            done = wait_until(
                lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == TOTAL,
                timeout=75,
                interval=0.25,
                on_tick=tick,
            )
        elapsed = time.monotonic() - started
        deliveries = Delivery.objects.all()
        raw_ids = receiver.header_values("x-galeri-delivery")
        distinct_ids = set(raw_ids)
        expected_ids = {str(d) for d in deliveries.values_list("delivery_id", flat=True)}
        sent_attempts = dict(
            deliveries.annotate(
                n=Count("attempt_log", filter=Q(attempt_log__outcome=DeliveryAttempt.Outcome.SENT))
            ).values_list("delivery_id", "n")
        )
        interrupted = DeliveryAttempt.objects.filter(
            outcome=DeliveryAttempt.Outcome.STARTED
        ).count()
        figures = {
            "notifications": TOTAL,
            "events": OutboxEvent.objects.count(),
            "tasks_received_by_workers": worker.log_path.read_text(errors="replace").count(
                "] received"
            ),
            "kills": len(kills),
            "kill_detail": kills,
            "worker_starts": worker.starts,
            "delivery_records": deliveries.count(),
            "sent_records": deliveries.filter(status=DeliveryStatus.SENT).count(),
            "lost": len(expected_ids - distinct_ids),
            "duplicated_in_records": sum(1 for n in sent_attempts.values() if n > 1),
            "raw_receipts": len(raw_ids),
            "distinct_receipts": len(distinct_ids),
            "raw_duplicates_at_receiver": len(raw_ids) - len(distinct_ids),
            "interrupted_attempts": interrupted,
            "total_attempts": DeliveryAttempt.objects.count(),
            "seconds": round(elapsed, 1),
        }
        (ARTIFACTS / "kill-test.json").write_text(json.dumps(figures, indent=2))
        print("\nKILL TEST", json.dumps(figures))

        assert done, figures
        assert figures["delivery_records"] == TOTAL
        assert figures["lost"] == 0
        assert distinct_ids == expected_ids
        assert figures["duplicated_in_records"] == 0
        assert all(n == 1 for n in sent_attempts.values())
        # A raw copy exists only where a kill interrupted a send after the receiver had it.
        assert figures["raw_duplicates_at_receiver"] <= interrupted
        assert len(kills) == 2
    finally:
        worker.stop()
        receiver.stop()
        purge_queues(suffix)
