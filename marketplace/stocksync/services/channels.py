"""Stock channels: creating them, and who may manage them (staff, or the warehouse's vendor)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound
from vendors.models import Warehouse
from vendors.permissions import is_marketplace_staff, require_vendor_access

from ..models import ChannelKind, StockChannel

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,49}$")


def require_warehouse_access(user, warehouse_id: int, *, field: str = "warehouseId") -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
    if warehouse is None:
        if user is None or not user.is_authenticated:
            raise DomainError("Silakan masuk terlebih dahulu.", code="PERMISSION_DENIED")
        raise NotFound("Gudang tidak ditemukan.", field=field)
    if not is_marketplace_staff(user):
        require_vendor_access(user, warehouse.vendor_id, field=field)
    return warehouse


def require_channel_access(user, channel_id: int, *, field: str = "channelId") -> StockChannel:
    channel = StockChannel.objects.select_related("warehouse").filter(pk=channel_id).first()
    if channel is None:
        if user is None or not user.is_authenticated:
            raise DomainError("Silakan masuk terlebih dahulu.", code="PERMISSION_DENIED")
        raise NotFound("Kanal stok tidak ditemukan.", field=field)
    require_warehouse_access(user, channel.warehouse_id, field=field)
    return channel


def create_stock_channel(
    *, actor, code: str, name: str, kind: str, warehouse_id: int, secret: str, push_url: str = ""
) -> StockChannel:
    warehouse = require_warehouse_access(actor, warehouse_id)
    errors = ErrorCollector()
    code = (code or "").strip().lower()
    name = (name or "").strip()
    secret = (secret or "").strip()
    if not code:
        errors.add("code", "REQUIRED", "Kode kanal wajib diisi.")
    elif not CODE_RE.match(code):
        errors.add(
            "code", "INVALID", "Kode hanya huruf kecil, angka dan tanda hubung (2–50 karakter)."
        )
    if not name:
        errors.add("name", "REQUIRED", "Nama kanal wajib diisi.")
    elif len(name) > 100:
        errors.add("name", "MAX_LENGTH", "Nama kanal paling panjang 100 karakter.")
    if kind not in ChannelKind.values:
        errors.add("kind", "INVALID", "Jenis kanal harus POS, WEBHOOK atau CSV.")
    if not secret:
        errors.add("secret", "REQUIRED", "Kunci rahasia wajib diisi.")
    elif not 16 <= len(secret) <= 128:
        errors.add("secret", "INVALID", "Kunci rahasia 16–128 karakter.")
    if push_url:
        from marketplace.notifications.services.webhooks import _clean_url

        push_url = _clean_url(errors, push_url, field="pushUrl")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return StockChannel.objects.create(
                code=code,
                name=name,
                kind=kind,
                warehouse=warehouse,
                secret=secret,
                push_url=push_url or "",
                created_by=actor,
            )
    except IntegrityError:
        raise DomainError("Kode kanal sudah dipakai.", code="UNIQUE", field="code")
