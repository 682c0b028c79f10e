"""Booking, cancelling and handling shipments of vendor orders.

`create_shipment` books the carrier idempotently: the shipment row (with our idempotency key, sent
to the carrier as its reference) is committed before the network call, the booking's answer is
saved after it, and a retry — by the seller, or after a crash — reuses the row and its key, so a
carrier never gets two bookings for one parcel. No row lock is held during a carrier call.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, InvalidTransition, NotFound, PermissionDenied
from marketplace.orders.models import VendorOrder, VendorOrderStatus
from marketplace.orders.services.events import lock_order
from vendors.permissions import require_vendor_access

from ..api import HUB_OPTION_ID, Destination, Parcel, find_shipping_option, vendor_origin
from ..carriers.base import BookingRequest, CarrierError, Location
from ..carriers.registry import get_carrier
from ..models import Shipment, ShipmentEvent
from ..models import ShipmentStatus as S
from ..weights import total_chargeable_grams
from .access import is_fulfillment_staff, require_shipment_manager
from .tracking import booking_of, lock_shipment, move_shipment

BOOKABLE_VENDOR_ORDER_STATUSES = (VendorOrderStatus.ACCEPTED, VendorOrderStatus.PACKED)


def parcels_of(vendor_order) -> list[Parcel]:
    """One parcel per unit, with the variant's dimensions when known (chargeable weight)."""
    parcels: list[Parcel] = []
    for line in vendor_order.lines.select_related("variant"):
        variant = line.variant
        dims = (
            (variant.length_cm, variant.width_cm, variant.height_cm)
            if variant is not None
            else (None, None, None)
        )
        parcels.extend(Parcel(line.weight, *dims) for _ in range(line.quantity))
    return parcels


def destination_of(address) -> Destination:
    return Destination(
        postal_code=address.postal_code,
        city=address.city,
        province=address.province,
        district=address.district,
        latitude=address.latitude,
        longitude=address.longitude,
    )


def recipient_location(address) -> Location:
    return Location(
        postal_code=address.postal_code,
        city=address.city,
        province=address.province,
        district=address.district,
        latitude=address.latitude,
        longitude=address.longitude,
        name=f"{address.first_name} {address.last_name}".strip(),
        phone=address.phone,
        street=", ".join(
            p
            for p in (address.street_address_1, address.street_address_2, address.subdistrict)
            if p
        ),
    )


def _items_description(vendor_order) -> str:
    names = [line.product_name for line in vendor_order.lines.all()[:3]]
    return ", ".join(names)[:120]


def _check_bookable(user, vendor_order, option_id: str | None) -> Shipment | str:
    """The live shipment to return, or the option id to book; raises on anything invalid."""
    if vendor_order is None:
        raise NotFound("Tidak ditemukan.", field="vendorOrderId")
    require_vendor_access(
        user, vendor_order.vendor_id, field="vendorOrderId", staff_permission="manage_fulfillment"
    )
    live = Shipment.objects.filter(vendor_order=vendor_order).exclude(status=S.CANCELLED).first()
    if live is not None:
        if option_id and option_id != live.option_id:
            raise DomainError(
                "Pesanan ini sudah punya pengiriman aktif; batalkan dulu untuk mengganti kurir.",
                code="ALREADY_EXISTS",
                field="shippingOptionId",
            )
        return live
    if vendor_order.status not in BOOKABLE_VENDOR_ORDER_STATUSES:
        raise InvalidTransition(
            "Pesanan harus diterima penjual dan belum dikirim untuk memesan kurir.",
            field="vendorOrderId",
        )
    chosen = vendor_order.shipping_option_id
    option_id = option_id or chosen
    if HUB_OPTION_ID in (chosen, option_id):
        raise DomainError(
            "Pesanan ini dikirim gabungan dari hub Galeri: serahkan paket ke hub.",
            code="INVALID",
            field="shippingOptionId",
        )
    if (chosen.startswith("pickup:") or option_id.startswith("pickup:")) and chosen != option_id:
        raise DomainError(
            "Ambil di Galeri hanya untuk pesanan yang pembelinya memilih ambil sendiri.",
            code="INVALID",
            field="shippingOptionId",
        )
    return option_id


