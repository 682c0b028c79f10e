"""Stops `make test` with one line per missing service, saying how to start it."""

import os
import socket
import sys

SERVICES = [
    (
        "PostgreSQL",
        os.environ.get("TEST_PG_HOST", "127.0.0.1"),
        int(os.environ.get("TEST_PG_PORT", "5432")),
        "start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        "  (or: docker compose up -d db)",
    ),
    (
        "Redis",
        os.environ.get("TEST_REDIS_HOST", "127.0.0.1"),
        int(os.environ.get("TEST_REDIS_PORT", "6379")),
        'start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'
        "  (or: docker compose up -d redis)",
    ),
]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    missing = [s for s in SERVICES if not reachable(s[1], s[2])]
    for name, host, port, how in missing:
        print(f"make test: {name} is not reachable on {host}:{port}; {how}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
