"""The one Celery app. Tasks are thin wrappers around domain services (see DESIGN.md).

Delivery guarantees (DESIGN.md "decisions that protect money, stock and messages"):
- tasks are published from the outbox after the business transaction commits, never from inside it;
- `acks_late` + `reject_on_worker_lost` + prefetch 1: a message is acknowledged only after its task
  ran, so a worker killed mid-task loses nothing (the message goes back to the queue);
- time limits stay under the Redis visibility timeout (checked in settings), so a slow task is
  never handed to a second worker while the first still runs;
- every side effect records a unique row first (a delivery per event/channel/recipient, a stock
  movement per external id), so a task that runs twice does nothing the second time;
- retries only for transient errors (`TRANSIENT_ERRORS`), with exponential backoff and jitter.

Queues: `notifications`, `stock_sync`, `scheduled` (beat jobs) and `default`. Run one beat.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("galeri")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(related_name="scheduled")


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth retrying: the network or a dependency was briefly unavailable."""
    import socket

    import httpx
    from django.db import InterfaceError, OperationalError

    errors: list[type[BaseException]] = [
        ConnectionError,
        TimeoutError,
        socket.timeout,
        httpx.TransportError,
        OperationalError,
        InterfaceError,
    ]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


TRANSIENT_ERRORS = _transient_errors()

# Options for tasks that talk to the outside world: retried on transient errors only, with
# exponential backoff (1, 2, 4 … s capped by CELERY_RETRY_BACKOFF_MAX) and full jitter.
TRANSIENT_RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": int(os.environ.get("CELERY_RETRY_BACKOFF_MAX", "600")),
    "retry_jitter": True,
    "max_retries": 8,
}
