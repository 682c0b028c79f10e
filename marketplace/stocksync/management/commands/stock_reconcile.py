"""Print the reconciliation report of a stock channel, optionally against the channel's counts.

manage.py stock_reconcile galeri-pos [--counts pos-export.csv]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from marketplace.core.exceptions import DomainError

from ...models import StockChannel
from ...services.reconciliation import build_reconciliation_report
from ...services.stocktake import parse_stock_count_csv


class Command(BaseCommand):
    help = "Laporan rekonsiliasi stok sebuah kanal (buku besar vs stok, dan vs hitungan kanal)."

    def add_arguments(self, parser):
        parser.add_argument("channel")
        parser.add_argument("--counts", help="CSV (sku, quantity) exported by the channel")

    def handle(self, *args, **options):
        channel = StockChannel.objects.filter(code=options["channel"]).first()
        if channel is None:
            raise CommandError(f"Kanal {options['channel']} tidak ditemukan.")
        counts = None
        if options["counts"]:
            try:
                with open(options["counts"], encoding="utf-8-sig") as handle:
                    rows = parse_stock_count_csv(handle.read())
            except (OSError, DomainError) as exc:
                raise CommandError(str(exc))
            counts = {}
            for row in rows:
                try:
                    counts[row.sku] = int(row.raw_quantity)
                except ValueError:
                    raise CommandError(f"baris {row.line}: jumlah bukan bilangan bulat")
        report = build_reconciliation_report(channel=channel, channel_counts=counts)
        self.stdout.write(f"Rekonsiliasi {channel.code} ({report.generated_at:%Y-%m-%d %H:%M} UTC)")
        self.stdout.write(
            f"{'SKU':<20}{'stok':>8}{'alok':>8}{'resv':>8}{'tersedia':>10}{'buku':>8}{'kanal':>8}{'selisih':>9}"
        )
        for line in report.lines:
            self.stdout.write(
                f"{line.sku:<20}{line.quantity:>8}{line.allocated:>8}{line.reserved:>8}{line.available:>10}"
                f"{'-' if line.ledger_quantity is None else line.ledger_quantity:>8}"
                f"{'-' if line.channel_quantity is None else line.channel_quantity:>8}"
                f"{'-' if line.difference is None else line.difference:>9}"
                + ("" if line.ledger_ok else "  BUKU TIDAK COCOK")
            )
        for sku in report.unknown_channel_skus:
            self.stdout.write(f"SKU kanal tidak dikenal: {sku}")
        self.stdout.write(
            "Peristiwa masuk: "
            + ", ".join(f"{k}={v}" for k, v in sorted(report.events_by_status.items()))
        )
        self.stdout.write(f"Selisih: {len(report.mismatches)}")
