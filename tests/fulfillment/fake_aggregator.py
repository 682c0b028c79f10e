"""A local HTTP server that plays the courier aggregator (127.0.0.1, an ephemeral port).

It records every request and booking, and can be told to misbehave: answer 5xx, stall past the
client's timeout (after booking, like a real aggregator whose answer is lost), change prices.
Like the real ones we model, it does NOT de-duplicate bookings by reference: our adapter must.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_PRICES = {
    ("jne", "REG"): (18000, "2 - 3", "standard", "Reguler"),
    ("jne", "YES"): (32000, "1 - 1", "overnight", "Yakin Esok Sampai"),
    ("sicepat", "REG"): (16000, "2 - 4", "standard", "Reguler"),
    ("jnt", "EZ"): (17000, "2 - 3", "standard", "EZ"),
}


class FakeAggregator:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict]] = []
        self.bookings: list[dict] = []
        self.prices = dict(DEFAULT_PRICES)
        # Behaviours for upcoming requests, per "METHOD /path-prefix": a list consumed in order of
        # ("status", code) | ("stall", seconds) | ("book_then_stall", seconds)
        self.plan: dict[str, list[tuple[str, float]]] = {}
        self.tracking: dict[str, list[dict]] = {}
        self.api_key = "agg-test-key"
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeAggregator:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, route: str, *behaviours: tuple[str, float]) -> None:
        self.plan.setdefault(route, []).extend(behaviours)

    def count(self, method: str, prefix: str) -> int:
        return sum(1 for m, p, _ in self.requests if m == method and p.startswith(prefix))

    def _next_behaviour(self, method: str, path: str):
        with self.lock:
            for route, queue in self.plan.items():
                route_method, route_path = route.split(" ", 1)
                if route_method == method and path.startswith(route_path) and queue:
                    return queue.pop(0)
        return None

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body: dict) -> None:
                raw = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"{}") if length else {}

            def _handle(self, method: str) -> None:
                parsed = urlparse(self.path)
                path = parsed.path
                body = self._body() if method == "POST" else {}
                with fake.lock:
                    fake.requests.append((method, path, body))
                if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._send(401, {"success": False, "error": "unauthorised"})
                behaviour = fake._next_behaviour(method, path)
                if behaviour and behaviour[0] == "status":
                    return self._send(
                        int(behaviour[1]), {"success": False, "error": "upstream error"}
                    )
                if behaviour and behaviour[0] == "stall":
                    time.sleep(behaviour[1])
                    return self._send(200, {"success": False, "error": "too late"})
                if method == "POST" and path == "/v1/rates/couriers":
                    return self._send(200, fake.rates(body))
                if method == "POST" and path == "/v1/orders":
                    if not body.get("reference_id") or not body.get("destination_postal_code"):
                        return self._send(
                            400,
                            {"success": False, "error": "reference_id and destination required"},
                        )
                    order = fake.book(body)
                    if behaviour and behaviour[0] == "book_then_stall":
                        time.sleep(behaviour[1])
                    return self._send(200, {"success": True, **order})
                if method == "GET" and path == "/v1/orders":
                    reference = parse_qs(parsed.query).get("reference_id", [""])[0]
                    with fake.lock:
                        found = [o for o in fake.bookings if o["reference_id"] == reference]
                    return self._send(200, {"success": True, "orders": found})
                if method == "POST" and path.startswith("/v1/orders/") and path.endswith("/cancel"):
                    order_id = path.split("/")[3]
                    with fake.lock:
                        for order in fake.bookings:
                            if order["id"] == order_id:
                                order["status"] = "cancelled"
                                return self._send(200, {"success": True, "status": "cancelled"})
                    return self._send(404, {"success": False, "error": "order not found"})
                if method == "POST" and path.startswith("/v1/orders/") and path.endswith("/pickup"):
                    return self._send(200, {"success": True, "status": "picking_up"})
                if method == "GET" and path.startswith("/v1/trackings/"):
                    order_id = path.split("/")[3]
                    return self._send(
                        200, {"success": True, "history": fake.tracking.get(order_id, [])}
                    )
                return self._send(404, {"success": False, "error": "not found"})

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        return Handler

    def rates(self, body: dict) -> dict:
        wanted = set(str(body.get("couriers", "")).split(","))
        grams = sum(int(item.get("weight", 0)) for item in body.get("items", []))
        kilos = max(1, -(-grams // 1000))
        pricing = []
        for (courier, service), (price, duration, kind, name) in sorted(self.prices.items()):
            if courier in wanted:
                pricing.append(
                    {
                        "courier_code": courier,
                        "courier_service_code": service,
                        "courier_service_name": name,
                        "service_type": kind,
                        "price": price * kilos,
                        "shipment_duration_range": duration,
                        "shipment_duration_unit": "days",
                    }
                )
        return {"success": True, "pricing": pricing}

    def book(self, body: dict) -> dict:
        with self.lock:
            number = len(self.bookings) + 1
            courier = body.get("courier_company", "jne")
            service = body.get("courier_type", "REG")
            price = self.prices.get((courier, service), (20000,))[0]
            order = {
                "id": f"ord_{number:04d}",
                "reference_id": body["reference_id"],
                "status": "confirmed",
                "price": price,
                "courier": {"company": courier, "type": service, "waybill_id": f"WB{number:08d}"},
            }
            self.bookings.append(order)
            return dict(order)
