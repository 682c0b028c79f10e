"""Checkout throughput, latency and oversell, measured the production way. Prints figures only.

    .venv/bin/python benchmarks/checkout.py
    .venv/bin/python benchmarks/checkout.py --clients 10,50 --duration 15 --buyers 300 --units 20

What it does:
1. Creates the PostgreSQL database `galeri_bench_checkout` if missing and migrates it; creates two
   approved vendors, each selling two variants with a deep stock (fresh rows on every run).
2. Starts gunicorn (DEBUG off; DATABASE_URL/REDIS_URL at PostgreSQL and Redis) on 127.0.0.1.
3. At 10 and 50 concurrent guest shoppers (asyncio + httpx, loopback only, bounded by time), each
   shopper runs the whole flow: `checkoutCreate` (2 vendors × 2 lines, address, email) →
   `checkoutDeliveryMethodUpdate` per vendor (option ids taken from `vendorGroups`) →
   `checkoutComplete` (cash on delivery, a fresh idempotency key). Prints completed orders/s and
   p50/p95/p99 of `checkoutComplete` and of the whole flow.
4. Contention: `--buyers` ready carts race (50 at a time) for `--units` units of one variant;
   prints orders created, INSUFFICIENT_STOCK answers, other errors, and units oversold (allocated
   beyond the shelf, read back from the database; must be 0).
5. Counts the SQL queries of one `checkoutComplete` in-process (CaptureQueriesContext).

Targets (issue 4): ≥ 40 completed orders/s over the whole flow, checkoutComplete p95 < 300 ms at 10
shoppers, ≤ 30 SQL queries per checkoutComplete, 0 oversold. The load generator shares the 2 cores
with the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import (  # noqa: E402  (the shared server helpers of the catalogue benchmark)
    bench_environment,
    ensure_database,
    free_port,
    manage,
    setup_django,
    start_gunicorn,
    wait_until_up,
)

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

    from marketplace.accounts.models import Address
    from marketplace.catalog.models import Category, Product, ProductVariant
    from marketplace.inventory.models import Stock
    from vendors.models import Vendor, Warehouse

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
        address = Address.objects.create(
            first_name="Gudang",
            phone="+6281234567890",
            street_address_1="Jl. Pemuda 1",
            city="Kota Semarang",
            province="Jawa Tengah",
            postal_code="50132",
            district="Semarang Tengah",
            subdistrict="Sekayu",
        )
        warehouse = Warehouse.objects.create(vendor=vendor, name="Gudang", address=address)
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
    complete: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    elapsed: float = 0.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


async def gql(client: httpx.AsyncClient, query: str, variables: dict) -> dict:
    response = await client.post("/graphql/", json={"query": query, "variables": variables})
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(str(body["errors"])[:300])
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
    base_url: str, variants: list[str], *, clients: int, duration: float, warmup: float
) -> Flow:
    flow = Flow()
    lines = [(v, 1 + i % 2) for i, v in enumerate(variants)]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
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
                except (RuntimeError, httpx.HTTPError) as exc:
                    if t0 >= measure_from:
                        flow.errors += 1
                        flow.first_error = flow.first_error or repr(exc)
                    continue
                if t0 >= measure_from and t2 <= stop_at:
                    flow.complete.append(t2 - t1)
                    flow.whole.append(t2 - t0)

        await asyncio.gather(*(shopper() for _ in range(clients)))
        flow.elapsed = stop_at - measure_from
    return flow


async def run_race(base_url: str, scarce: str, *, buyers: int, concurrency: int) -> dict:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        carts = []
        for batch in range(0, buyers, 10):
            carts += await asyncio.gather(
                *(ready_cart(client, [(scarce, 1)]) for _ in range(min(10, buyers - batch)))
            )
        outcomes: dict[str, int] = {}
        gate = asyncio.Semaphore(concurrency)

        async def buy(checkout_id: str) -> None:
            async with gate:
                try:
                    response = await client.post(
                        "/graphql/",
                        json={
                            "query": COMPLETE,
                            "variables": {"id": checkout_id, "key": uuid.uuid4().hex},
                        },
                    )
                    body = response.json()
                except (httpx.HTTPError, ValueError):
                    outcomes["HTTP_ERROR"] = outcomes.get("HTTP_ERROR", 0) + 1
                    return
            if body.get("errors"):
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
    parser.add_argument("--workers", type=int, default=3)
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
        for clients in [int(c) for c in args.clients.split(",") if c]:
            flow = asyncio.run(
                run_flows(
                    base_url, variants, clients=clients, duration=args.duration, warmup=args.warmup
                )
            )
            print(
                f"{clients:>3} shoppers: {len(flow.whole) / flow.elapsed:6.1f} completed orders/s | "
                f"checkoutComplete p50 {pct(flow.complete, 50):6.0f} ms p95 {pct(flow.complete, 95):6.0f} ms "
                f"p99 {pct(flow.complete, 99):6.0f} ms | whole flow p50 {pct(flow.whole, 50):6.0f} ms "
                f"p95 {pct(flow.whole, 95):6.0f} ms p99 {pct(flow.whole, 99):6.0f} ms | errors {flow.errors}"
                + (f" ({flow.first_error[:160]})" if flow.errors else "")
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
