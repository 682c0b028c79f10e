"""Catalogue latency and throughput, measured the production way. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/catalogue.py            # or: make benchmark
    .venv/bin/python benchmarks/catalogue.py --duration 10 --clients 10,50 --worker-class gthread

What it does:
1. Creates the PostgreSQL database `galeri_bench` if it is missing, migrates it and loads
   `manage.py load_benchmark_data` (50 vendors, 1,000 products × 10 variants; idempotent).
2. Starts gunicorn (2 workers, DEBUG off, DJANGO_SECRET_KEY set, DATABASE_URL/REDIS_URL pointing
   at PostgreSQL and Redis) on 127.0.0.1 and a free port.
3. Drives it with an asyncio load generator (benchmarks/loadclient.py; only 127.0.0.1; every run
   bounded by time and by request count) at 10 and 50 concurrent clients for
   - `products(first: 20)` with vendor, variants (price, quantityAvailable), price range, images;
   - `product(slug)` over 200 different slugs;
   each anonymous (answered from the response cache: the normal case for shoppers) and as an
   a vendor member (Bearer token; members see their drafts, so the cache never answers them).
   It prints requests/s, p50/p95/p99 latency and the error count.
4. Counts SQL queries per request in-process (CaptureQueriesContext around the same query sent
   through Django's test Client as the authenticated shopper).
5. Reads the RSS of the gunicorn workers from /proc/<pid>/status.

The load generator shares the machine's cores with the server (its CPU per request is the "cli CPU"
column), so the figures are a floor, not a ceiling.
Targets (issue 3): products(first:20) ≥ 200 req/s and p95 < 100 ms at 10 clients; product(slug)
≥ 300 req/s; ≤ 8 queries per request; ≤ 200 MB RSS per worker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadclient import LoadClient, LoadClientError  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

PRODUCTS_QUERY = """
query BenchProducts($first: Int!) {
  products(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name slug
        vendor { id name slug }
        pricing { priceRange { start { amount currency } stop { amount currency } } }
        variants { id sku name price { amount currency } quantityAvailable }
        images { url alt }
      }
    }
  }
}
"""

PRODUCT_QUERY = """
query BenchProduct($slug: String!) {
  product(slug: $slug) {
    id name slug description
    vendor { id name slug }
    category { id name slug }
    pricing { priceRange { start { amount currency } stop { amount currency } } }
    variants { id sku name price { amount currency } weightGrams quantityAvailable }
    images { url alt }
  }
}
"""


# --- environment and server -----------------------------------------------------------------
def bench_environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        CACHE_KEY_PREFIX="bench",
        DB_CONN_MAX_AGE="600",
        MEDIA_ROOT=str(REPO / "var" / "bench-media"),
        LOG_LEVEL="WARNING",
    )
    env.pop("TEST_DATABASE_NAME", None)
    return env


def ensure_database(database_url: str) -> bool:
    """CREATE DATABASE if it is missing; True when it was created."""
    import psycopg

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True)
    print(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], args, port: int) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--log-level",
        "warning",
        "--backlog",
        "2048",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    return subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def worker_pids(master_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master_pid:
            pids.append(int(entry.name))
    return sorted(pids)


def cpu_ms_of(pids: list[int]) -> float:
    """User + system CPU time consumed so far by these processes, in ms."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total * 1000 / ticks


def memory_of(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) // 1024  # MB
    return values


# --- load generator ---------------------------------------------------------------------------
@dataclass
class Scenario:
    name: str
    query: str
    variables: list[dict]
    token: str | None
    clients: int


@dataclass
class Result:
    scenario: Scenario
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    completed: int = 0  # including the warm-up
    server_cpu_ms: float = 0.0  # gunicorn workers' user+system CPU over the whole scenario
    client_cpu_ms: float = 0.0  # this process's CPU over the whole scenario
    elapsed: float = 0.0
    first_error: str = ""

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


async def prewarm(base_url: str, scenario: Scenario) -> None:
    """ "Cached" means the steady state: every distinct query answered once before timing."""
    async with LoadClient(base_url, connections=1, timeout=30) as client:
        for variables in scenario.variables:
            await client.post_json("/graphql/", {"query": scenario.query, "variables": variables})


