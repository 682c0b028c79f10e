"""Checkout throughput, latency and oversell, measured the production way. Prints figures only.

    .venv/bin/python benchmarks/checkout.py
    .venv/bin/python benchmarks/checkout.py --clients 10,50 --duration 15 --buyers 300 --units 20

What it does:
1. Creates the PostgreSQL database `galeri_bench_checkout` if missing and migrates it; creates two
   approved vendors, each selling two variants with a deep stock (fresh rows on every run).
2. Starts gunicorn (DEBUG off; DATABASE_URL/REDIS_URL at PostgreSQL and Redis) on 127.0.0.1.
   The default, 2 sync workers (one per core), was the fastest of 2/3/4 sync workers and gthread
   2 × 4 threads in interleaved runs on the quiet 2-core machine: at 10 shoppers 21-25 orders/s
   against 17-22 (3 workers), 16-20 (4) and 16-19 (gthread), checkoutComplete p95 170-210 ms
   against 240-530 ms; at 50 shoppers all four were within noise (18-25 orders/s). More processes
   than cores cost more CPU per order (context switches), gthread adds GIL contention.
3. At 10 and 50 concurrent guest shoppers (asyncio + benchmarks/loadclient.py, loopback only,
   bounded by time), each shopper runs the whole flow: `checkoutCreate` (2 vendors × 2 lines,
   address, email) → `checkoutDeliveryMethodUpdate` per vendor (option ids taken from
   `vendorGroups`) → `checkoutComplete` (cash on delivery, a fresh idempotency key). Prints
   completed orders/s (orders completed inside the measured window), p50/p95/p99 of
   `checkoutComplete` and of the whole flow (every flow started inside the window), and where the
   CPU went per completed order: gunicorn (master + workers), PostgreSQL (this database's backends
   and the background processes), Redis, the load generator, and everything else running on the
   machine ("other": other people's tests make the figures meaningless), from /proc.
4. Contention: `--buyers` ready carts race (50 at a time) for `--units` units of one variant;
   prints orders created, INSUFFICIENT_STOCK answers, other errors, and units oversold (allocated
   beyond the shelf, read back from the database; must be 0).
5. Counts the SQL queries of one `checkoutComplete` in-process (CaptureQueriesContext).

Targets (issue 4): ≥ 40 completed orders/s over the whole flow, checkoutComplete p95 < 300 ms at 10
shoppers, ≤ 30 SQL queries per checkoutComplete, 0 oversold. The load generator shares the 2 cores
with the server (it costs a few ms of CPU per order, see the CPU line), so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import (  # noqa: E402  (the shared server helpers of the catalogue benchmark)
    bench_environment,
    ensure_database,
    free_port,
    manage,
    semarang_warehouse,
    setup_django,
    start_gunicorn,
    wait_until_up,
)
from loadclient import LoadClient, LoadClientError  # noqa: E402

ADDRESS = {
    "firstName": "Budi",
    "lastName": "Santoso",
    "phone": "081234567890",
    "streetAddress1": "Jl. Pemuda No. 1",
    "subdistrict": "Sekayu",
    "district": "Semarang Tengah",
    "city": "Kota Semarang",
    "province": "Jawa Tengah",
    "postalCode": "50132",
}
CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { id vendorGroups { vendor { id } shippingOptions { id } } } errors { code message } } }"""
DELIVERY = """mutation($id: ID!, $v: ID!, $o: String!) { checkoutDeliveryMethodUpdate(id: $id, vendorId: $v,
  shippingOptionId: $o) { checkout { id } errors { code message } } }"""
COMPLETE = """mutation($id: ID!, $key: String!) { checkoutComplete(id: $id, paymentGateway: "cod",
  idempotencyKey: $key) { order { id number } errors { code message } } }"""


def gid(type_name: str, pk) -> str:
    from graphql_relay import to_global_id

    return to_global_id(type_name, pk)


