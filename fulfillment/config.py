"""The shipping configuration admins keep (zones, tariffs, same-day courier, hub, closures),
read once per process instead of on every quote.

A quote needs the whole configuration (which carriers exist, the zone of the destination, the
weight brackets, the hub, admin closures for the calendar); reading it costs six queries, and a
checkout quotes every vendor group on every page and again at completion. The configuration
changes a few times a year, so each process keeps one snapshot, keyed by a version in Redis:

- any save or delete of a configuration row (admin, `seed_shipping_defaults`, services) bumps
  the version at once and again after commit (`post_save`/`post_delete` signals below), so every
  process reloads on its next quote;
- a snapshot read inside a transaction that itself changed the configuration is used but not
  kept (that transaction may still roll back);
- a snapshot is reloaded after `LOCAL_TTL_SECONDS` whatever happens, which bounds the effect of a
  change that bypassed the signals (`QuerySet.update()`, raw SQL); `clear_shipping_config()`
  forces it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "fulfillment:config:version"
LOCAL_TTL_SECONDS = 60.0

_local: dict = {"entry": None}  # (version, ShippingConfig, loaded_at)
_dirty = threading.local()  # versions bumped by this thread's still-open transaction


@dataclass(frozen=True)
class ShippingConfig:
    zones: tuple  # active ShippingZone rows; `zone.areas.all()` / `zone.rates.all()` prefetched
    same_day: object | None  # the first active SameDayService
    hub: object | None  # the GalleryHub
    closures: frozenset[date]  # NonWorkingDay dates

    @property
    def has_zones(self) -> bool:
        return bool(self.zones)

    @property
    def any_in_house_carrier(self) -> bool:
        return bool(self.zones) or self.same_day is not None or self.hub is not None

    def rates_of(self, zone) -> list:
        return list(zone.rates.all())


def _load() -> ShippingConfig:
    from .models import GalleryHub, NonWorkingDay, SameDayService, ShippingZone

    zones = tuple(ShippingZone.objects.filter(is_active=True).prefetch_related("areas", "rates"))
    return ShippingConfig(
        zones=zones,
        same_day=SameDayService.objects.filter(is_active=True).order_by("pk").first(),
        hub=GalleryHub.objects.order_by("pk").first(),
        closures=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
    )


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def shipping_config() -> ShippingConfig:
    """The current configuration (one Redis read; the six queries only after a change)."""
    version = _version()
    entry = _local["entry"]
    now = time.monotonic()
    if entry is not None and entry[0] == version and now - entry[2] < LOCAL_TTL_SECONDS:
        return entry[1]
    config = _load()
    if not (connection.in_atomic_block and version in getattr(_dirty, "versions", ())):
        _local["entry"] = (version, config, now)
    return config


def clear_shipping_config() -> None:
    """Forget this process's snapshot (the next quote reloads it)."""
    _local["entry"] = None


def _bump() -> str:
    version = str(time.time_ns())
    cache.set(VERSION_KEY, version, timeout=None)
    _local["entry"] = None
    return version


def _bump_after_commit() -> None:
    _dirty.versions = set()
    _bump()


def bump_shipping_config() -> None:
    """Retire every process's snapshot now and again once the transaction commits."""
    version = _bump()
    if connection.in_atomic_block:
        if not hasattr(_dirty, "versions"):
            _dirty.versions = set()
        _dirty.versions.add(version)
    transaction.on_commit(_bump_after_commit)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_shipping_config()


def connect_signals() -> None:
    from .models import (
        GalleryHub,
        NonWorkingDay,
        SameDayService,
        ShippingRate,
        ShippingZone,
        ShippingZoneArea,
    )

    for model in (
        ShippingZone,
        ShippingZoneArea,
        ShippingRate,
        SameDayService,
        GalleryHub,
        NonWorkingDay,
    ):
        uid = f"fulfillment-config-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
