"""The vendor ledger: earnings, commission, holds, releases and payouts.

Invariant (tested with hypothesis): Σ all ledger entries = Σ captured payments − Σ refunds, and
for each vendor order, its entries sum to what the shopper paid for it minus what was refunded.

- Payment captured → per vendor order: SALE on VENDOR_HELD (total − commission) and COMMISSION on
  PLATFORM_COMMISSION (commission). A platform-funded discount (`platform_funded_discount`) is
  added to the SALE and booked as a negative COMMISSION (the platform pays it); a vendor-funded
  one is simply not in `total`.
- Refund of R on a vendor order → commission is reversed in proportion, cumulatively (so the last
  Rupiah of a full refund reverses exactly what was booked), the rest from the vendor's share,
  taken from HELD before release and from AVAILABLE after.
- Refund that failed for good at the provider → the opposite of exactly the entries that refund
  booked (same kinds, opposite signs), so statements count it as never refunded.
- Delivered + return window → RELEASE moves the vendor order's HELD balance to AVAILABLE.
- Payout batch → AVAILABLE to PAID_OUT for every vendor above the minimum.

Every entry has a UNIQUE business key, so a replayed booking writes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from marketplace.core.money import ZERO, quantize_rupiah
from marketplace.notifications.outbox import emit_event

from ..models import VENDOR_ACCOUNTS, LedgerAccount, LedgerEntry, LedgerEntryKind, Payout


def _entry(vendor_order, account, kind, amount, *, key: str, description: str) -> LedgerEntry:
    """One entry of a vendor order; `key` makes booking it twice impossible (unique)."""
    return LedgerEntry(
        account=account,
        kind=kind,
        vendor_id=vendor_order.vendor_id,
        vendor_order=vendor_order,
        amount=amount,
        business_key=key,
        description=description,
    )


def _entries(rows: list[LedgerEntry]) -> None:
    LedgerEntry.objects.bulk_create([r for r in rows if r.amount], ignore_conflicts=True)


def _platform_funded(vendor_order) -> Decimal:
    return getattr(vendor_order, "platform_funded_discount", None) or ZERO


def _booked_commission(vendor_order) -> Decimal:
    """What PLATFORM_COMMISSION got for this vendor order: the commission minus the discounts the
    platform funds (a promotion paid for by the platform is paid to the vendor out of it)."""
    return vendor_order.commission - _platform_funded(vendor_order)


def book_sale(vendor_order) -> None:
    """The shopper's money for this vendor order arrived (caller holds the order lock).

    Vendor-funded discounts are already out of `total` (the vendor earns less); platform-funded
    ones are added back to the vendor's earnings and taken from the platform's commission, so
    the entries still sum to `total`, what the shopper paid."""
    subsidy = _platform_funded(vendor_order)
    earnings = vendor_order.total + subsidy - vendor_order.commission
    _entries(
        [
            _entry(
                vendor_order,
                LedgerAccount.VENDOR_HELD,
                LedgerEntryKind.SALE,
                earnings,
                key=f"sale:{vendor_order.pk}",
                description=f"Penjualan {vendor_order.number}",
            ),
            _entry(
                vendor_order,
                LedgerAccount.PLATFORM_COMMISSION,
                LedgerEntryKind.COMMISSION,
                vendor_order.commission,
                key=f"commission:{vendor_order.pk}",
                description=f"Komisi {vendor_order.number}",
            ),
            _entry(
                vendor_order,
                LedgerAccount.PLATFORM_COMMISSION,
                LedgerEntryKind.COMMISSION,
                -subsidy,
                key=f"promotion-subsidy:{vendor_order.pk}",
                description=f"Promo ditanggung platform {vendor_order.number}",
            ),
        ]
    )


def _balance(vendor_order, account: str) -> Decimal:
    return (
        LedgerEntry.objects.filter(vendor_order=vendor_order, account=account).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )


def _commission_reversed(vendor_order) -> Decimal:
    """Commission given back so far for this vendor order (net of refunds that failed)."""
    reversed_ = LedgerEntry.objects.filter(
        vendor_order=vendor_order, kind=LedgerEntryKind.COMMISSION_REVERSAL
    ).aggregate(s=Sum("amount"))["s"]
    return -(reversed_ or ZERO)


def _vendor_account(vendor_order) -> str:
    """Where the vendor's share of this vendor order sits now: HELD until released."""
    released = LedgerEntry.objects.filter(
        vendor_order=vendor_order, kind=LedgerEntryKind.RELEASE
    ).exists()
    return LedgerAccount.VENDOR_AVAILABLE if released else LedgerAccount.VENDOR_HELD