def seed(units_for_race: int) -> tuple[list[str], str]:
    """Two vendors × two variants with deep stock, and one scarce variant for the race."""
    from decimal import Decimal

    from django.utils.text import slugify

    from marketplace.catalog.models import Category, Product, ProductVariant
    from marketplace.inventory.models import Stock
    from vendors.models import Vendor

    run = uuid.uuid4().hex[:8]
    category, _ = Category.objects.get_or_create(
        slug="bench-checkout", defaults={"name": "Bench checkout"}
    )
    variants = []
    scarce = None
    for v in range(2):
        vendor = Vendor.objects.create(
            name=f"Bench {run} {v}",
            slug=slugify(f"bench-{run}-{v}"),
            status="APPROVED",
            phone="+6281234500001",
            is_pkp=v == 1,
        )
        warehouse = semarang_warehouse(vendor)
        product = Product.objects.create(
            vendor=vendor,
            category=category,
            name=f"Produk {run} {v}",
            slug=f"bench-co-{run}-{v}",
            status="PUBLISHED",
        )
        for n in range(2):
            variant = ProductVariant.objects.create(
                product=product,
                vendor=vendor,
                sku=f"CO-{run}-{v}-{n}",
                price=Decimal("75000") + n * 1000,
                weight_grams=500,
            )
            Stock.objects.create(variant=variant, warehouse=warehouse, quantity=1_000_000)
            variants.append(gid("ProductVariant", variant.pk))
        if v == 0:
            scarce = ProductVariant.objects.create(
                product=product,
                vendor=vendor,
                sku=f"CO-{run}-scarce",
                price=Decimal("99000"),
                weight_grams=500,
            )
            Stock.objects.create(variant=scarce, warehouse=warehouse, quantity=units_for_race)
    return variants, gid("ProductVariant", scarce.pk)


@dataclass
class Flow:
    complete: list[float] = field(default_factory=list)  # flows started inside the window
    whole: list[float] = field(default_factory=list)
    completed: int = 0  # orders completed inside the window, whenever their flow started
    errors: int = 0
    first_error: str = ""
    elapsed: float = 0.0
    cpu_ms: dict[str, float] = field(default_factory=dict)  # inside the window, per consumer
    busy: float = 0.0  # share of all cores busy inside the window


# --- CPU accounting from /proc ----------------------------------------------------------------
def cpu_sample(server_pid: int, database: str) -> dict[str, dict[int, int]]:
    """CPU ticks used so far, per consumer; "machine" is every core's busy time (/proc/stat).

    One pass over /proc. Per pid, so that a process starting inside the window counts from zero
    (one that exits inside the window is lost: none do in this benchmark). PostgreSQL counts the
    postmaster, its background processes and the backends of `database` only: other engineers'
    test databases on the same server are "other".
    """
    ticks: dict[str, dict[int, int]] = {
        k: {} for k in ("server", "PostgreSQL", "Redis", "load generator")
    }
    me = os.getpid()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat") as f:
                head, _, rest = f.read().rpartition(")")
            fields = rest.split()
            comm, ppid = head.partition("(")[2], int(fields[1])
            used = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
            if pid == me:
                ticks["load generator"][pid] = used
            elif pid == server_pid or ppid == server_pid:
                ticks["server"][pid] = used
            elif comm == "redis-server":
                ticks["Redis"][pid] = used
            elif comm == "postgres":
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    words = f.read().replace(b"\0", b" ").decode(errors="replace").split()
                client = [i for i, w in enumerate(words) if w.endswith(")") or w == "[local]"]
                if not client or words[client[0] - 1] == database:
                    ticks["PostgreSQL"][pid] = used
        except (OSError, IndexError, ValueError):
            continue  # exited meanwhile
    with open("/proc/stat") as f:
        total = [int(v) for v in f.readline().split()[1:9]]  # user … steal (guests are in user)
    return {
        **ticks,
        "machine": {0: sum(total) - total[3] - total[4]},  # minus idle, iowait
        "all": {0: sum(total)},
    }


def cpu_used(before: dict, after: dict) -> tuple[dict[str, float], float]:
    """ms of CPU per consumer between two samples (plus "other"), and the share of cores busy."""
    to_ms = 1000 / os.sysconf("SC_CLK_TCK")
    used = {
        name: sum(t - before.get(name, {}).get(pid, 0) for pid, t in pids.items()) * to_ms
        for name, pids in after.items()
    }
    machine, everything = used.pop("machine"), used.pop("all")
    used["other"] = max(0.0, machine - sum(used.values()))
    return used, machine / max(everything, 1)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


