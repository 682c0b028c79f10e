"""A minimal asyncio HTTP/1.1 client for benchmark load generators on loopback.

Why not httpx: the benchmarks run the load generator on the same 2 cores as gunicorn, PostgreSQL
and Redis, and every millisecond of client CPU is taken from the server being measured. httpx
(h11 state machine, URL/header models, anyio, its pool) cost 10-22 ms of CPU per completed order
(4 requests) in benchmarks/checkout.py, about a fifth of what the server itself spent. This client
does the least a load generator must: one write per request, `readuntil` for the head,
`readexactly` for the body, stdlib `json`. Measured in the same runs: 2 ms per order when
connections are kept alive (gthread), 4 ms when every request opens one (sync workers); against
a server that answers at once, 0.11 ms per request kept alive and 0.4 ms with a connect per
request, against httpx's 1.8-5.7 ms and 3.1-3.4 ms.

What it supports, and nothing more:
- POST of a JSON body with Content-Length; responses framed by Content-Length, by
  `Transfer-Encoding: chunked`, or by the end of the connection.
- A pool of up to N persistent connections (asyncio.open_connection), opened lazily. gunicorn's
  sync workers answer every request with `Connection: close` and close the socket, so there a
  connection serves one request and the next one reconnects (a loopback connect is ~0.1 ms);
  gthread workers keep connections alive (`--keep-alive`, 2 s by default).
- A kept-alive connection the server closed while it was idle is detected before reuse (EOF
  already seen) or by a failure before the first byte of the response; only then, and only on a
  reused connection, the request is sent once more on a fresh connection (what browsers do).
  Pass `resend=False` for a request that must never be sent twice. A failure after the first
  response byte always raises: the server has acted on the request.
- A timeout over the whole exchange. Every failure raises `LoadClientError`; `stats` counts
  requests, connections opened, resends and errors.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any


class LoadClientError(Exception):
    """The exchange failed (connection, timeout, malformed or non-JSON response)."""


class _NothingReceived(Exception):
    """The connection failed before any byte of the response arrived."""


class LoadClient:
    def __init__(
        self,
        base_url: str,
        *,
        connections: int,
        timeout: float = 60.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        scheme, _, hostport = base_url.partition("://")
        if scheme != "http":
            raise ValueError("LoadClient speaks plain http only")
        host, _, port = hostport.rstrip("/").partition(":")
        self.host, self.port, self.timeout = host, int(port or 80), timeout
        extra = {
            "Host": hostport.rstrip("/"),
            "Content-Type": "application/json",
            **(headers or {}),
        }
        self._fixed_headers = "".join(f"{k}: {v}\r\n" for k, v in extra.items())
        self._idle: asyncio.LifoQueue = asyncio.LifoQueue()
        for _ in range(connections):  # a slot is None until it is connected
            self._idle.put_nowait(None)
        self.stats: Counter[str] = Counter()

    async def __aenter__(self) -> LoadClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def close(self) -> None:
        while not self._idle.empty():
            connection = self._idle.get_nowait()
            if connection is not None:
                connection[1].close()

    async def post_json(self, path: str, obj: Any, *, resend: bool = True) -> tuple[int, Any]:
        """POST `obj` as JSON; the status and the parsed JSON body (None when the body is empty)."""
        body = json.dumps(obj, separators=(",", ":")).encode()
        request = (
            f"POST {path} HTTP/1.1\r\n{self._fixed_headers}Content-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1") + body
        self.stats["requests"] += 1
        connection = await self._idle.get()  # waits while all N connections are busy
        clean = False  # the connection may be reused only after a whole response was read
        try:
            async with asyncio.timeout(self.timeout):
                reused = connection is not None and not connection[0].at_eof()
                if not reused:
                    connection = await self._connect(connection)
                try:
                    status, keep_alive, payload = await self._exchange(connection, request)
                except _NothingReceived:
                    if not (reused and resend):
                        raise
                    self.stats["resends"] += 1
                    connection = await self._connect(connection)
                    status, keep_alive, payload = await self._exchange(connection, request)
            clean = keep_alive
        except (OSError, TimeoutError, _NothingReceived, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, ValueError) as exc:  # fmt: skip
            self.stats["errors"] += 1
            raise LoadClientError(f"{type(exc).__name__}: {exc}"[:300]) from exc
        finally:  # also on cancellation: a half-read connection is never put back
            self._idle.put_nowait(connection if clean else self._discard(connection))
        try:
            return status, json.loads(payload) if payload else None
        except ValueError as exc:
            self.stats["errors"] += 1
            raise LoadClientError(f"{status}, not JSON: {payload[:200]!r}") from exc

    async def _connect(self, old) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self._discard(old)
        self.stats["connections"] += 1
        return await asyncio.open_connection(self.host, self.port)

    @staticmethod
    def _discard(connection) -> None:
        """Close the connection (if any); the slot becomes unconnected."""
        if connection is not None:
            connection[1].close()
        return None

    async def _exchange(self, connection, request: bytes) -> tuple[int, bool, bytes]:
        reader, writer = connection
        try:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                raise
            raise _NothingReceived(f"closed before any response byte ({exc!r})") from exc
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        connection_header = headers.get("connection", "").lower()
        keep_alive = "close" not in connection_header and (
            version == "HTTP/1.1" or "keep-alive" in connection_header
        )
        if "chunked" in headers.get("transfer-encoding", "").lower():
            payload = await self._read_chunked(reader)
        elif "content-length" in headers:
            payload = await reader.readexactly(int(headers["content-length"]))
        elif status in ("204", "304"):
            payload = b""
        else:  # framed by the end of the connection
            payload, keep_alive = await reader.read(), False
        return int(status), keep_alive, payload

    @staticmethod
    async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            if await reader.readexactly(2) != b"\r\n":
                raise ValueError("malformed chunk")