def book_refund(vendor_order, *, amount: Decimal, refunded_before: Decimal, key: str) -> None:
    """Reverse what was booked for `amount` of this vendor order (caller holds the order lock).

    The commission part is the cumulative share for everything refunded after this one minus
    what the ledger already reversed, so the last Rupiah of a full refund reverses exactly what
    was booked, even after an earlier refund failed and was undone (`reverse_failed_refund`)."""
    if not vendor_order.total:
        return
    refunded_after = refunded_before + amount
    booked = _booked_commission(vendor_order)  # reverse what was booked, net of promo subsidy
    commission_after = quantize_rupiah(booked * refunded_after / vendor_order.total)
    commission_part = commission_after - _commission_reversed(vendor_order)
    vendor_part = amount - commission_part
    account = _vendor_account(vendor_order)
    _entries(
        [
            _entry(
                vendor_order,
                account,
                LedgerEntryKind.REFUND,
                -vendor_part,
                key=f"{key}:vendor",
                description=f"Pengembalian dana {vendor_order.number}",
            ),
            _entry(
                vendor_order,
                LedgerAccount.PLATFORM_COMMISSION,
                LedgerEntryKind.COMMISSION_REVERSAL,
                -commission_part,
                key=f"{key}:commission",
                description=f"Koreksi komisi {vendor_order.number}",
            ),
        ]
    )


def reverse_failed_refund(vendor_order, *, key: str) -> Decimal:
    """Undo `book_refund(..., key=key)` for a refund the provider never paid (caller holds the
    order lock). Books the opposite of each entry that refund wrote, keyed `<key>:failed:…` so
    it can happen once; returns the amount given back to this vendor order's entries.

    The vendor's share goes back where it would be now: HELD, or AVAILABLE if the vendor order
    was released in between (its HELD balance has already moved, and is released only once)."""
    booked = {
        entry.business_key: entry
        for entry in LedgerEntry.objects.filter(
            business_key__in=[f"{key}:vendor", f"{key}:commission"]
        )
    }
    vendor_entry = booked.get(f"{key}:vendor")
    commission_entry = booked.get(f"{key}:commission")
    vendor_part = -vendor_entry.amount if vendor_entry else ZERO
    commission_part = -commission_entry.amount if commission_entry else ZERO
    _entries(
        [
            _entry(
                vendor_order,
                _vendor_account(vendor_order),
                LedgerEntryKind.REFUND,
                vendor_part,
                key=f"{key}:failed:vendor",
                description=f"Pengembalian dana gagal {vendor_order.number}",
            ),
            _entry(
                vendor_order,
                LedgerAccount.PLATFORM_COMMISSION,
                LedgerEntryKind.COMMISSION_REVERSAL,
                commission_part,
                key=f"{key}:failed:commission",
                description=f"Koreksi komisi dibatalkan {vendor_order.number}",
            ),
        ]
    )
    return vendor_part + commission_part


def release_vendor_order(vendor_order) -> Decimal:
    """Move the vendor order's held earnings to available (caller holds the order lock)."""
    held = _balance(vendor_order, LedgerAccount.VENDOR_HELD)
    if held:
        _entries(
            [
                _entry(
                    vendor_order,
                    LedgerAccount.VENDOR_HELD,
                    LedgerEntryKind.RELEASE,
                    -held,
                    key=f"release:{vendor_order.pk}:held",
                    description=f"Dana dilepas {vendor_order.number}",
                ),
                _entry(
                    vendor_order,
                    LedgerAccount.VENDOR_AVAILABLE,
                    LedgerEntryKind.RELEASE,
                    held,
                    key=f"release:{vendor_order.pk}:available",
                    description=f"Dana dilepas {vendor_order.number}",
                ),
            ]
        )
    return held


