"""Rate limits for logins (and other abuse-prone operations), kept in Redis with `limits`.

Limits are counted per *attempt* in the service, not per HTTP request, so a GraphQL document with
a hundred aliased `tokenCreate` fields spends a hundred attempts. Keys carry the cache prefix so
parallel test runs and deployments sharing a Redis do not count each other's attempts.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


@lru_cache(maxsize=4)
def _limiter(uri: str) -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage_from_string(uri))


def limiter() -> MovingWindowRateLimiter:
    return _limiter(settings.RATE_LIMIT_STORAGE_URI)


def _key(value: str) -> str:
    # Emails are hashed so the limiter's keys never hold personal data.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def hit(scope: str, value: str, rate: str) -> bool:
    """Count one attempt for (scope, value); False when the limit `rate` ("5/minute") is spent."""
    return limiter().hit(parse(rate), settings.CACHE_KEY_PREFIX, scope, _key(value))


def reset(scope: str, value: str, rate: str) -> None:
    limiter().clear(parse(rate), settings.CACHE_KEY_PREFIX, scope, _key(value))