async def gql(client: LoadClient, query: str, variables: dict) -> dict:
    status, body = await client.post_json("/graphql/", {"query": query, "variables": variables})
    if not isinstance(body, dict) or body.get("errors") or not body.get("data"):
        raise RuntimeError(f"{status} {str(body)[:300]}")
    payload = next(iter(body["data"].values()))
    if payload["errors"]:
        raise RuntimeError(str(payload["errors"])[:300])
    return payload


async def ready_cart(client, lines: list[tuple[str, int]]) -> str:
    created = await gql(
        client,
        CREATE,
        {
            "input": {
                "email": "pembeli@example.id",
                "shippingAddress": ADDRESS,
                "lines": [{"variantId": v, "quantity": q} for v, q in lines],
            }
        },
    )
    checkout = created["checkout"]
    for group in checkout["vendorGroups"]:
        await gql(
            client,
            DELIVERY,
            {
                "id": checkout["id"],
                "v": group["vendor"]["id"],
                "o": group["shippingOptions"][0]["id"],
            },
        )
    return checkout["id"]


async def run_flows(
    base_url: str,
    variants: list[str],
    *,
    clients: int,
    duration: float,
    warmup: float,
    cpu_probe: Callable[[], dict],
) -> Flow:
    """Shoppers loop over the flow until the window closes; each finishes the flow it started.

    Throughput counts the orders completed inside the window (whenever their flow started);
    latencies come from every flow started inside the window (whenever it finished), so neither
    leaves out the slow flows that straddle an edge of the window.
    """
    flow = Flow()
    lines = [(v, 1 + i % 2) for i, v in enumerate(variants)]
    async with LoadClient(base_url, connections=clients, timeout=60) as client:
        start = time.monotonic()
        measure_from, stop_at = start + warmup, start + warmup + duration

        async def shopper() -> None:
            while time.monotonic() < stop_at:
                t0 = time.monotonic()
                try:
                    checkout_id = await ready_cart(client, lines)
                    t1 = time.monotonic()
                    await gql(client, COMPLETE, {"id": checkout_id, "key": uuid.uuid4().hex})
                    t2 = time.monotonic()
                except (RuntimeError, LoadClientError) as exc:
                    if t0 >= measure_from:
                        flow.errors += 1
                        flow.first_error = flow.first_error or repr(exc)
                    continue
                if measure_from <= t2 <= stop_at:
                    flow.completed += 1
                if t0 >= measure_from:
                    flow.complete.append(t2 - t1)
                    flow.whole.append(t2 - t0)

        async def meter() -> None:
            await asyncio.sleep(measure_from - time.monotonic())
            before = cpu_probe()
            await asyncio.sleep(stop_at - time.monotonic())
            flow.cpu_ms, flow.busy = cpu_used(before, cpu_probe())

        await asyncio.gather(meter(), *(shopper() for _ in range(clients)))
        flow.elapsed = stop_at - measure_from
    return flow


async def run_race(base_url: str, scarce: str, *, buyers: int, concurrency: int) -> dict:
    async with LoadClient(base_url, connections=concurrency, timeout=60) as client:
        carts = []
        for batch in range(0, buyers, 10):
            carts += await asyncio.gather(
                *(ready_cart(client, [(scarce, 1)]) for _ in range(min(10, buyers - batch)))
            )
        outcomes: dict[str, int] = {}

        async def buy(checkout_id: str) -> None:  # the pool lets `concurrency` buy at a time
            try:
                _status, body = await client.post_json(
                    "/graphql/",
                    {"query": COMPLETE, "variables": {"id": checkout_id, "key": uuid.uuid4().hex}},
                )
            except LoadClientError:
                body = None
            if not isinstance(body, dict):
                code = "HTTP_ERROR"
            elif body.get("errors") or not body.get("data"):
                code = "GRAPHQL_ERROR"
            else:
                errors = body["data"]["checkoutComplete"]["errors"]
                code = errors[0]["code"] if errors else "OK"
            outcomes[code] = outcomes.get(code, 0) + 1

        started = time.monotonic()
        await asyncio.gather(*(buy(c) for c in carts))
        outcomes["seconds"] = round(time.monotonic() - started, 2)
        return outcomes


