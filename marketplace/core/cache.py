"""The catalogue version: one value that every cached anonymous catalogue response depends on.

Any change a shopper could see in the catalogue (price, stock, publication, vendor status,
promotion start/end) calls `bump_catalog_version()`; after the transaction commits, the version
changes and every cached response keyed on the old version is simply never read again.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

CATALOG_VERSION_KEY = "catalog:version"
# Each process remembers the version for half a second, saving a Redis round trip on every
# cached answer; a change made by another process is therefore seen within 0.5 s (the promise is
# "within a second"), and at once by the process that made it.
LOCAL_TTL_SECONDS = 0.5
_local: dict = {"version": None, "read_at": 0.0}


def get_catalog_version() -> str:
    now = time.monotonic()
    if _local["version"] is not None and now - _local["read_at"] < LOCAL_TTL_SECONDS:
        return _local["version"]
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(CATALOG_VERSION_KEY, version, timeout=None)
        version = cache.get(CATALOG_VERSION_KEY, version)
    _local["version"], _local["read_at"] = version, now
    return version


def _bump() -> None:
    version = str(time.time_ns())
    cache.set(CATALOG_VERSION_KEY, version, timeout=None)
    _local["version"], _local["read_at"] = version, time.monotonic()


def bump_catalog_version() -> None:
    """Invalidate cached catalogue responses now and again once the transaction commits.

    The bump after commit is the one that matters: a request that read the old rows between the
    first bump and the commit may have cached them under the new version, and the second bump
    retires that answer. The first bump costs nothing if the transaction rolls back.
    """
    _bump()
    transaction.on_commit(_bump)