def _prepare_shipment(
    *, user, vendor_order_id: int, option_id: str | None, now: datetime
) -> Shipment:
    """Validate and re-quote without locks (a quote may be a network call), then create — or
    reuse — the shipment row that carries our idempotency key, re-checking under the locks."""
    vendor_order = (
        VendorOrder.objects.select_related("order__shipping_address", "vendor")
        .filter(pk=vendor_order_id)
        .first()
    )
    checked = _check_bookable(user, vendor_order, option_id)
    if isinstance(checked, Shipment):
        return checked
    parcels = parcels_of(vendor_order)
    option = find_shipping_option(
        vendor=vendor_order.vendor,
        destination=destination_of(vendor_order.order.shipping_address),
        parcels=parcels,
        option_id=checked,
        now=vendor_order.paid_at or now,
    )
    if option is None:
        raise DomainError(
            "Layanan pengiriman ini tidak tersedia untuk pesanan ini.",
            code="SHIPPING_NOT_AVAILABLE",
            field="shippingOptionId",
        )
    with transaction.atomic():
        lock_order(vendor_order.order_id)  # the orders app's lock order: order, then vendor order
        vendor_order = (
            VendorOrder.objects.select_for_update()
            .select_related("order__shipping_address", "vendor")
            .get(pk=vendor_order.pk)
        )
        checked = _check_bookable(user, vendor_order, option_id)  # a concurrent request won
        if isinstance(checked, Shipment):
            return checked
        return Shipment.objects.create(
            order_id=vendor_order.order_id,
            vendor_order=vendor_order,
            vendor_id=vendor_order.vendor_id,
            carrier=option.carrier,
            service=option.service,
            option_id=option.id,
            service_name=option.name,
            courier=option.meta.get("courier", ""),
            idempotency_key=f"shp_{vendor_order.pk}_{uuid.uuid4().hex[:16]}",
            charged_price=(
                vendor_order.shipping_price
                if option.id == vendor_order.shipping_option_id
                else option.price
            ),
            chargeable_weight_grams=total_chargeable_grams(parcels),
            promised_delivery_date=vendor_order.promised_delivery_date
            or option.estimated_delivery_date,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def book_shipment(*, shipment_id: int, pickup_requested: bool = False, actor=None) -> Shipment:
    """Book a CREATED shipment with its carrier (safe to call again: same key, same booking)."""
    with transaction.atomic():
        shipment = lock_shipment(shipment_id)
        if shipment.status != S.CREATED:
            return shipment
        shipment.booking_attempts += 1
        shipment.save(update_fields=["booking_attempts", "updated_at"])
    carrier = get_carrier(shipment.carrier)
    if carrier is None:
        raise DomainError("Kurir tidak dikenal.", code="CARRIER_ERROR")
    vendor_order = shipment.vendor_order
    if vendor_order is not None:
        origin = vendor_origin(vendor_order.vendor)
        parcels = parcels_of(vendor_order)
        description = _items_description(vendor_order)
        declared = vendor_order.subtotal
    else:
        from ..api import hub_origin
        from ..carriers.registry import get_hub

        origin = hub_origin(get_hub())
        parcels = [
            p
            for drop in shipment.consolidation.drop_offs.select_related("vendor_order")
            for p in parcels_of(drop.vendor_order)
        ]
        description = "Kiriman gabungan Galeri IKM"
        declared = sum((d.vendor_order.subtotal for d in shipment.consolidation.drop_offs.all()), 0)
    request = BookingRequest(
        reference=shipment.idempotency_key,
        service=shipment.service,
        origin=origin,
        destination=recipient_location(shipment.order.shipping_address),
        parcels=tuple(parcels),
        chargeable_grams=shipment.chargeable_weight_grams,
        declared_value=declared,
        items_description=description,
        pickup_requested=pickup_requested,
    )
    try:
        booking = carrier.book(request)
    except CarrierError as exc:
        Shipment.objects.filter(pk=shipment.pk).update(
            last_error=str(exc)[:2000], updated_at=timezone.now()
        )
        raise DomainError(
            f"Kurir gagal dipesan: {exc}", code="CARRIER_ERROR", field="shippingOptionId"
        )
    with transaction.atomic():
        shipment = lock_shipment(shipment.pk)
        if shipment.status != S.CREATED:
            return shipment
        shipment.external_id = booking.external_id
        shipment.tracking_number = booking.waybill
        shipment.label_url = booking.label_url
        shipment.pickup_code = booking.pickup_code
        shipment.carrier_price = (
            booking.price if booking.price is not None else shipment.charged_price
        )
        shipment.last_error = ""
        if pickup_requested:
            shipment.pickup_requested_at = timezone.now()
        move_shipment(
            shipment,
            S.BOOKED,
            description=f"Kurir dipesan, resi {booking.waybill}",
            source=ShipmentEvent.Source.SYSTEM,
            actor=actor,
        )
        if shipment.vendor_order_id:
            from .order_link import ensure_packed

            ensure_packed(VendorOrder.objects.get(pk=shipment.vendor_order_id), actor=actor)
        return shipment


def create_shipment(
    *,
    user,
    vendor_order_id: int,
    shipping_option_id: str | None = None,
    request_pickup: bool = False,
    now: datetime | None = None,
) -> Shipment:
    """Book the carrier for a vendor order; calling it again returns the same shipment."""
    shipment = _prepare_shipment(
        user=user,
        vendor_order_id=vendor_order_id,
        option_id=shipping_option_id,
        now=now or timezone.now(),
    )
    return book_shipment(shipment_id=shipment.pk, pickup_requested=request_pickup, actor=user)


def cancel_shipment(*, user, shipment: Shipment) -> Shipment:
    """Cancel before the carrier has the parcel; the seller may then book again."""
    require_shipment_manager(user, shipment)
    if shipment.status not in (S.CREATED, S.BOOKED):
        raise InvalidTransition(
            "Pengiriman yang sudah diambil kurir tidak bisa dibatalkan.", field="id"
        )
    carrier = get_carrier(shipment.carrier)
    if shipment.status == S.BOOKED and carrier is not None and not carrier.in_house:
        try:
            carrier.cancel(booking_of(shipment))
        except CarrierError as exc:
            raise DomainError(f"Kurir menolak pembatalan: {exc}", code="CARRIER_ERROR", field="id")
    with transaction.atomic():
        shipment = lock_shipment(shipment.pk)
        if shipment.status == S.CANCELLED:
            return shipment
        move_shipment(shipment, S.CANCELLED, description="Pengiriman dibatalkan", actor=user)
        return shipment


def request_pickup(*, user, shipment: Shipment, when: datetime | None = None) -> Shipment:
    """Ask the courier to collect the parcel from the vendor's warehouse (once)."""
    require_shipment_manager(user, shipment)
    if shipment.status != S.BOOKED:
        raise InvalidTransition(
            "Penjemputan hanya untuk pengiriman yang sudah dipesan.", field="id"
        )
    if shipment.carrier == "pickup" or shipment.consolidation_id:
        raise DomainError("Layanan ini tidak dijemput kurir.", code="INVALID", field="id")
    if shipment.pickup_requested_at:
        return shipment
    carrier = get_carrier(shipment.carrier)
    if carrier is not None and carrier.supports_pickup_request:
        try:
            carrier.request_pickup(booking_of(shipment), when=when)
        except CarrierError as exc:
            raise DomainError(
                f"Permintaan penjemputan gagal: {exc}", code="CARRIER_ERROR", field="id"
            )
    with transaction.atomic():
        shipment = lock_shipment(shipment.pk)
        shipment.pickup_requested_at = timezone.now()
        shipment.save(update_fields=["pickup_requested_at", "updated_at"])
        ShipmentEvent.objects.create(
            shipment=shipment,
            tracking_status="picking_up",
            status=shipment.status,
            description="Penjemputan paket diminta",
            occurred_at=shipment.pickup_requested_at,
            source=ShipmentEvent.Source.MANUAL,
            actor=user,
        )
        return shipment


# Vendors may only report the hand-over of in-house carriers; everything after that (delivered,
# returned: what releases or reverses money) comes from staff or the carrier's own feed.
VENDOR_SETTABLE = frozenset({S.PICKED_UP, S.IN_TRANSIT})
IN_HOUSE_CARRIERS = frozenset({"table", "sameday", "flat", "pickup"})


def update_shipment_status(
    *, user, shipment: Shipment, status: str, description: str = "", location: str = ""
) -> Shipment:
    """A manual status change (staff; a vendor's hand-over to an in-house courier)."""
    if status not in S.values:
        raise DomainError("Status tidak dikenal.", code="INVALID", field="status")
    if not is_fulfillment_staff(user):
        require_shipment_manager(user, shipment)
        if shipment.carrier not in IN_HOUSE_CARRIERS or status not in VENDOR_SETTABLE:
            raise PermissionDenied(
                "Status ini hanya diubah oleh kurir atau staf Galeri.", field="status"
            )
    if status == S.DELIVERED and shipment.carrier == "pickup":
        raise DomainError(
            "Paket ambil sendiri diselesaikan dengan konfirmasi pengambilan.",
            code="INVALID",
            field="status",
        )
    with transaction.atomic():
        shipment = lock_shipment(shipment.pk)
        move_shipment(shipment, status, description=description, location=location, actor=user)
        return shipment


def confirm_collection(
    *, user, shipment: Shipment, pickup_code: str, collected_by: str
) -> Shipment:
    """The Galeri counter hands a click-and-collect parcel over: the code must match."""
    if not is_fulfillment_staff(user):
        raise NotFound("Pengiriman tidak ditemukan.", field="id")
    collected_by = (collected_by or "").strip()
    if not collected_by:
        raise DomainError("Nama pengambil wajib diisi.", code="REQUIRED", field="collectedBy")
    with transaction.atomic():
        shipment = lock_shipment(shipment.pk)
        if shipment.carrier != "pickup":
            raise DomainError("Bukan paket ambil sendiri.", code="INVALID", field="id")
        if shipment.status != S.READY_FOR_PICKUP:
            raise InvalidTransition("Paket belum siap diambil.", field="id")
        if (pickup_code or "").strip() != shipment.pickup_code:
            raise DomainError("Kode pengambilan salah.", code="INVALID", field="pickupCode")
        shipment.collected_by = collected_by[:120]
        move_shipment(
            shipment,
            S.DELIVERED,
            description=f"Diambil oleh {shipment.collected_by}",
            location="Galeri Kota Lama",
            actor=user,
        )
        return shipment