def count_complete_queries(variants: list[str]) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def post(query, variables):
        return client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables}),
            content_type="application/json",
        ).json()

    for _attempt in range(2):  # the first warms connections and caches
        created = post(
            CREATE,
            {
                "input": {
                    "email": "a@example.id",
                    "shippingAddress": ADDRESS,
                    "lines": [{"variantId": v, "quantity": 1} for v in variants],
                }
            },
        )
        checkout = created["data"]["checkoutCreate"]["checkout"]
        for group in checkout["vendorGroups"]:
            post(
                DELIVERY,
                {
                    "id": checkout["id"],
                    "v": group["vendor"]["id"],
                    "o": group["shippingOptions"][0]["id"],
                },
            )
        with CaptureQueriesContext(connection) as captured:
            body = post(COMPLETE, {"id": checkout["id"], "key": uuid.uuid4().hex})
        assert not body["data"]["checkoutComplete"]["errors"], body
    return len(captured.captured_queries)


def oversold(scarce_gid: str) -> tuple[int, int, int]:
    from graphql_relay import from_global_id

    from marketplace.inventory.models import Stock
    from marketplace.orders.models import VendorOrderLine

    pk = int(from_global_id(scarce_gid)[1])
    stock = Stock.objects.get(variant_id=pk)
    sold = sum(VendorOrderLine.objects.filter(variant_id=pk).values_list("quantity", flat=True))
    return stock.quantity, stock.quantity_allocated, max(0, sold - stock.quantity)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/galeri_bench_checkout"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument("--clients", default="10,50")
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--buyers", type=int, default=300)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--skip-migrate", action="store_true")
    args = parser.parse_args()

    env = bench_environment(args)
    env["CACHE_KEY_PREFIX"] = "bench-checkout"
    env.setdefault("GUNICORN_CMD_ARGS", "--timeout 120")
    ensure_database(args.database_url)
    if not args.skip_migrate:
        manage(env, "migrate", "--noinput", "-v0")
    setup_django(env)
    variants, scarce = seed(args.units)
    queries = count_complete_queries(variants)

    port = free_port()
    server = start_gunicorn(env, args, port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, server)
        print(
            f"gunicorn: {args.workers} {args.worker_class} workers"
            + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
            + f", {base_url}"
        )
        print(f"checkoutComplete SQL queries (2 vendors × 2 lines): {queries}")
        database = urlparse(args.database_url).path.lstrip("/")
        for clients in [int(c) for c in args.clients.split(",") if c]:
            flow = asyncio.run(
                run_flows(
                    base_url,
                    variants,
                    clients=clients,
                    duration=args.duration,
                    warmup=args.warmup,
                    cpu_probe=lambda: cpu_sample(server.pid, database),
                )
            )
            print(
                f"{clients:>3} shoppers: {flow.completed / flow.elapsed:6.1f} completed orders/s | "
                f"checkoutComplete p50 {pct(flow.complete, 50):6.0f} ms p95 {pct(flow.complete, 95):6.0f} ms "
                f"p99 {pct(flow.complete, 99):6.0f} ms | whole flow p50 {pct(flow.whole, 50):6.0f} ms "
                f"p95 {pct(flow.whole, 95):6.0f} ms p99 {pct(flow.whole, 99):6.0f} ms | errors {flow.errors}"
                + (f" ({flow.first_error[:160]})" if flow.errors else "")
            )
            per_order = {k: v / max(flow.completed, 1) for k, v in flow.cpu_ms.items()}
            print(
                "  CPU per completed order: "
                + ", ".join(f"{name} {ms:.0f} ms" for name, ms in per_order.items())
                + f" (of {os.cpu_count()} cores: {flow.busy:.0%} busy)"
            )
        outcomes = asyncio.run(run_race(base_url, scarce, buyers=args.buyers, concurrency=50))
        quantity, allocated, over = oversold(scarce)
        print(
            f"contention: {args.buyers} buyers for {args.units} units → orders created {outcomes.get('OK', 0)}, "
            f"INSUFFICIENT_STOCK {outcomes.get('INSUFFICIENT_STOCK', 0)}, other errors "
            f"{sum(v for k, v in outcomes.items() if k not in ('OK', 'INSUFFICIENT_STOCK', 'seconds'))}, "
            f"allocated {allocated}/{quantity}, units oversold {over} ({outcomes['seconds']} s)"
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except Exception:  # noqa: BLE001
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
