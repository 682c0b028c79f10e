"""Flash sale under a stampede: N buyers race for Q units. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/flash_sale.py                      # 1,000 buyers, 100 units
    .venv/bin/python benchmarks/flash_sale.py --buyers 1000 --quantity 100 --threads 32

What it does:
1. Creates the PostgreSQL database `galeri_bench_flash` if it is missing and migrates it
   (DATABASE_URL's server; `--skip-migrate` to reuse it as it is).
2. Creates a vendor, a product, a variant with stock and a running flash sale of `--quantity`
   units at a flash price, with a per-customer limit of 1 (fresh rows on every run).
3. Releases `--buyers` buyers at once (a barrier) on a pool of `--threads` threads, each with its
   own PostgreSQL connection (kept open across buyers, as a web worker keeps it). Each buyer does what checkoutComplete does with promotions inside
   one transaction: `collect_promotions` + `price_cart` (reads the quota), then
   `redeem_promotions` (takes the quota with one conditional UPDATE). A buyer who was priced at
   the flash price but lost the race gets QUOTA_EXCEEDED; a buyer priced after the sell-out pays
   the list price (counted as "at list price").
4. Prints: sold at the flash price, oversold (sold − quantity, must be 0, read back from the
   database), time from the start to the last flash unit sold, p50/p95/max latency per buyer,
   and the outcome counts.

Target (issue 7): sold out in ≤ 10 s on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/galeri_bench_flash"


def ensure_database(database_url: str) -> None:
    import psycopg

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
    )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(int(round(q * (len(ordered) - 1))), len(ordered) - 1)
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=1000)
    parser.add_argument("--quantity", type=int, default=100)
    parser.add_argument("--threads", type=int, default=32, help="PostgreSQL connections in use")
    parser.add_argument("--skip-migrate", action="store_true")
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DATABASE_URL", os.environ.get("BENCH_FLASH_DATABASE_URL", DEFAULT_DATABASE_URL))
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-secret-key-not-for-production-0123456789")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("DB_CONN_MAX_AGE", "0")
    env.setdefault("CACHE_KEY_PREFIX", "bench-flash")
    env.setdefault("GRAPHQL_RESPONSE_CACHE_SECONDS", "0")
    env.pop("REDIS_URL", None)  # local-memory cache, in-process Celery: nothing else to run
    env["CELERY_TASK_ALWAYS_EAGER"] = "1"
    ensure_database(env["DATABASE_URL"])
    if not args.skip_migrate:
        migrate(env)
    os.environ.update(env)

    import django

    django.setup()
    from datetime import timedelta
    from decimal import Decimal

    from catalogue import semarang_warehouse  # the shared benchmark helpers
    from django.db import connection, transaction
    from django.utils import timezone

    from marketplace.catalog.models import Category, Product, ProductVariant
    from marketplace.core.exceptions import DomainError
    from marketplace.inventory.models import Stock
    from marketplace.promotions.engine import Customer
    from marketplace.promotions.models import FlashSale, FlashSaleRedemption
    from marketplace.promotions.selectors import collect_promotions, price_cart
    from marketplace.promotions.services.redemption import redeem_promotions
    from vendors.models import Vendor

    run = uuid.uuid4().hex[:8]
    now = timezone.now()
    vendor = Vendor.objects.create(
        name=f"Bench {run}", slug=f"bench-{run}", status="APPROVED", phone="+6281234500001"
    )
    category, _ = Category.objects.get_or_create(slug="bench-flash", defaults={"name": "Bench"})
    product = Product.objects.create(
        vendor=vendor,
        category=category,
        name=f"Batik {run}",
        slug=f"batik-{run}",
        status="PUBLISHED",
    )
    variant = ProductVariant.objects.create(
        product=product,
        vendor=vendor,
        sku=f"FLASH-{run}",
        price=Decimal("350000"),
        weight_grams=400,
    )
    warehouse = semarang_warehouse(vendor)
    Stock.objects.create(variant=variant, warehouse=warehouse, quantity=args.buyers)
    flash = FlashSale.objects.create(
        variant=variant,
        vendor=vendor,
        name="Harbolnas 12.12",
        price=Decimal("99000"),
        quantity=args.quantity,
        per_customer_limit=1,
        starts_at=now - timedelta(seconds=5),
        ends_at=now + timedelta(hours=1),
    )
    connection.close()

    barrier = threading.Barrier(min(args.threads, args.buyers))
    seen = threading.local()
    start_at = [0.0]
    sold_times: list[float] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def buyer(i: int) -> str:
        if not getattr(seen, "ready", False):
            seen.ready = True
            barrier.wait()
            with lock:
                start_at[0] = start_at[0] or time.perf_counter()
        t0 = time.perf_counter()
        email = f"pembeli{i}-{run}@example.id"
        outcome = "OK"
        flash_unit = False
        try:
            with transaction.atomic():
                moment = timezone.now()
                context = collect_promotions(variant_ids=[variant.pk], now=moment)
                cart = price_cart(
                    lines=[context.line(variant.pk, 1)],
                    customer=Customer(email),
                    context=context,
                    now=moment,
                )
                flash_unit = flash.pk in cart.flash_sale_claims()
                redeem_promotions(
                    order_ref=f"BENCH-{run}-{i}",
                    priced_cart=cart,
                    customer=Customer(email),
                    now=moment,
                )
        except DomainError as exc:
            outcome = exc.code
        t1 = time.perf_counter()
        with lock:
            latencies.append(t1 - t0)
            if outcome == "OK" and flash_unit:
                sold_times.append(t1)
        if outcome == "OK":
            return "SOLD_AT_FLASH_PRICE" if flash_unit else "AT_LIST_PRICE"
        return outcome

    wall0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        outcomes = Counter(pool.map(buyer, range(args.buyers)))
    wall = time.perf_counter() - wall0

    flash.refresh_from_db()
    redeemed = sum(
        FlashSaleRedemption.objects.filter(flash_sale=flash).values_list("quantity", flat=True)
    )
    sold_out_after = (max(sold_times) - start_at[0]) if len(sold_times) >= args.quantity else None
    print(
        f"flash sale: {args.quantity} units, {args.buyers} buyers, {args.threads} threads (connections)"
    )
    print(
        f"sold at the flash price : {outcomes['SOLD_AT_FLASH_PRICE']} (flash_sale.sold_count={flash.sold_count}, redemptions={redeemed})"
    )
    print(
        f"oversold                : {max(redeemed - args.quantity, 0) + max(flash.sold_count - args.quantity, 0)}"
    )
    if sold_out_after is None:
        print("time to sell out        : not sold out")
    else:
        print(f"time to sell out        : {sold_out_after:.2f} s")
    print(f"whole run               : {wall:.2f} s ({args.buyers / wall:.0f} buyers/s)")
    print(
        "latency per buyer       : "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    print(f"outcomes                : {dict(sorted(outcomes.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
