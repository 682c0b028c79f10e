"""Inbound stock events from a channel (`POST /stock/channels/<code>/events/`).

Body: `{"id": "<channel's event id>", "type": "sale"|"adjustment"|"count", "sku": "...",
"quantity": N, "occurredAt": "..."}`, signed with `X-Galeri-Signature` (t=…,v1=HMAC-SHA256 of
"<t>.<raw body>", 300 s tolerance). A bad signature changes nothing and is not recorded.

De-duplication: the event is recorded as `InboundStockEvent` unique per (channel, id) in the same
transaction as the stock change, and the movement's external id is `<channel code>:<id>`; a
replayed id answers the recorded outcome and changes nothing.

CONFLICT POLICY — the physical world wins, as far as promises already paid for allow:
- *sale* (the POS sold units): the goods are gone, so stock goes down even when online shoppers
  hold reservations (checkouts still in payment). Those checkouts are now short: completing them
  answers INSUFFICIENT_STOCK (availability is recomputed under the row lock at completion), and a
  `stock.conflict` event (`RESERVATION_SHORT`) tells the vendor and staff.
- units *allocated* to orders (already placed/paid) are never taken by the database: stock goes
  down at most to the allocated quantity, the event is recorded as CONFLICT with its shortfall,
  and `stock.conflict` (`ALLOCATION_SHORT`) asks the vendor to cancel/refund the affected order
  (or restock) and to confirm the real count with a stocktake.
- *count* (a physical count) follows the same rule: the count wins down to the allocated units.
- *adjustment*: a signed delta; one that would go below what is allocated is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from marketplace.catalog.models import ProductVariant
from marketplace.core.exceptions import DomainError, InsufficientStock, NotFound
from marketplace.inventory.lock_objects import lock_stocks
from marketplace.inventory.models import MovementSource, Stock
from marketplace.inventory.services.stock import MAX_STOCK_QUANTITY, change_stock
from marketplace.notifications.signing import verify

from ..models import ChannelKind, InboundStatus, InboundStockEvent, StockChannel
from .effects import after_stock_change, emit_conflict, live_reserved

EVENT_TYPES = ("sale", "adjustment", "count")


class InvalidSignature(DomainError):
    default_code = "INVALID_SIGNATURE"


@dataclass
class InboundResult:
    event: InboundStockEvent
    replay: bool

    def as_dict(self) -> dict:
        e = self.event
        return {
            "id": e.external_id,
            "status": e.status.lower(),
            "replay": self.replay,
            "sku": e.sku,
            "quantity": e.quantity_after,
            "shortfall": e.shortfall,
            "code": e.error_code or None,
            "message": e.message or None,
        }


def _parse(raw_body: bytes) -> dict:
    try:
        body = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError("Badan permintaan bukan JSON yang valid.", code="INVALID", field=None)
    if not isinstance(body, dict):
        raise DomainError("Badan permintaan harus objek JSON.", code="INVALID")
    event_id = body.get("id")
    if isinstance(event_id, int) and not isinstance(event_id, bool):
        event_id = str(event_id)
    if not isinstance(event_id, str) or not event_id.strip() or len(event_id) > 100:
        raise DomainError(
            "`id` wajib diisi (paling panjang 100 karakter).", code="REQUIRED", field="id"
        )
    kind = body.get("type")
    if kind not in EVENT_TYPES:
        raise DomainError("`type` harus sale, adjustment atau count.", code="INVALID", field="type")
    sku = body.get("sku")
    if not isinstance(sku, str) or not sku.strip() or len(sku) > 64:
        raise DomainError("`sku` wajib diisi.", code="REQUIRED", field="sku")
    quantity = body.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise DomainError("`quantity` harus bilangan bulat.", code="INVALID", field="quantity")
    if abs(quantity) > MAX_STOCK_QUANTITY:
        raise DomainError("`quantity` di luar batas.", code="OUT_OF_RANGE", field="quantity")
    if kind == "sale" and quantity < 1:
        raise DomainError("Penjualan minimal 1 unit.", code="OUT_OF_RANGE", field="quantity")
    if kind == "count" and quantity < 0:
        raise DomainError(
            "Hasil hitung tidak boleh negatif.", code="OUT_OF_RANGE", field="quantity"
        )
    if kind == "adjustment" and quantity == 0:
        raise DomainError("Penyesuaian tidak boleh 0.", code="OUT_OF_RANGE", field="quantity")
    occurred = body.get("occurredAt")
    occurred_at = parse_datetime(occurred) if isinstance(occurred, str) else None
    if occurred is not None and occurred_at is None:
        raise DomainError("`occurredAt` harus waktu ISO-8601.", code="INVALID", field="occurredAt")
    return {
        "id": event_id.strip(),
        "type": kind,
        "sku": sku.strip(),
        "quantity": quantity,
        "occurred_at": occurred_at,
        "raw": body,
    }


def receive_channel_event(*, code: str, raw_body: bytes, signature: str) -> InboundResult:
    """Verify, de-duplicate and apply one channel event. Raises NotFound/InvalidSignature/DomainError."""
    channel = (
        StockChannel.objects.select_related("warehouse").filter(code=code, is_active=True).first()
    )
    if channel is None:
        raise NotFound("Kanal stok tidak ditemukan.")
    if not verify(
        channel.secret, raw_body, signature, tolerance=settings.STOCK_CHANNEL_SIGNATURE_TOLERANCE
    ):
        raise InvalidSignature("Tanda tangan tidak valid.")
    data = _parse(raw_body)
    existing = InboundStockEvent.objects.filter(channel=channel, external_id=data["id"]).first()
    if existing is not None:
        return InboundResult(existing, replay=True)
    try:
        with transaction.atomic():
            event = InboundStockEvent.objects.create(
                channel=channel,
                external_id=data["id"],
                type=data["type"],
                sku=data["sku"],
                quantity=data["quantity"],
                occurred_at=data["occurred_at"],
                status=InboundStatus.APPLIED,
                raw=data["raw"],
            )
            _apply(channel, event)
            event.save()
            StockChannel.objects.filter(pk=channel.pk).update(last_event_at=timezone.now())
    except IntegrityError:  # the same id arrived concurrently: answer what the winner recorded
        return InboundResult(
            InboundStockEvent.objects.get(channel=channel, external_id=data["id"]), replay=True
        )
    return InboundResult(event, replay=False)


def _reject(event: InboundStockEvent, code: str, message: str) -> None:
    event.status = InboundStatus.REJECTED
    event.error_code = code
    event.message = message[:255]


def _apply(channel: StockChannel, event: InboundStockEvent) -> None:
    variant = (
        ProductVariant.objects.select_related("product")
        .filter(vendor_id=channel.warehouse.vendor_id, sku=event.sku)
        .first()
    )
    if variant is None:
        _reject(event, "UNKNOWN_SKU", f"SKU {event.sku} tidak dikenal untuk usaha ini.")
        return
    stock, _ = Stock.objects.get_or_create(variant=variant, warehouse=channel.warehouse)
    locked = lock_stocks([stock.pk])[stock.pk]
    before = locked.quantity
    source = (
        MovementSource.POS_SALE
        if (channel.kind == ChannelKind.POS and event.type == "sale")
        else MovementSource.CHANNEL
    )
    external_id = f"{channel.code}:{event.external_id}"
    note = f"{channel.code} {event.type} {event.quantity}"
    event.quantity_before = before
    floor = locked.quantity_allocated  # units promised to placed orders: the database keeps them

    if event.type == "sale":
        wanted = before - event.quantity
    elif event.type == "count":
        wanted = event.quantity
    else:
        wanted = before + event.quantity
        if wanted < floor:
            _reject(
                event, "INSUFFICIENT_STOCK", "Penyesuaian melebihi stok yang belum dialokasikan."
            )
            event.quantity_after = before
            return
    target = max(wanted, floor)
    shortfall = target - wanted
    try:
        movement = change_stock(
            stock=locked, source=source, new_quantity=target, external_id=external_id, note=note
        )
    except InsufficientStock as exc:  # pragma: no cover - guarded by the floor above
        _reject(event, "INSUFFICIENT_STOCK", str(exc))
        event.quantity_after = before
        return
    except DomainError as exc:
        _reject(event, exc.code, str(exc))
        event.quantity_after = before
        return
    event.movement = movement
    event.quantity_after = target
    event.shortfall = shortfall
    locked.variant = variant
    if shortfall:
        event.status = InboundStatus.CONFLICT
        event.error_code = "ALLOCATION_SHORT"
        event.message = f"{shortfall} unit sudah dialokasikan ke pesanan online."
        emit_conflict(
            stock=locked,
            channel_code=channel.code,
            conflict="ALLOCATION_SHORT",
            shortfall=shortfall,
            reference=event.external_id,
        )
    else:
        reserved = live_reserved(locked)
        free = target - floor
        if target < before and reserved > free:
            emit_conflict(
                stock=locked,
                channel_code=channel.code,
                conflict="RESERVATION_SHORT",
                shortfall=reserved - free,
                reference=event.external_id,
            )
            event.message = (
                f"{reserved - free} unit yang dipesan pembeli online kini tidak tersedia."
            )
    if target != before:
        after_stock_change(stock=locked, before=before, after=target)