def release_due_earnings(*, now: datetime | None = None) -> int:
    """Complete every vendor order delivered more than the return window ago; returns how many."""
    from marketplace.orders.models import VendorOrder, VendorOrderStatus
    from marketplace.orders.services.transitions import complete_vendor_order

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ORDER_RETURN_WINDOW_DAYS)
    due = list(
        VendorOrder.objects.filter(status=VendorOrderStatus.DELIVERED, delivered_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for vendor_order_id in due:
        if complete_vendor_order(
            VendorOrder.objects.get(pk=vendor_order_id), actor_label="task:release_earnings"
        ):
            done += 1
    return done


def vendor_balances(vendor_id: int) -> dict[str, Decimal]:
    rows = (
        LedgerEntry.objects.filter(vendor_id=vendor_id, account__in=VENDOR_ACCOUNTS)
        .values("account")
        .annotate(s=Sum("amount"))
    )
    balances = dict.fromkeys(VENDOR_ACCOUNTS, ZERO)
    for row in rows:
        balances[row["account"]] = row["s"] or ZERO
    return balances


def run_payouts(*, batch: str | None = None, now: datetime | None = None) -> list[Payout]:
    """Pay every vendor its available balance (at least PAYOUT_MINIMUM_AMOUNT); one per batch.

    The batch name (the WIB date by default) is UNIQUE per vendor, so a retried task pays nobody
    twice."""
    now = now or timezone.now()
    batch = batch or timezone.localtime(now).strftime("%Y%m%d")
    minimum = Decimal(settings.PAYOUT_MINIMUM_AMOUNT)
    candidates = (
        LedgerEntry.objects.filter(account=LedgerAccount.VENDOR_AVAILABLE)
        .values("vendor_id")
        .annotate(s=Sum("amount"))
        .filter(s__gte=minimum)
        .order_by("vendor_id")
    )
    payouts = []
    for row in candidates:
        payout = _pay_vendor(row["vendor_id"], batch=batch, minimum=minimum)
        if payout is not None:
            payouts.append(payout)
    return payouts


@transaction.atomic
def _pay_vendor(vendor_id: int, *, batch: str, minimum: Decimal) -> Payout | None:
    from vendors.models import Vendor

    Vendor.objects.select_for_update().filter(
        pk=vendor_id
    ).first()  # one payout run per vendor at a time
    if Payout.objects.filter(vendor_id=vendor_id, batch=batch).exists():
        return None
    available = vendor_balances(vendor_id)[LedgerAccount.VENDOR_AVAILABLE]
    if available < minimum:
        return None
    payout = Payout.objects.create(
        vendor_id=vendor_id, amount=available, batch=batch, reference=f"PO-{batch}-{vendor_id}"
    )
    _entries(
        [
            LedgerEntry(
                account=LedgerAccount.VENDOR_AVAILABLE,
                kind=LedgerEntryKind.PAYOUT,
                vendor_id=vendor_id,
                payout=payout,
                amount=-available,
                business_key=f"payout:{payout.pk}:available",
                description=f"Pencairan {payout.reference}",
            ),
            LedgerEntry(
                account=LedgerAccount.VENDOR_PAID_OUT,
                kind=LedgerEntryKind.PAYOUT,
                vendor_id=vendor_id,
                payout=payout,
                amount=available,
                business_key=f"payout:{payout.pk}:paid",
                description=f"Pencairan {payout.reference}",
            ),
        ]
    )
    emit_event(
        "payout.sent",
        {
            "payout_id": payout.pk,
            "reference": payout.reference,
            "amount": str(available),
            "batch": batch,
        },
        vendor_id=vendor_id,
        aggregate_type="payout",
        aggregate_id=payout.pk,
    )
    return payout


@dataclass
class StatementLine:
    created_at: datetime
    kind: str
    account: str
    reference: str
    description: str
    amount: Decimal


@dataclass
class VendorStatement:
    vendor_id: int
    date_from: datetime | None
    date_to: datetime | None
    lines: list[StatementLine] = field(default_factory=list)
    gross_sales: Decimal = ZERO  # what shoppers paid for this vendor's orders (goods + shipping)
    refunds: Decimal = ZERO
    commission: Decimal = ZERO  # net of reversals
    net_earnings: Decimal = ZERO  # gross − refunds − commission
    payouts: Decimal = ZERO
    held: Decimal = ZERO
    available: Decimal = ZERO
    paid_out: Decimal = ZERO


def vendor_statement(
    *, vendor_id: int, date_from: datetime | None = None, date_to: datetime | None = None
) -> VendorStatement:
    """Every ledger line of the vendor in [date_from, date_to) with totals that add up exactly:
    gross_sales − refunds = net_earnings + commission; balances are as of date_to."""
    window = Q(vendor_id=vendor_id)
    if date_from:
        window &= Q(created_at__gte=date_from)
    if date_to:
        window &= Q(created_at__lt=date_to)
    entries = list(
        LedgerEntry.objects.filter(window)
        .select_related("vendor_order", "payout")
        .order_by("created_at", "pk")
    )
    statement = VendorStatement(vendor_id=vendor_id, date_from=date_from, date_to=date_to)
    for entry in entries:
        reference = (
            entry.vendor_order.number
            if entry.vendor_order
            else (entry.payout.reference if entry.payout else "")
        )
        statement.lines.append(
            StatementLine(
                entry.created_at,
                entry.kind,
                entry.account,
                reference,
                entry.description,
                entry.amount,
            )
        )
        if entry.kind in (LedgerEntryKind.SALE, LedgerEntryKind.COMMISSION):
            statement.gross_sales += entry.amount
        elif entry.kind in (LedgerEntryKind.REFUND, LedgerEntryKind.COMMISSION_REVERSAL):
            statement.refunds -= entry.amount
        if entry.account == LedgerAccount.PLATFORM_COMMISSION:
            statement.commission += entry.amount
        if entry.kind == LedgerEntryKind.PAYOUT and entry.account == LedgerAccount.VENDOR_PAID_OUT:
            statement.payouts += entry.amount
    statement.net_earnings = statement.gross_sales - statement.refunds - statement.commission
    balances = LedgerEntry.objects.filter(vendor_id=vendor_id, account__in=VENDOR_ACCOUNTS)
    if date_to:
        balances = balances.filter(created_at__lt=date_to)
    totals = {
        row["account"]: row["s"] for row in balances.values("account").annotate(s=Sum("amount"))
    }
    statement.held = totals.get(LedgerAccount.VENDOR_HELD) or ZERO
    statement.available = totals.get(LedgerAccount.VENDOR_AVAILABLE) or ZERO
    statement.paid_out = totals.get(LedgerAccount.VENDOR_PAID_OUT) or ZERO
    return statement


def statement_csv(statement: VendorStatement) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["tanggal", "jenis", "akun", "referensi", "keterangan", "jumlah"])
    for line in statement.lines:
        writer.writerow(
            [
                timezone.localtime(line.created_at).isoformat(timespec="seconds"),
                line.kind,
                line.account,
                line.reference,
                line.description,
                f"{line.amount:.0f}",
            ]
        )
    writer.writerow([])
    for label, value in (
        ("penjualan_kotor", statement.gross_sales),
        ("pengembalian_dana", statement.refunds),
        ("komisi", statement.commission),
        ("pendapatan_bersih", statement.net_earnings),
        ("pencairan", statement.payouts),
        ("saldo_ditahan", statement.held),
        ("saldo_tersedia", statement.available),
        ("sudah_dicairkan", statement.paid_out),
    ):
        writer.writerow(["", "TOTAL", label, "", "", f"{value:.0f}"])
    return out.getvalue()
