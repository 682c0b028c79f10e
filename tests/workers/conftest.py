from __future__ import annotations

from pathlib import Path

import pytest

from config.celery import app as celery_app

from .harness import BrokerPublishing, Worker, new_suffix, purge_queues

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def worker_suffix():
    return new_suffix()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, worker_suffix):
    """One real worker for the module (2 prefork processes), stopped before the test DB goes."""
    ARTIFACTS.mkdir(exist_ok=True)
    process = Worker(suffix=worker_suffix, log_dir=ARTIFACTS, name="workers-module")
    with django_db_blocker.unblock():
        process.start()
    yield process
    process.stop()
    purge_queues(worker_suffix)


@pytest.fixture
def broker(worker_suffix, settings):
    """Publish from this test process to the worker's queues on the real broker."""
    with BrokerPublishing(celery_app, worker_suffix) as publishing:
        yield publishing


@pytest.fixture(autouse=True)
def _allow_loopback_webhooks(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