async def run_scenario(
    base_url: str, scenario: Scenario, *, duration: float, warmup: float, max_requests: int
) -> Result:
    result = Result(scenario)
    headers = {"Authorization": f"Bearer {scenario.token}"} if scenario.token else {}
    bodies = [{"query": scenario.query, "variables": variables} for variables in scenario.variables]
    async with LoadClient(
        base_url, connections=scenario.clients, timeout=30, headers=headers
    ) as client:
        counter = {"sent": 0}
        start = time.monotonic()
        measure_from = start + warmup
        stop_at = measure_from + duration

        async def one_client(offset: int) -> None:
            i = offset
            while True:
                now = time.monotonic()
                if now >= stop_at or counter["sent"] >= max_requests:
                    return
                body = bodies[i % len(bodies)]
                i += scenario.clients
                t0 = time.monotonic()
                try:
                    status, payload = await client.post_json("/graphql/", body)
                    ok = status == 200 and isinstance(payload, dict) and "errors" not in payload
                    if not ok and not result.first_error:
                        result.first_error = f"{status} {str(payload)[:300]}"
                except LoadClientError as exc:
                    ok = False
                    if not result.first_error:
                        result.first_error = repr(exc)
                t1 = time.monotonic()
                result.completed += 1
                if t0 >= measure_from:
                    counter["sent"] += 1
                    if ok:
                        result.latencies.append(t1 - t0)
                    else:
                        result.errors += 1

        await asyncio.gather(*(one_client(n) for n in range(scenario.clients)))
        result.elapsed = min(time.monotonic(), stop_at) - measure_from
    return result


# --- in-process measurements ------------------------------------------------------------------
def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def semarang_warehouse(vendor):
    """A pickup warehouse in Sekayu, Kota Semarang, for a benchmark's vendor (after setup_django)."""
    from marketplace.accounts.models import Address
    from vendors.models import Warehouse

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
    return Warehouse.objects.create(vendor=vendor, name="Gudang", address=address)


def bench_token_and_slugs(count: int = 200) -> tuple[str, list[str]]:
    from marketplace.accounts.authentication import create_access_token
    from marketplace.accounts.models import User
    from marketplace.catalog.models import Product
    from marketplace.core.demo.benchmark_data import BENCH_SHOPPER_EMAIL

    # Plain shoppers share the anonymous response cache (they see the same catalogue), so the
    # uncached figures are taken as a member of one benchmark vendor: members also see their own
    # drafts, the response cache never answers for them, and every request executes in full.
    from vendors.models import Vendor, VendorMember

    user = User.objects.get(email=BENCH_SHOPPER_EMAIL)
    vendor = Vendor.objects.filter(slug__startswith="bench-vendor").order_by("pk").first()
    if vendor is not None:
        VendorMember.objects.get_or_create(vendor=vendor, user=user, defaults={"role": "STAFF"})
    slugs = list(
        Product.objects.filter(slug__startswith="bench-")
        .order_by("slug")
        .values_list("slug", flat=True)[:count]
    )
    return create_access_token(user), slugs


