"""`manage.py load_benchmark_data`: 1,000 products × 10 variants from 50 vendors (bulk, idempotent)
for `benchmarks/catalogue.py`. Meant for a dedicated database such as `galeri_bench`."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.core.demo.benchmark_data import (
    BENCH_SHOPPER_EMAIL,
    BENCH_SHOPPER_PASSWORD,
    load_benchmark_data,
)


class Command(BaseCommand):
    help = "Memuat data benchmark katalog (50 vendor, 1.000 produk, 10.000 varian). Aman dijalankan ulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Izinkan dengan DEBUG mati (akun pembeli benchmark memakai kata sandi yang diketahui umum).",
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Data benchmark membuat akun dengan kata sandi yang diketahui umum; pakai basis data "
                "khusus (mis. galeri_bench) dan tambahkan --force."
            )
        started = time.monotonic()
        report = load_benchmark_data(
            progress=(lambda m: self.stdout.write(f"  {m}")) if verbosity >= 1 else None
        )
        elapsed = time.monotonic() - started
        if report.changed:
            created = ", ".join(f"{k} {v}" for k, v in sorted(report.created.items()) if v)
            self.stdout.write(
                self.style.SUCCESS(f"Data benchmark dimuat dalam {elapsed:.1f} s: {created}.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data benchmark sudah lengkap; tidak ada yang diubah ({elapsed:.1f} s)."
                )
            )
        self.stdout.write(f"{report.products} produk, {report.variants} varian.")
        self.stdout.write(f"Pembeli benchmark: {BENCH_SHOPPER_EMAIL} / {BENCH_SHOPPER_PASSWORD}")
