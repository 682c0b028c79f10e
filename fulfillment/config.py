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
  forces it;
- the version itself is read from Redis at most once per `VERSION_TTL_SECONDS` per process (one
  checkout request asks for the configuration a dozen times): a change made in another process
  reaches this one within that second, a change made in this process at once.

Each process also remembers where vendors' parcels leave from (`quote_origins`, own version), so
quoting a cart costs no query at all.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from marketplace.core.cache import SharedVersion

VERSION_KEY = "fulfillment:config:version"
LOCAL_TTL_SECONDS = 60.0
VERSION_TTL_SECONDS = 1.0

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


_config_version = SharedVersion(VERSION_KEY, local_ttl=VERSION_TTL_SECONDS)


def shipping_config() -> ShippingConfig:
    """The current configuration (one Redis read; the six queries only after a change)."""
    version = _config_version.get()
    entry = _local["entry"]
    now = time.monotonic()
    if entry is not None and entry[0] == version and now - entry[2] < LOCAL_TTL_SECONDS:
        return entry[1]
    config = _load()
    if not (connection.in_atomic_block and version in getattr(_dirty, "versions", ())):
        _local["entry"] = (version, config, now)
    return config


def clear_shipping_config() -> None:
    """Forget this process's snapshot and quote origins (the next quote reloads them)."""
    _local["entry"] = None
    _config_version.forget()
    forget_quote_origins()


def _bump() -> str:
    _local["entry"] = None
    return _config_version.renew()


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


# Where vendors' parcels leave from, for quotes (`api.quote_origin`): vendor pk and address pk →
# Location. Warehouse and vendor-address changes bump the version; the entries are dropped when
# it changes and after LOCAL_TTL_SECONDS in any case (a change that bypassed the signals).
_origins_version = SharedVersion("fulfillment:origins:version", local_ttl=VERSION_TTL_SECONDS)
_origins: dict = {"version": None, "loaded_at": 0.0, "entries": {}}


def quote_origins() -> dict:
    """The process's remembered quote origins, valid for the current version."""
    version = _origins_version.get()
    now = time.monotonic()
    if _origins["version"] != version or now - _origins["loaded_at"] >= LOCAL_TTL_SECONDS:
        _origins.update(version=version, loaded_at=now, entries={})
    return _origins["entries"]


def forget_quote_origins() -> None:
    _origins_version.forget()
    _origins.update(version=None, entries={})


def _warehouse_changed(sender, **kwargs) -> None:
    """A warehouse saved or deleted may move a vendor's quote origin."""
    if not kwargs.get("raw"):
        _origins_version.bump()


def _address_changed(sender, instance, created=False, **kwargs) -> None:
    """A warehouse's or vendor's address edited in place moves a quote origin (a new address, or
    a shopper's, does not: no query for those)."""
    if kwargs.get("raw") or created:
        return
    from vendors.models import Vendor, Warehouse

    if (
        Warehouse.objects.filter(address_id=instance.pk).exists()
        or Vendor.objects.filter(address_id=instance.pk).exists()
    ):
        _origins_version.bump()


def connect_signals() -> None:
    from marketplace.accounts.models import Address
    from vendors.models import Warehouse

    uid = "fulfillment-origins"
    post_save.connect(_warehouse_changed, sender=Warehouse, dispatch_uid=f"{uid}-warehouse-save")
    post_delete.connect(
        _warehouse_changed, sender=Warehouse, dispatch_uid=f"{uid}-warehouse-delete"
    )
    post_save.connect(_address_changed, sender=Address, dispatch_uid=f"{uid}-address-save")
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
