"""Delivery performance: did we keep the promises we made at checkout?

Per vendor, carrier and service: hours from payment to hand-over (the vendor's handling), hours
from hand-over to delivery (the carrier's transit), and the share of delivered parcels that
arrived on or before the promised date (WIB). Handling-time alerts warn sellers before they break
their promise and record breaches, once per vendor order each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from marketplace.notifications.outbox import emit_event
from marketplace.orders.models import VendorOrder, VendorOrderStatus

from ..calendar import BusinessCalendar, local, ship_by_deadline
from ..models import HandlingTimeAlert, Shipment
from ..models import ShipmentStatus as S


@dataclass(frozen=True)
class PerformanceRow:
    vendor_id: int
    vendor_name: str
    carrier: str
    service: str
    shipments: int
    delivered: int
    on_time: int
    late: int
    returned: int
    failed_attempts: int
    avg_hours_paid_to_shipped: float | None
    avg_hours_shipped_to_delivered: float | None

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time / self.delivered, 4) if self.delivered else None


def _hours(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 2) if value is not None else None


def delivery_performance(
    *,
    vendor_ids: set[int] | None = None,
    carrier: str | None = None,
    service: str | None = None,
    since: datetime | None = None,
) -> list[PerformanceRow]:
    """One row per (vendor, carrier, service) over the vendor orders' own shipments."""
    queryset = Shipment.objects.filter(vendor_order__isnull=False).exclude(status=S.CANCELLED)
    if vendor_ids is not None:
        queryset = queryset.filter(vendor_id__in=vendor_ids)
    if carrier:
        queryset = queryset.filter(carrier=carrier)
    if service:
        queryset = queryset.filter(service=service)
    if since:
        queryset = queryset.filter(created_at__gte=since)
    handling = ExpressionWrapper(
        F("picked_up_at") - F("vendor_order__paid_at"), output_field=DurationField()
    )
    transit = ExpressionWrapper(F("delivered_at") - F("picked_up_at"), output_field=DurationField())
    rows = (
        queryset.values("vendor_id", "vendor__name", "carrier", "service")
        .annotate(
            shipments=Count("pk"),
            delivered=Count("pk", filter=Q(status=S.DELIVERED)),
            on_time=Count(
                "pk",
                filter=Q(status=S.DELIVERED, promised_delivery_date__isnull=False)
                & Q(delivered_at__date__lte=F("promised_delivery_date")),
            ),
            undated=Count("pk", filter=Q(status=S.DELIVERED, promised_delivery_date__isnull=True)),
            returned=Count("pk", filter=Q(status__in=[S.RETURNING, S.RETURNED])),
            failed_attempts_sum=Sum("delivery_attempts"),
            handling=Avg(
                handling, filter=Q(picked_up_at__isnull=False, vendor_order__paid_at__isnull=False)
            ),
            transit=Avg(transit, filter=Q(delivered_at__isnull=False, picked_up_at__isnull=False)),
        )
        .order_by("vendor__name", "carrier", "service")
    )
    return [
        PerformanceRow(
            vendor_id=row["vendor_id"],
            vendor_name=row["vendor__name"],
            carrier=row["carrier"],
            service=row["service"],
            shipments=row["shipments"],
            delivered=row["delivered"],
            on_time=row["on_time"] + row["undated"],
            late=row["delivered"] - row["on_time"] - row["undated"],
            returned=row["returned"],
            failed_attempts=row["failed_attempts_sum"] or 0,
            avg_hours_paid_to_shipped=_hours(row["handling"]),
            avg_hours_shipped_to_delivered=_hours(row["transit"]),
        )
        for row in rows
    ]


def handling_deadline(vendor_order, calendar: BusinessCalendar) -> datetime:
    vendor = vendor_order.vendor
    return ship_by_deadline(
        calendar,
        vendor_order.paid_at,
        handling_days=vendor.handling_days,
        cutoff_hour=vendor.daily_cutoff_hour,
    )


def _alert(vendor_order, kind: str, deadline: datetime, event_kind: str) -> bool:
    try:
        with transaction.atomic():
            HandlingTimeAlert.objects.create(
                vendor_order=vendor_order, kind=kind, deadline=deadline
            )
            emit_event(
                event_kind,
                {
                    "vendorOrderId": vendor_order.pk,
                    "vendorOrderNumber": vendor_order.number,
                    "shipByDeadline": local(deadline).isoformat(),
                    "status": vendor_order.status,
                },
                vendor_id=vendor_order.vendor_id,
                aggregate_type="vendor_order",
                aggregate_id=vendor_order.pk,
            )
    except IntegrityError:
        return False  # already alerted: a re-run of the task sends nothing twice
    return True


def warn_handling_time(*, now: datetime | None = None) -> int:
    """Warn sellers whose unshipped, paid vendor orders near their ship-by deadline; record
    breaches. Returns how many alerts were sent."""
    now = now or timezone.now()
    window = timedelta(hours=float(getattr(settings, "FULFILLMENT_HANDLING_WARNING_HOURS", 6)))
    calendar = BusinessCalendar()
    sent = 0
    candidates = (
        VendorOrder.objects.filter(
            status__in=[
                VendorOrderStatus.PENDING,
                VendorOrderStatus.ACCEPTED,
                VendorOrderStatus.PACKED,
            ],
            paid_at__isnull=False,
        )
        .exclude(
            shipments__status__in=[
                S.READY_FOR_PICKUP,
                S.PICKED_UP,
                S.IN_TRANSIT,
                S.OUT_FOR_DELIVERY,
                S.DELIVERED,
            ]
        )
        .exclude(hub_drop_off__isnull=False)
        .select_related("vendor")
        .order_by("paid_at", "pk")
    )
    for vendor_order in candidates.iterator(chunk_size=500):
        deadline = handling_deadline(vendor_order, calendar)
        if now >= deadline:
            sent += _alert(
                vendor_order,
                HandlingTimeAlert.Kind.BREACH,
                deadline,
                "vendor.handling_time_breached",
            )
        elif now >= deadline - window:
            sent += _alert(
                vendor_order,
                HandlingTimeAlert.Kind.WARNING,
                deadline,
                "vendor.handling_time_warning",
            )
    return sent
