from __future__ import annotations

import json
import time

from marketplace.notifications.signing import compute_signature
from marketplace.stocksync.models import StockChannel

SECRET = "kasir-galeri-rahasia-2026"


def make_channel(warehouse, *, code="galeri-pos", kind="POS", push_url="") -> StockChannel:
    return StockChannel.objects.create(
        code=code,
        name="Kasir Galeri",
        kind=kind,
        warehouse=warehouse,
        secret=SECRET,
        push_url=push_url,
    )


def post_event(
    client,
    code: str,
    body: dict,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    raw: bytes | None = None,
):
    raw = raw if raw is not None else json.dumps(body).encode()
    t = int(time.time()) if timestamp is None else timestamp
    signature = f"t={t},v1={compute_signature(secret, t, raw)}"
    return client.post(
        f"/stock/channels/{code}/events/",
        data=raw,
        content_type="application/json",
        HTTP_X_GALERI_SIGNATURE=signature,
    )
