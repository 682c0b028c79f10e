"""The Celery configuration DESIGN.md asks for, checked on the real app (no worker needed)."""

from __future__ import annotations

from django.conf import settings

from config.celery import TRANSIENT_ERRORS
from config.celery import app as celery_app


def test_at_least_once_settings():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert conf.task_soft_time_limit < conf.task_time_limit < visibility
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]


def test_queues_and_routes():
    router = celery_app.amqp.router
    suffix = settings.CELERY_QUEUE_SUFFIX

    def queue_of(name: str) -> str:
        return router.route({}, name)["queue"].name

    assert queue_of("marketplace.notifications.deliver") == f"notifications{suffix}"
    assert queue_of("marketplace.stocksync.flush_stock_push") == f"stock_sync{suffix}"
    assert queue_of("marketplace.notifications.scheduled.sweep_outbox") == f"scheduled{suffix}"
    assert queue_of("payments.scheduled.run_payouts") == f"scheduled{suffix}"


def test_every_beat_entry_names_a_registered_task_on_the_scheduled_queue():
    celery_app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert isinstance(schedule, dict)
    for required in (
        "marketplace.notifications.scheduled.sweep_outbox",
        "marketplace.notifications.scheduled.retry_due_deliveries",
        "marketplace.stocksync.scheduled.send_low_stock_digest",
        "marketplace.stocksync.scheduled.push_changed_stock",
    ):
        assert required in {entry["task"] for entry in schedule.values()}
    for name, entry in schedule.items():
        assert entry["task"] in celery_app.tasks, (
            f"beat entry {name} names an unknown task {entry['task']}"
        )
        assert ".scheduled." in entry["task"], (
            f"beat entry {name} should live in a scheduled module"
        )


def test_retries_are_for_transient_errors_only():
    task = celery_app.tasks["marketplace.notifications.deliver"]
    assert ConnectionError in task.autoretry_for and TimeoutError in task.autoretry_for
    assert not issubclass(ValueError, TRANSIENT_ERRORS) and not issubclass(
        KeyError, TRANSIENT_ERRORS
    )
    assert task.retry_backoff and task.retry_jitter
