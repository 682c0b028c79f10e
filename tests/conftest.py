"""Shared fixtures: a GraphQL client that goes through the real HTTP stack, and factories."""

from __future__ import annotations

import json
import os

import pytest
from django.core.cache import cache
from django.test import Client

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    raise pytest.UsageError(
        "The suite runs against PostgreSQL and Redis: use `make test` (see README.md)."
    )


class GraphQLClient:
    """POSTs to /graphql/ like any API client; `as_user(user)` sends a Bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def as_user(self, user) -> GraphQLClient:
        from marketplace.accounts.authentication import create_access_token

        return GraphQLClient(create_access_token(user) if user is not None else None)

    def post(self, query: str, variables: dict | None = None, **extra):
        headers = {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        headers.update(extra)
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        return response

    def execute(self, query: str, variables: dict | None = None, **extra) -> dict:
        response = self.post(query, variables, **extra)
        body = response.json()
        return body

    def data(self, query: str, variables: dict | None = None) -> dict:
        """The `data` of a query that must not fail."""
        body = self.execute(query, variables)
        assert not body.get("errors"), body.get("errors")
        return body["data"]


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# --- localstripe: one shared Stripe look-alike on loopback per test run ---------------------
STRIPE_TEST_SECRET_KEY = "sk_test_galeri_localstripe"
STRIPE_TEST_WEBHOOK_SECRET = "whsec_galeri_test"


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory):
    """Start `localstripe --port N --from-scratch` on a free loopback port (its state file is
    fixed at /tmp/localstripe.pickle, so one instance serves the whole run)."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    executable = shutil.which("localstripe") or str(Path(sys.executable).with_name("localstripe"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(tmp_path_factory.mktemp("localstripe") / "localstripe.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [executable, "--port", str(port), "--from-scratch"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=str(tmp_path_factory.getbasetemp()),
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("localstripe did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    """Point the Stripe gateway at localstripe with test keys."""
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = STRIPE_TEST_SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_TEST_WEBHOOK_SECRET
    return settings


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery keeps "may a result be joined here" in a process-global flag that eager tasks set
    and reset around each run; eager tasks running in several threads at once (the concurrency
    tests) can leave it set. Each test starts from the state of a plain process."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield
