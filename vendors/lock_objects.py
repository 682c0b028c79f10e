"""Every row lock the vendors app takes, in one place (DESIGN.md: locks by primary key order)."""

from __future__ import annotations

from marketplace.core.exceptions import NotFound

from .models import Vendor, Warehouse


def lock_vendor(vendor_id: int, *, field: str = "id") -> Vendor:
    """Serialises status changes and membership changes of one vendor."""
    vendor = Vendor.objects.select_for_update().filter(pk=vendor_id).first()
    if vendor is None:
        raise NotFound("Tidak ditemukan.", field=field)
    return vendor


def lock_warehouse(warehouse_id: int, *, field: str = "id") -> Warehouse:
    warehouse = Warehouse.objects.select_for_update().filter(pk=warehouse_id).first()
    if warehouse is None:
        raise NotFound("Tidak ditemukan.", field=field)
    return warehouse