def count_queries(token: str, query: str, variables: dict) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    body = json.dumps({"query": query, "variables": variables})
    kwargs = {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post("/graphql/", body, **kwargs)  # warm: connection, document cache
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", body, **kwargs)
    payload = response.json()
    if payload.get("errors"):
        raise SystemExit(f"query failed: {payload['errors']}")
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def profile_in_process(token: str, query: str, variables: dict, repeat: int) -> None:
    """Where the time of uncached requests goes: cProfile, the 25 costliest functions by own time."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client()
    body = json.dumps({"query": query, "variables": variables})
    kwargs = {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post("/graphql/", body, **kwargs)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.post("/graphql/", body, **kwargs)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)


# --- main -----------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/galeri_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument(
        "--threads", type=int, default=4, help="per worker, with --worker-class gthread"
    )
    parser.add_argument("--clients", default="10,50", help="comma-separated concurrency levels")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds measured per scenario")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per scenario")
    parser.add_argument("--skip-load", action="store_true", help="do not migrate or load data")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile of uncached requests (in-process)"
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",") if c.strip()]

    env = bench_environment(args)
    print(f"Database {args.database_url}, Redis {args.redis_url}")
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (figures need an idle machine)"
    )
    if not args.skip_load:
        if ensure_database(args.database_url):
            print("  created the database")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_benchmark_data", "--force", "-v0")
    else:
        print("  (--skip-load: using the data as it is)")

    setup_django(env)
    token, slugs = bench_token_and_slugs()
    product_variables = [{"slug": slug} for slug in slugs]

    print("\nSQL queries per request (vendor member: never served from the cache, in-process):")
    queries = {}
    for label, query, variables in (
        ("products(first: 20)", PRODUCTS_QUERY, {"first": 20}),
        ("product(slug)", PRODUCT_QUERY, product_variables[0]),
    ):
        n, sqls = count_queries(token, query, variables)
        queries[label] = n
        print(f"  {label:<22} {n} queries")
        if os.environ.get("BENCH_SHOW_SQL"):
            for sql in sqls:
                print("     ", sql[:200])

    if args.profile:
        print("\nProfile of 50 uncached products(first: 20) requests:")
        profile_in_process(token, PRODUCTS_QUERY, {"first": 20}, 50)
        print("\nProfile of 200 uncached product(slug) requests:")
        profile_in_process(token, PRODUCT_QUERY, product_variables[0], 200)

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, args, port)
    results: list[Result] = []
    try:
        wait_until_up(base_url, server)
        pids = worker_pids(server.pid)
        print(
            f"\ngunicorn {args.workers} workers ({args.worker_class}"
            + (f", {args.threads} threads" if args.worker_class == "gthread" else "")
            + f") on {base_url}, worker pids {pids}; {args.duration:.0f} s per scenario"
        )
        memory_before = {pid: memory_of(pid) for pid in pids}
        print(
            f"\n{'scenario':<46} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'n':>6} {'err':>4} {'srv CPU':>8} {'cli CPU':>8}"
        )
        for concurrency in clients:
            for label, query, variables in (
                ("products(first: 20)", PRODUCTS_QUERY, [{"first": 20}]),
                ("product(slug)", PRODUCT_QUERY, product_variables),
            ):
                for mode, scenario_token in (
                    ("cached, anonymous", None),
                    ("uncached, vendor member", token),
                ):
                    scenario = Scenario(
                        f"{label} {mode} c={concurrency}",
                        query,
                        variables,
                        scenario_token,
                        concurrency,
                    )
                    if scenario_token is None:
                        asyncio.run(prewarm(base_url, scenario))
                    server_before, client_before = cpu_ms_of(pids), time.process_time()
                    result = asyncio.run(
                        run_scenario(
                            base_url,
                            scenario,
                            duration=args.duration,
                            warmup=args.warmup,
                            max_requests=args.max_requests,
                        )
                    )
                    result.server_cpu_ms = cpu_ms_of(pids) - server_before
                    result.client_cpu_ms = (time.process_time() - client_before) * 1000
                    results.append(result)
                    per = max(result.completed, 1)
                    print(
                        f"{scenario.name:<46} {result.rps:>7.0f} {result.percentile(50):>7.1f} "
                        f"{result.percentile(95):>7.1f} {result.percentile(99):>7.1f} "
                        f"{len(result.latencies):>6} {result.errors:>4} "
                        f"{result.server_cpu_ms / per:>6.1f}ms {result.client_cpu_ms / per:>6.1f}ms"
                    )
                    if result.first_error:
                        print(f"    first error: {result.first_error}")
        print("\nWorker memory (MB):")
        for pid in worker_pids(server.pid):
            before = memory_before.get(pid, {})
            now = memory_of(pid)
            print(
                f"  pid {pid}: RSS {now.get('VmRSS')} (after start {before.get('VmRSS', '?')}), "
                f"peak {now.get('VmHWM')}"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    print(
        "\nTargets: products(first:20) ≥ 200 req/s, p95 < 100 ms at 10 clients; product(slug) ≥ 300 req/s;"
    )
    print(f"≤ 8 queries (measured: {queries}); ≤ 200 MB per worker.")
    print(
        "srv CPU = gunicorn workers' CPU per request, cli CPU = the load generator's; with the\n"
        "client on another machine, 2 workers on 2 idle cores would serve about 2000 / srv CPU req/s."
    )
    if results:
        print("Projected from server CPU per request (2 idle cores, client elsewhere):")
        seen = set()
        for r in results:
            label = r.scenario.name.rsplit(" c=", 1)[0]
            if label in seen or not r.completed:
                continue
            seen.add(label)
            cpu = r.server_cpu_ms / r.completed
            cores = min(args.workers, os.cpu_count() or 1)
            print(f"  {label:<40} ~{cores * 1000 / cpu:,.0f} req/s" if cpu else f"  {label}: n/a")
    return 0


if __name__ == "__main__":
    sys.exit(main())
