"""The outbox in batches: the events of one transaction cost one INSERT, and after commit one
broker message and one UPDATE; a rollback publishes nothing; a broker outage leaves the rows for
the sweep, which publishes them later, again in batches.

Broker messages are read back from the real Redis broker (own queue names per test, no worker).
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass

import pytest
import redis
from celery.signals import task_prerun
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from marketplace.notifications import relay
from marketplace.notifications.models import Delivery, DeliveryStatus, OutboxEvent
from marketplace.notifications.outbox import NewEvent, emit_event, emit_events
from marketplace.notifications.tasks import dispatch_events
from tests.factories import UserFactory, VendorFactory, VendorMemberFactory
from tests.workers.harness import BrokerPublishing, broker_url, new_suffix, purge_queues

BATCH_TASK = "marketplace.notifications.dispatch_events"


@dataclass
class Message:
    task: str
    args: list


class BrokerQueue:
    """The notifications queue of this test on the real Redis broker, read without consuming."""

    def __init__(self, publishing: BrokerPublishing, suffix: str) -> None:
        self.publishing = publishing
        self.name = f"notifications{suffix}"

    def messages(self) -> list[Message]:
        client = redis.Redis.from_url(broker_url())
        try:
            raw = client.lrange(self.name, 0, -1)
        finally:
            client.close()
        found = []
        for item in reversed(raw):  # kombu LPUSHes: the oldest message is last
            envelope = json.loads(item)
            args, _kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
            found.append(Message(envelope["headers"]["task"], args))
        return found

    def broker_down(self) -> None:
        self.publishing.use_broker("redis://127.0.0.1:1/0")

    def broker_back(self) -> None:
        self.publishing.use_broker(self.publishing.url)


@pytest.fixture
def broker_queue():
    suffix = new_suffix()
    relay.reset_broker_backoff()
    with BrokerPublishing(celery_app, suffix) as publishing:
        yield BrokerQueue(publishing, suffix)
    purge_queues(suffix)
    relay.reset_broker_backoff()  # a test that took the broker down must not slow the next one


@pytest.fixture
def task_runs():
    """(task name, args) of every task run in this process (eager Celery runs them inline)."""
    runs: list[tuple[str, tuple]] = []

    def record(sender=None, args=None, **_):
        runs.append((sender.name, tuple(args or ())))

    task_prerun.connect(record, weak=False)
    yield runs
    task_prerun.disconnect(record)


def order_events(shopper, vendor_a, vendor_b) -> list:
    """What checkout emits for a two-vendor order: the order, then one copy per vendor order."""
    return [
        NewEvent("order.placed", {"user_id": shopper.pk, "number": "GI-7", "total": "300000"}),
        {
            "kind": "order.placed",
            "payload": {"user_id": shopper.pk, "number": "GI-7-A"},
            "vendor_id": vendor_a.pk,
            "aggregate_type": "vendor_order",
            "aggregate_id": 71,
        },
        NewEvent(
            "order.placed", {"user_id": shopper.pk, "number": "GI-7-B"}, vendor_id=vendor_b.pk
        ),
    ]


def outbox_statements(queries) -> list[str]:
    return [
        q["sql"].split(" ", 1)[0]
        for q in queries
        if '"notifications_outboxevent"' in q["sql"].split(" WHERE ", 1)[0]
    ]


@pytest.mark.django_db
def test_three_events_cost_one_insert_one_broker_message_and_one_update(
    broker_queue, django_capture_on_commit_callbacks
):
    shopper, vendor_a, vendor_b = UserFactory(), VendorFactory(), VendorFactory()

    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with transaction.atomic():
                events = emit_events(order_events(shopper, vendor_a, vendor_b))
                assert broker_queue.messages() == []  # nothing leaves before the commit

    ids = [str(event.pk) for event in events]
    assert len(callbacks) == 1
    assert outbox_statements(queries.captured_queries) == ["INSERT", "UPDATE"]
    insert = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT"))
    assert all(event.pk.hex in insert for event in events)  # one statement, all three rows
    assert broker_queue.messages() == [Message(BATCH_TASK, [ids])]
    rows = OutboxEvent.objects.filter(pk__in=ids).order_by("created_at")
    assert [str(row.pk) for row in rows] == ids
    assert all(row.published_at and row.publish_attempts == 1 for row in rows)
    assert [(row.vendor_id, row.aggregate_type, row.aggregate_id) for row in rows] == [
        (None, "", ""),
        (vendor_a.pk, "vendor_order", "71"),
        (vendor_b.pk, "", ""),
    ]


@pytest.mark.django_db
def test_one_task_run_dispatches_and_delivers_the_whole_batch(
    task_runs, django_capture_on_commit_callbacks
):
    shopper = UserFactory()
    vendor_a, vendor_b = VendorFactory(), VendorFactory()
    seller_a = VendorMemberFactory(vendor=vendor_a).user
    seller_b = VendorMemberFactory(vendor=vendor_b).user

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events = emit_events(order_events(shopper, vendor_a, vendor_b))

    dispatches = [run for run in task_runs if run[0].startswith("marketplace.notifications.disp")]
    assert dispatches == [(BATCH_TASK, ([str(event.pk) for event in events],))]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [shopper.email, seller_a.email, seller_b.email]
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[seller_a.email] == "Pesanan baru GI-7-A"
    assert subjects[seller_b.email] == "Pesanan baru GI-7-B"
    assert all(
        event.dispatched_at is not None
        for event in OutboxEvent.objects.filter(pk__in=[e.pk for e in events])
    )


@pytest.mark.django_db(transaction=True)
def test_rolled_back_batch_writes_and_publishes_nothing(broker_queue, settings):
    shopper, vendor_a, vendor_b = UserFactory(), VendorFactory(), VendorFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        emit_events(order_events(shopper, vendor_a, vendor_b))
        raise RuntimeError("payment declined, order not placed")

    assert OutboxEvent.objects.count() == 0
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 0
    assert relay.sweep_outbox() == 0
    assert broker_queue.messages() == []

    # The same batch, committed, is published once after the commit.
    with transaction.atomic():
        events = emit_events(order_events(shopper, vendor_a, vendor_b))
    assert broker_queue.messages() == [Message(BATCH_TASK, [[str(e.pk) for e in events]])]


@pytest.mark.django_db
def test_broker_down_leaves_the_batch_for_the_sweep_which_publishes_it_in_one_message(
    broker_queue, settings, django_capture_on_commit_callbacks
):
    shopper = UserFactory()
    vendor_a, vendor_b = VendorFactory(), VendorFactory()
    seller_a = VendorMemberFactory(vendor=vendor_a).user
    broker_queue.broker_down()

    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            events = emit_events(order_events(shopper, vendor_a, vendor_b))
    ids = [str(event.pk) for event in events]

    assert outbox_statements(queries.captured_queries) == ["INSERT", "UPDATE"]
    rows = list(OutboxEvent.objects.filter(pk__in=ids))
    assert all(row.published_at is None and row.publish_attempts == 1 for row in rows)
    assert all(row.last_error.startswith("OperationalError") for row in rows)

    # While the broker is marked down, a later batch is not even tried: no wait, no attempt.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        later = emit_event("account.created", {"user_id": shopper.pk})
    later.refresh_from_db()
    assert later.published_at is None and later.publish_attempts == 0

    broker_queue.broker_back()
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 0
    assert relay.sweep_outbox() == 4
    [message] = broker_queue.messages()
    assert message.task == BATCH_TASK and message.args == [[*ids, str(later.pk)]]
    assert not OutboxEvent.objects.filter(published_at__isnull=True).exists()
    assert set(OutboxEvent.objects.values_list("publish_attempts", flat=True)) == {1, 2}

    # What a worker does with that message: one delivery per recipient, each queued once.
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_events.apply(args=message.args).get() == 3
    deliveries = Delivery.objects.filter(event_id__in=[*ids, later.pk])
    assert sorted(deliveries.values_list("recipient", flat=True)) == sorted(
        [shopper.email, shopper.email, seller_a.email]
    )
    queued = broker_queue.messages()[1:]
    assert sorted((m.task, m.args[0]) for m in queued) == sorted(
        ("marketplace.notifications.deliver", pk) for pk in deliveries.values_list("pk", flat=True)
    )
    assert relay.sweep_outbox() == 0


@pytest.mark.django_db
def test_sweep_publishes_a_backlog_in_chunks_with_one_update_each(broker_queue, settings):
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 0
    backlog = OutboxEvent.objects.bulk_create(
        [OutboxEvent(kind="stock.low", payload={"n": n}) for n in range(250)]
    )

    with CaptureQueriesContext(connection) as queries:
        assert relay.sweep_outbox() == 250

    assert outbox_statements(queries.captured_queries) == ["SELECT", "UPDATE", "UPDATE", "UPDATE"]
    messages = broker_queue.messages()
    assert [(m.task, len(m.args[0])) for m in messages] == [
        (BATCH_TASK, 100),
        (BATCH_TASK, 100),
        (BATCH_TASK, 50),
    ]
    published = [event_id for m in messages for event_id in m.args[0]]
    assert sorted(published) == sorted(str(event.pk) for event in backlog)
    assert not OutboxEvent.objects.filter(published_at__isnull=True).exists()


@pytest.mark.django_db
def test_batch_task_dispatches_the_rest_when_one_event_is_gone(django_capture_on_commit_callbacks):
    user = UserFactory()
    event = OutboxEvent.objects.create(kind="account.created", payload={"user_id": user.pk})

    with django_capture_on_commit_callbacks(execute=True):
        queued = dispatch_events.apply(args=[[str(uuid.uuid4()), str(event.pk)]]).get()

    assert queued == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert Delivery.objects.get(event=event).status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_emit_events_rejects_an_unknown_argument_and_writes_nothing():
    with pytest.raises(TypeError):
        emit_events([{"kind": "stock.low", "payload": {}, "vendor": 1}])
    assert emit_events([]) == []
    assert OutboxEvent.objects.count() == 0
