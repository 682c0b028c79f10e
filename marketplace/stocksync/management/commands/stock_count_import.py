"""Import a CSV stocktake for a warehouse or channel, printing progress and the report.

manage.py stock_count_import opname.csv --warehouse 3 [--atomic]
manage.py stock_count_import opname.csv --channel galeri-pos
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from marketplace.core.exceptions import DomainError
from vendors.models import Warehouse

from ...models import StockChannel
from ...services.stocktake import create_stock_count, run_stock_count


class Command(BaseCommand):
    help = "Impor stock opname dari CSV (kolom sku, quantity) dengan laporan per baris."

    def add_arguments(self, parser):
        parser.add_argument("path")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--warehouse", type=int, help="Warehouse id")
        target.add_argument("--channel", help="Stock channel code")
        parser.add_argument(
            "--atomic", action="store_true", help="Apply nothing if any row is bad."
        )

    def handle(self, *args, **options):
        try:
            with open(options["path"], encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as exc:
            raise CommandError(f"Tidak bisa membaca {options['path']}: {exc}")
        channel = None
        if options["channel"]:
            channel = (
                StockChannel.objects.select_related("warehouse")
                .filter(code=options["channel"])
                .first()
            )
            if channel is None:
                raise CommandError(f"Kanal {options['channel']} tidak ditemukan.")
            warehouse = channel.warehouse
        else:
            warehouse = Warehouse.objects.filter(pk=options["warehouse"]).first()
            if warehouse is None:
                raise CommandError(f"Gudang {options['warehouse']} tidak ditemukan.")
        try:
            count = create_stock_count(
                warehouse=warehouse,
                channel=channel,
                csv_text=text,
                atomic=options["atomic"],
                filename=options["path"],
            )
        except DomainError as exc:
            raise CommandError(str(exc))

        def progress(processed: int, total: int) -> None:
            self.stdout.write(
                f"progres: {processed}/{total} baris ({processed * 100 // max(total, 1)}%)"
            )

        count = run_stock_count(count_id=count.pk, progress=progress)
        self.stdout.write(
            f"stock opname #{count.pk}: {count.status} — {count.applied_rows} berubah, "
            f"{count.unchanged_rows} sama, {count.refused_rows} ditolak dari {count.total_rows} baris"
        )
        for change in count.changes:
            self.stdout.write(
                f"  baris {change['line']}: {change['sku']} {change['before']} → {change['after']}"
            )
        for refusal in count.refusals:
            self.stdout.write(
                f"  DITOLAK baris {refusal['line']}: {refusal['sku'] or '-'} [{refusal['code']}] {refusal['message']}"
            )
