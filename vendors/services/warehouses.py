"""Warehouses and pickup points of a vendor (where stock sits and couriers collect parcels)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q

from marketplace.accounts.services.addresses import validate_address
from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound

from ..lock_objects import lock_warehouse
from ..models import Warehouse
from ..permissions import require_signed_in, require_vendor_access
from . import validation as v
from .applications import MANAGE_VENDORS

COORDINATE_PLACES = Decimal("0.000001")


def _coordinate(errors: ErrorCollector, field: str, value: Any, limit: int) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, "INVALID", "Koordinat tidak valid.")
        return None
    if not number.is_finite() or not -limit <= number <= limit:
        errors.add(field, "OUT_OF_RANGE", f"Harus antara -{limit} dan {limit}.")
        return None
    return number.quantize(COORDINATE_PLACES)


def _clean(data: dict[str, Any], *, partial: bool) -> tuple[dict, dict | None]:
    errors = ErrorCollector()
    cleaned: dict[str, Any] = {}
    if not partial or data.get("name") is not None:
        cleaned["name"] = v.clean_text(
            errors, "name", data.get("name"), max_length=100, required=True
        )
    if "latitude" in data:
        cleaned["latitude"] = _coordinate(errors, "latitude", data.get("latitude"), 90)
    if "longitude" in data:
        cleaned["longitude"] = _coordinate(errors, "longitude", data.get("longitude"), 180)
    for key in ("is_pickup_point", "is_active"):
        if data.get(key) is not None:
            cleaned[key] = bool(data[key])
    address = None
    if data.get("address") is not None:
        try:
            address = validate_address(data["address"], field="address")
        except DomainError as exc:
            errors.errors.extend(exc.errors)
    elif not partial:
        errors.add("address", "REQUIRED", "Alamat gudang wajib diisi.")
    errors.raise_if_any()
    return cleaned, address


def _duplicate_name() -> DomainError:
    return DomainError("Nama gudang sudah dipakai.", code="UNIQUE", field="name")


def create_warehouse(
    *, actor, vendor_id: int, data: dict[str, Any], field: str = "vendorId"
) -> Warehouse:
    require_signed_in(actor)
    require_vendor_access(actor, vendor_id, field=field, staff_permission=MANAGE_VENDORS)
    cleaned, address = _clean(data, partial=False)
    from marketplace.accounts.models import Address

    try:
        with transaction.atomic():
            return Warehouse.objects.create(
                vendor_id=vendor_id,
                address=Address.objects.create(user=None, **address),
                **cleaned,
            )
    except IntegrityError:
        raise _duplicate_name()


def get_warehouse_for(actor, warehouse_id: int, *, field: str = "id") -> Warehouse:
    """The warehouse if `actor` may manage it; NOT_FOUND otherwise, as for an unknown id."""
    require_signed_in(actor)
    warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
    if warehouse is None:
        raise NotFound("Tidak ditemukan.", field=field)
    require_vendor_access(actor, warehouse.vendor_id, field=field, staff_permission=MANAGE_VENDORS)
    return warehouse


def update_warehouse(
    *, actor, warehouse_id: int, data: dict[str, Any], field: str = "id"
) -> Warehouse:
    get_warehouse_for(actor, warehouse_id, field=field)
    cleaned, address = _clean(data, partial=True)
    from marketplace.accounts.models import Address

    try:
        with transaction.atomic():
            warehouse = lock_warehouse(warehouse_id, field=field)
            for key, value in cleaned.items():
                setattr(warehouse, key, value)
            if address is not None:
                # A new row: shipments that copied the old pickup address keep it unchanged.
                warehouse.address = Address.objects.create(user=None, **address)
            warehouse.save()
            return warehouse
    except IntegrityError:
        raise _duplicate_name()


def delete_warehouse(*, actor, warehouse_id: int, field: str = "id") -> bool:
    """Delete an empty warehouse. Refused while it holds, allocates or reserves stock; a
    warehouse with stock history (or referenced by shipments) is deactivated instead so the
    history stays. Returns True when the row was deleted, False when it was deactivated."""
    get_warehouse_for(actor, warehouse_id, field=field)
    from marketplace.inventory.models import Reservation, Stock

    with transaction.atomic():
        warehouse = lock_warehouse(warehouse_id, field=field)
        stocks = Stock.objects.filter(warehouse=warehouse)
        holds = stocks.filter(Q(quantity__gt=0) | Q(quantity_allocated__gt=0)).exists()
        if holds or Reservation.objects.filter(stock__warehouse=warehouse).exists():
            raise DomainError(
                "Gudang masih menyimpan stok; pindahkan atau habiskan stoknya dahulu.",
                code="INVALID",
                field=field,
            )
        if stocks.exists():
            warehouse.is_active = False
            warehouse.save(update_fields=["is_active"])
            return False
        try:
            with transaction.atomic():
                warehouse.delete()
        except (ProtectedError, IntegrityError):
            warehouse.is_active = False
            warehouse.save(update_fields=["is_active"])
            return False
    return True
