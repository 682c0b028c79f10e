"""Shown prices never lag a promotion's start or end: the beat task bumps the catalogue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.core.cache import get_catalog_version
from marketplace.promotions.models import PromotionScheduleCursor, Sale
from marketplace.promotions.tasks import REFRESH_TASK_NAME, refresh_promotion_prices

pytestmark = pytest.mark.django_db(transaction=True)


def test_beat_runs_the_refresh_every_30_seconds():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == REFRESH_TASK_NAME]
    assert entries and entries[0]["schedule"] <= 30


def test_the_catalogue_is_bumped_when_a_sale_starts_or_ends_and_not_otherwise():
    now = timezone.now()
    PromotionScheduleCursor.objects.create(key="catalog", checked_at=now - timedelta(seconds=30))
    Sale.objects.create(
        name="Harbolnas",
        type="PERCENTAGE",
        value=Decimal("12"),
        starts_at=now + timedelta(seconds=20),
        ends_at=now + timedelta(seconds=50),
    )
    before = get_catalog_version()
    assert refresh_promotion_prices.apply().get() is False  # nothing started since the last run
    assert get_catalog_version() == before

    cursor = PromotionScheduleCursor.objects.get()
    cursor.checked_at = now + timedelta(seconds=10)
    cursor.save()
    from marketplace.promotions.services.scheduling import refresh_catalog_for_promotion_windows

    assert refresh_catalog_for_promotion_windows(now=now + timedelta(seconds=40)) is True  # started
    started = get_catalog_version()
    assert started != before
    assert refresh_catalog_for_promotion_windows(now=now + timedelta(seconds=45)) is False
    assert get_catalog_version() == started
    assert refresh_catalog_for_promotion_windows(now=now + timedelta(seconds=75)) is True  # ended
    assert get_catalog_version() != started
