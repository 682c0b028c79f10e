"""`manage.py load_demo`: the demo marketplace (vendors of Semarang's sentra IKM, ~170 products,
demo accounts). Idempotent: a second run changes nothing and says so."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.core.demo.loader import load_demo


class Command(BaseCommand):
    help = "Memuat data demo Galeri IKM (vendor, produk, stok, gambar, akun demo). Aman dijalankan ulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Izinkan dengan DEBUG mati (akun demo memakai kata sandi yang diketahui umum).",
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Data demo membuat akun dengan kata sandi yang diketahui umum. Jalankan dengan "
                "DJANGO_DEBUG=1, atau tambahkan --force bila ini memang server demo."
            )
        started = time.monotonic()

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {message}")

        self.stdout.write("Memuat data demo Galeri IKM…")
        report = load_demo(progress=progress)
        elapsed = time.monotonic() - started
        if report.changed:
            created = ", ".join(
                f"{name} {count}" for name, count in sorted(report.created.items()) if count
            )
            self.stdout.write(
                self.style.SUCCESS(f"Data demo dimuat dalam {elapsed:.1f} s: {created}.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo sudah lengkap; tidak ada yang diubah ({elapsed:.1f} s)."
                )
            )
        self.stdout.write(f"{report.vendors} vendor disetujui, {report.products} produk tayang.")
        self.stdout.write("Akun demo (kata sandi tidak diubah bila akunnya sudah ada):")
        for role, email, password in report.accounts:
            self.stdout.write(f"  {role:<36} {email:<26} {password}")
