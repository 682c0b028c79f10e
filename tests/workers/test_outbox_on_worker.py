"""The outbox against a real worker on the real Redis broker."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from marketplace.notifications import relay
from marketplace.notifications.models import (
    Delivery,
    DeliveryStatus,
    OutboxEvent,
    WebhookSubscription,
)
from marketplace.notifications.outbox import emit_event
from tests.factories import VendorFactory
from tests.notifications.receiver import Receiver

from .harness import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hook():
    receiver = Receiver().start()
    vendor = VendorFactory()
    WebhookSubscription.objects.create(
        vendor=vendor, target_url=receiver.url, events=["stock.low", "payout.sent"], secret="k" * 24
    )
    yield vendor, receiver
    receiver.stop()


def test_committed_event_is_delivered_by_the_worker(worker, broker, hook):
    vendor, receiver = hook
    with transaction.atomic():
        event = emit_event("payout.sent", {"amount": "125000"}, vendor_id=vendor.pk)
    assert wait_until(lambda: receiver.count() >= 1, timeout=20)
    delivery = Delivery.objects.get(event=event)
    assert wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT, timeout=10
    )
    assert receiver.header_values("x-galeri-delivery") == [str(delivery.delivery_id)]


def test_rolled_back_transaction_sends_nothing_even_with_a_live_worker(worker, broker, hook):
    vendor, receiver = hook
    with pytest.raises(RuntimeError), transaction.atomic():
        emit_event("stock.low", {"sku": "ROLLBACK"}, vendor_id=vendor.pk)
        raise RuntimeError("payment failed, order not placed")
    relay.sweep_outbox()
    time.sleep(2.0)  # give a worker every chance to (wrongly) send something
    assert OutboxEvent.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert receiver.count() == 0


def test_event_whose_publish_failed_is_sent_by_the_sweep(worker, broker, hook, settings):
    vendor, receiver = hook
    broker.use_broker("redis://127.0.0.1:1/0")  # the broker is unreachable when the request commits
    with transaction.atomic():
        event = emit_event("stock.low", {"sku": "SWEPT"}, vendor_id=vendor.pk)
    event.refresh_from_db()
    assert event.published_at is None
    assert event.publish_attempts == 1 and event.last_error
    time.sleep(1.0)
    assert receiver.count() == 0

    broker.use_broker(broker.url)  # the broker is back; beat runs the sweep
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 0
    assert relay.sweep_outbox() == 1
    assert wait_until(lambda: receiver.count() == 1, timeout=20)
    assert receiver.requests[0].json()["data"] == {"sku": "SWEPT"}
    event.refresh_from_db()
    assert event.published_at is not None and event.dispatched_at is not None
    assert relay.sweep_outbox() == 0  # nothing left behind
