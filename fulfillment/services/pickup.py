"""Click-and-collect parcels nobody collects go back to the seller's stand after the hub's hold
period (business days), so stock and money do not wait forever on a shelf at the counter."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..calendar import BusinessCalendar, local
from ..carriers.registry import get_hub
from ..models import Shipment, ShipmentEvent
from ..models import ShipmentStatus as S
from .tracking import lock_shipment, move_shipment


def return_uncollected_pickups(*, now: datetime | None = None) -> int:
    """Move READY_FOR_PICKUP parcels past the hold period to RETURNED. Returns how many."""
    hub = get_hub()
    if hub is None:
        return 0
    now = now or timezone.now()
    calendar = BusinessCalendar()
    today = local(now).date()
    returned = 0
    waiting = Shipment.objects.filter(carrier="pickup", status=S.READY_FOR_PICKUP).order_by("pk")
    for shipment in waiting.only("pk", "picked_up_at"):
        ready_on = local(shipment.picked_up_at or now).date()
        if calendar.business_days_between(ready_on, today) < hub.pickup_hold_days:
            continue
        with transaction.atomic():
            locked = lock_shipment(shipment.pk)
            if locked.status != S.READY_FOR_PICKUP:
                continue
            move_shipment(
                locked,
                S.RETURNED,
                description=f"Tidak diambil dalam {hub.pickup_hold_days} hari kerja; kembali ke penjual",
                location=hub.name,
                source=ShipmentEvent.Source.SYSTEM,
            )
            returned += 1
    return returned
