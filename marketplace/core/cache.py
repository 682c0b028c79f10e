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


def get_catalog_version() -> str:
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(CATALOG_VERSION_KEY, version, timeout=None)
        version = cache.get(CATALOG_VERSION_KEY, version)
    return version


def _bump() -> None:
    cache.set(CATALOG_VERSION_KEY, str(time.time_ns()), timeout=None)


def bump_catalog_version() -> None:
    """Invalidate cached catalogue responses once the current transaction commits."""
    transaction.on_commit(_bump)
