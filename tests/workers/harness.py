"""Runs a real Celery worker subprocess (prefork) on the real Redis broker for worker tests.

Each run uses its own queue names (CELERY_QUEUE_SUFFIX) on a dedicated Redis database
(TEST_CELERY_BROKER_DB, default 15 — not the cache's, which tests flush), so parallel runs and
other engineers' suites never share messages. The worker talks to pytest-django's test database.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"


def broker_url() -> str:
    db = int(os.environ.get("TEST_CELERY_BROKER_DB", "15"))
    host = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
    port = os.environ.get("TEST_REDIS_PORT", "6379")
    return f"redis://{host}:{port}/{db}"


def database_url() -> str:
    s = connection.settings_dict
    auth = s.get("USER") or "postgres"
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def new_suffix() -> str:
    return f"-t{uuid.uuid4().hex[:10]}"


def queue_names(suffix: str) -> dict[str, str]:
    return {
        "CELERY_QUEUE_NOTIFICATIONS": f"notifications{suffix}",
        "CELERY_QUEUE_STOCK_SYNC": f"stock_sync{suffix}",
        "CELERY_QUEUE_SCHEDULED": f"scheduled{suffix}",
    }


def worker_env(suffix: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(),
            "DB_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": broker_url(),
            "CELERY_QUEUE_SUFFIX": suffix,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": "30",
            "CELERY_TASK_SOFT_TIME_LIMIT": "8",
            "CELERY_TASK_TIME_LIMIT": "10",
            "WEBHOOK_ALLOW_PRIVATE_TARGETS": "1",
            "NOTIFICATION_HTTP_TIMEOUT": "5",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


class Worker:
    def __init__(
        self,
        *,
        suffix: str,
        log_dir: Path,
        name: str,
        concurrency: int = 2,
        env: dict | None = None,
    ) -> None:
        self.suffix = suffix
        self.name = name
        self.concurrency = concurrency
        self.env = env or worker_env(suffix)
        self.log_path = log_dir / f"{name}.log"
        self.log_path.write_text("")
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 40.0) -> Worker:
        queues = ",".join(queue_names(self.suffix).values())
        self.starts += 1
        log = open(self.log_path, "a")  # noqa: SIM115 - the child owns it
        log.write(f"\n==== start #{self.starts}\n")
        log.flush()
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "config",
                "worker",
                "-Q",
                queues,
                "--concurrency",
                str(self.concurrency),
                "-P",
                "prefork",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{self.name}{self.suffix}-{self.starts}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        marker = f"{self.name}{self.suffix}-{self.starts}@"
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")
            if marker in text and " ready." in text.split(f"==== start #{self.starts}")[-1]:
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{text[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready in {timeout}s:\n{self.log_path.read_text()[-3000:]}")

    def children(self) -> list[int]:
        assert self.process is not None
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def kill_child(self) -> int:
        """SIGKILL one pool process (the main process notices and replaces it)."""
        children = self.children()
        assert children, "no worker child to kill"
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def kill_all(self) -> None:
        """SIGKILL the main process and its children at once (a machine dying)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


class BrokerPublishing:
    """Points this (test) process's Celery app at the test broker with eager mode off."""

    def __init__(self, app, suffix: str, url: str | None = None) -> None:
        self.app = app
        self.suffix = suffix
        self.url = url or broker_url()
        self._saved: dict = {}

    def _reset_pools(self) -> None:
        # kombu keeps one pool per broker URL in a global registry: drop our references only.
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def use_broker(self, url: str) -> None:
        self.app.conf.broker_url = url
        self._reset_pools()

    def __enter__(self) -> BrokerPublishing:
        conf = self.app.conf
        self._saved = {
            "task_always_eager": conf.task_always_eager,
            "broker_url": conf.broker_url,
            "broker_connection_retry": conf.broker_connection_retry,
            "broker_connection_max_retries": conf.broker_connection_max_retries,
        }
        self._settings = {k: getattr(settings, k) for k in queue_names("")}
        for key, value in queue_names(self.suffix).items():
            setattr(settings, key, value)
        conf.task_always_eager = False
        conf.broker_connection_max_retries = 1
        self.use_broker(self.url)
        return self

    def __exit__(self, *exc) -> None:
        for key, value in self._settings.items():
            setattr(settings, key, value)
        for key, value in self._saved.items():
            setattr(self.app.conf, key, value)
        self._reset_pools()


def purge_queues(suffix: str) -> None:
    import redis

    client = redis.Redis.from_url(broker_url())
    for name in queue_names(suffix).values():
        client.delete(name)
    client.close()


def wait_until(predicate, *, timeout: float, interval: float = 0.2, on_tick=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if on_tick:
            on_tick()
        time.sleep(interval)
    return predicate()
