"""Versions shared by every process through Redis, each remembered locally for a moment.

A `SharedVersion` is one value in the cache that names "the current state" of something other
processes keep a copy of. Changing that something calls `bump()`; after the transaction commits
the version changes, and every copy keyed on the old version is simply never used again.

The catalogue version: any change a shopper could see in the catalogue (price, stock,
publication, vendor status, promotion start/end) calls `bump_catalog_version()`, and cached
anonymous catalogue responses are keyed on `get_catalog_version()`.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction


class SharedVersion:
    """A version string in the shared cache, read at most once per `local_ttl` seconds per
    process: a bump made by another process is seen within `local_ttl`, one made by this
    process at once."""

    def __init__(self, key: str, *, local_ttl: float):
        self.key = key
        self.local_ttl = local_ttl
        self._version: str | None = None
        self._read_at = 0.0

    def get(self) -> str:
        now = time.monotonic()
        if self._version is not None and now - self._read_at < self.local_ttl:
            return self._version
        version = cache.get(self.key)
        if version is None:
            version = str(time.time_ns())
            cache.add(self.key, version, timeout=None)
            version = cache.get(self.key, version)
        self._version, self._read_at = version, now
        return version

    def renew(self) -> str:
        """A new version at once (no second bump after commit); returns it."""
        version = str(time.time_ns())
        cache.set(self.key, version, timeout=None)
        self._version, self._read_at = version, time.monotonic()
        return version

    def _bump(self) -> None:
        self.renew()

    def bump(self) -> None:
        """Retire the current version now and again once the transaction commits.

        The bump after commit is the one that matters: a request that read the old rows between
        the first bump and the commit may have cached them under the new version, and the second
        bump retires that copy. The first bump costs nothing if the transaction rolls back."""
        self._bump()
        transaction.on_commit(self._bump)

    def forget(self) -> None:
        """Read the shared value again on the next `get()`."""
        self._version = None


CATALOG_VERSION_KEY = "catalog:version"
# Remembered for half a second per process, saving a Redis round trip on every cached answer;
# the promise is "a change is visible within a second".
_catalog = SharedVersion(CATALOG_VERSION_KEY, local_ttl=0.5)


def get_catalog_version() -> str:
    return _catalog.get()


def bump_catalog_version() -> None:
    """Invalidate cached catalogue responses now and again once the transaction commits."""
    _catalog.bump()
