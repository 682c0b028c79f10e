"""The reconciliation report: does our stock agree with its ledger and with the channel?

For one channel's warehouse, per SKU: on hand, allocated, live reservations, available; whether
the last movement's `quantity_after` equals the stock row (the ledger agrees); and, when the
channel's own counts are given (a CSV from the POS), the difference. Plus a summary of the
channel's inbound events (applied, conflicts, rejected) in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from marketplace.inventory.models import Reservation, Stock, StockMovement

from ..models import InboundStockEvent, StockChannel


@dataclass
class ReconciliationLine:
    sku: str
    quantity: int
    allocated: int
    reserved: int
    available: int
    ledger_quantity: int | None
    ledger_ok: bool
    channel_quantity: int | None = None

    @property
    def difference(self) -> int | None:
        return None if self.channel_quantity is None else self.channel_quantity - self.quantity


@dataclass
class ReconciliationReport:
    channel: StockChannel
    generated_at: datetime
    since: datetime | None
    lines: list[ReconciliationLine] = field(default_factory=list)
    events_by_status: dict[str, int] = field(default_factory=dict)
    unknown_channel_skus: list[str] = field(default_factory=list)

    @property
    def mismatches(self) -> list[ReconciliationLine]:
        return [
            line for line in self.lines if not line.ledger_ok or (line.difference not in (None, 0))
        ]


def build_reconciliation_report(
    *,
    channel: StockChannel,
    channel_counts: dict[str, int] | None = None,
    since: datetime | None = None,
) -> ReconciliationReport:
    now = timezone.now()
    stocks = list(
        Stock.objects.filter(warehouse_id=channel.warehouse_id)
        .select_related("variant")
        .order_by("pk")
    )
    reserved = dict(
        Reservation.objects.filter(stock__in=stocks, expires_at__gt=now)
        .values("stock_id")
        .annotate(n=Sum("quantity"))
        .values_list("stock_id", "n")
    )
    latest = StockMovement.objects.filter(stock=OuterRef("pk")).order_by("-created_at", "-pk")
    last_after: dict[int, int | None] = dict(
        Stock.objects.filter(pk__in=[s.pk for s in stocks])
        .annotate(last=Subquery(latest.values("quantity_after")[:1]))
        .values_list("pk", "last")
    )
    report = ReconciliationReport(channel=channel, generated_at=now, since=since)
    counts = dict(channel_counts or {})
    for stock in stocks:
        ledger = last_after.get(stock.pk)
        held = reserved.get(stock.pk) or 0
        report.lines.append(
            ReconciliationLine(
                sku=stock.variant.sku,
                quantity=stock.quantity,
                allocated=stock.quantity_allocated,
                reserved=held,
                available=max(stock.quantity - stock.quantity_allocated - held, 0),
                ledger_quantity=ledger,
                ledger_ok=ledger is None or ledger == stock.quantity,
                channel_quantity=counts.pop(stock.variant.sku, None),
            )
        )
    report.unknown_channel_skus = sorted(counts)
    events = InboundStockEvent.objects.filter(channel=channel)
    if since is not None:
        events = events.filter(received_at__gte=since)
    report.events_by_status = dict(
        events.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return report
