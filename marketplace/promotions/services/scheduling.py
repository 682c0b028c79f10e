"""Prices shown never lag a promotion's start or end by more than a minute.

Beat runs `refresh_catalog_for_promotion_windows` every 30 seconds. It looks for sales and flash
sales whose window opened or closed since its last run and, if any did, bumps the catalogue
version so every cached catalogue answer is recomputed with the new prices. Changes made through
the services (create, update, delete, a flash sale selling out) bump at once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.core.cache import bump_catalog_version

from ..models import FlashSale, PromotionScheduleCursor, Sale


def _window_crossed(model, since: datetime, until: datetime) -> bool:
    return (
        model.objects.filter(is_active=True)
        .filter(
            Q(starts_at__gt=since, starts_at__lte=until) | Q(ends_at__gt=since, ends_at__lte=until)
        )
        .exists()
    )


def refresh_catalog_for_promotion_windows(*, now: datetime | None = None) -> bool:
    """Bump the catalogue version if a promotion started or ended since the last run."""
    now = now or timezone.now()
    with transaction.atomic():
        cursor, created = PromotionScheduleCursor.objects.select_for_update().get_or_create(
            key="catalog", defaults={"checked_at": now}
        )
        if created:
            bump_catalog_version()  # first run: nothing is known about what came before
            return True
        since = cursor.checked_at
        if now <= since:
            return False
        changed = _window_crossed(Sale, since, now) or _window_crossed(FlashSale, since, now)
        cursor.checked_at = now
        cursor.save(update_fields=["checked_at"])
        if changed:
            bump_catalog_version()
        return changed
