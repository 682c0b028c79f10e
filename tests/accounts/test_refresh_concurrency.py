"""Two clients racing to refresh the same token: the row lock lets exactly one rotate it; the
other is a reuse of a rotated token, so the whole family ends revoked (no forked sessions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from marketplace.accounts.models import RefreshToken
from marketplace.accounts.services.tokens import issue_tokens, refresh_tokens
from marketplace.core.exceptions import DomainError
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_one_token_never_fork_the_session():
    user = UserFactory()
    raw = issue_tokens(user=user).refresh_token
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    lock = threading.Lock()

    def refresh():
        try:
            barrier.wait()
            refresh_tokens(refresh_token=raw)
            outcome = "ok"
        except DomainError as exc:
            outcome = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=refresh) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["INVALID_TOKEN"] * 3 + ["ok"]
    # Exactly one rotation happened, and the replays revoked the family including the new token.
    assert RefreshToken.objects.count() == 2
    assert not RefreshToken.objects.filter(revoked_at__isnull=True).exists()
