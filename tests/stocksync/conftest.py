from __future__ import annotations

import pytest

from tests.notifications.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def failing_receiver():
    server = Receiver(statuses=[500]).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _allow_loopback_webhooks(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
