"""The Galeri hub: expected drop-offs, confirming each one, and booking the consolidated parcel.

A vendor order whose shopper chose "hub:consolidated" is handed in at the hub counter instead of
to a courier. When every such vendor order of the order has been dropped off, hub staff book one
outbound shipment from the hub to the shopper; its fee was split at checkout (`split_shipping_fee`).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from marketplace.core.exceptions import DomainError, InvalidTransition, NotFound, PermissionDenied
from marketplace.orders.models import VendorOrder, VendorOrderStatus
from marketplace.orders.services.events import lock_order

from ..api import HUB_OPTION_ID
from ..carriers.registry import get_hub
from ..models import HubConsolidation, HubDropOff, Shipment
from ..models import ShipmentStatus as S
from ..weights import total_chargeable_grams
from . import order_link
from .access import is_fulfillment_staff
from .shipments import book_shipment, destination_of, parcels_of

OPEN_STATUSES = (VendorOrderStatus.PENDING, VendorOrderStatus.ACCEPTED, VendorOrderStatus.PACKED)


def require_hub_staff(user) -> None:
    if not is_fulfillment_staff(user):
        raise PermissionDenied("Hanya petugas hub Galeri yang boleh melakukan ini.")


def expected_drop_offs() -> QuerySet[VendorOrder]:
    """Paid hub vendor orders whose parcel has not reached the hub yet, oldest payment first."""
    return (
        VendorOrder.objects.filter(
            shipping_option_id=HUB_OPTION_ID,
            status__in=OPEN_STATUSES,
            paid_at__isnull=False,
            hub_drop_off__isnull=True,
        )
        .select_related("vendor", "order")
        .order_by("paid_at", "pk")
    )


def confirm_drop_off(
    *,
    user,
    vendor_order_id: int,
    parcel_count: int = 1,
    weight_grams: int | None = None,
    note: str = "",
) -> HubDropOff:
    require_hub_staff(user)
    if parcel_count < 1 or parcel_count > 50:
        raise DomainError(
            "Jumlah paket harus 1 sampai 50.", code="OUT_OF_RANGE", field="parcelCount"
        )
    if weight_grams is not None and (weight_grams <= 0 or weight_grams > 1_000_000):
        raise DomainError("Berat tidak masuk akal.", code="OUT_OF_RANGE", field="weightGrams")
    with transaction.atomic():
        order_id = (
            VendorOrder.objects.filter(pk=vendor_order_id)
            .values_list("order_id", flat=True)
            .first()
        )
        if order_id is not None:
            lock_order(order_id)  # the orders app's lock order: order, then vendor order
        vendor_order = VendorOrder.objects.select_for_update().filter(pk=vendor_order_id).first()
        if vendor_order is None or vendor_order.shipping_option_id != HUB_OPTION_ID:
            raise NotFound("Pesanan titipan hub tidak ditemukan.", field="vendorOrderId")
        existing = HubDropOff.objects.filter(vendor_order=vendor_order).first()
        if existing is not None:
            return existing
        if vendor_order.status not in (VendorOrderStatus.ACCEPTED, VendorOrderStatus.PACKED):
            raise InvalidTransition(
                "Pesanan belum diterima penjual atau sudah selesai.", field="vendorOrderId"
            )
        consolidation, _ = HubConsolidation.objects.get_or_create(order_id=vendor_order.order_id)
        if consolidation.status not in (
            HubConsolidation.Status.EXPECTING,
            HubConsolidation.Status.READY,
        ):
            raise InvalidTransition("Kiriman gabungan ini sudah dipesan.", field="vendorOrderId")
        drop_off = HubDropOff.objects.create(
            consolidation=consolidation,
            vendor_order=vendor_order,
            parcel_count=parcel_count,
            weight_grams=weight_grams,
            confirmed_by=user,
            confirmed_at=timezone.now(),
            note=note[:255],
        )
        order_link.ensure_packed(vendor_order, actor=user)
        pending = (
            VendorOrder.objects.filter(
                order_id=vendor_order.order_id,
                shipping_option_id=HUB_OPTION_ID,
                status__in=OPEN_STATUSES,
            )
            .filter(hub_drop_off__isnull=True)
            .exists()
        )
        if not pending:
            consolidation.status = HubConsolidation.Status.READY
            consolidation.save(update_fields=["status", "updated_at"])
        return drop_off


def book_outbound(*, user, order_id: int) -> Shipment:
    """Book the consolidated parcel once every hub vendor order of the order is at the hub.

    The outbound quote (possibly a network call) is taken before the consolidation is locked;
    under the lock the state is checked again, so two clicks still make one shipment.
    """
    require_hub_staff(user)
    consolidation = HubConsolidation.objects.filter(order_id=order_id).first()
    if consolidation is None:
        raise NotFound("Kiriman gabungan tidak ditemukan.", field="orderId")
    live = consolidation.shipments.exclude(status=S.CANCELLED).first()
    if live is None:
        live = _create_outbound(user=user, consolidation=consolidation)
    shipment = book_shipment(shipment_id=live.pk, actor=user)
    if shipment.status != S.CREATED:
        HubConsolidation.objects.filter(pk=consolidation.pk).update(
            status=HubConsolidation.Status.BOOKED
        )
    return shipment


def _create_outbound(*, user, consolidation: HubConsolidation) -> Shipment:
    if consolidation.status != HubConsolidation.Status.READY:
        raise InvalidTransition("Masih ada titipan yang belum diterima hub.", field="orderId")
    hub = get_hub()
    if hub is None:
        raise DomainError("Hub Galeri belum dikonfigurasi.", code="SHIPPING_NOT_AVAILABLE")
    drop_offs = list(
        consolidation.drop_offs.select_related(
            "vendor_order__vendor", "vendor_order__order__shipping_address"
        )
    )
    parcels = [p for drop in drop_offs for p in parcels_of(drop.vendor_order)]
    order = drop_offs[0].vendor_order.order
    option = _quote_outbound(hub, order, parcels, _outbound_option_id(drop_offs))
    if option is None:
        raise DomainError(
            "Tidak ada kurir untuk kiriman gabungan ini.",
            code="SHIPPING_NOT_AVAILABLE",
            field="orderId",
        )
    with transaction.atomic():
        locked = HubConsolidation.objects.select_for_update().get(pk=consolidation.pk)
        live = locked.shipments.exclude(status=S.CANCELLED).first()
        if live is not None:
            return live
        if locked.status != HubConsolidation.Status.READY:
            raise InvalidTransition("Masih ada titipan yang belum diterima hub.", field="orderId")
        live = Shipment.objects.create(
            order=order,
            consolidation=locked,
            carrier=option.carrier,
            service=option.service,
            option_id=option.id,
            service_name=option.name,
            courier=option.meta.get("courier", ""),
            idempotency_key=f"hub_{locked.pk}_{uuid.uuid4().hex[:16]}",
            charged_price=sum((d.vendor_order.shipping_price for d in drop_offs), 0),
            chargeable_weight_grams=total_chargeable_grams(parcels),
            promised_delivery_date=max(
                (
                    d.vendor_order.promised_delivery_date
                    for d in drop_offs
                    if d.vendor_order.promised_delivery_date
                ),
                default=None,
            ),
            created_by=user,
        )
        locked.outbound_option_id = option.id
        locked.save(update_fields=["outbound_option_id", "updated_at"])
        return live


def _outbound_option_id(drop_offs) -> str | None:
    return next(
        (
            d.vendor_order.shipping_carrier
            for d in drop_offs
            if ":" in d.vendor_order.shipping_carrier
        ),
        None,
    )


def _quote_outbound(hub, order, parcels, preferred: str | None):
    """The outbound service: the one quoted at checkout when still offered, else the cheapest."""
    from ..api import (
        hub_origin,
        mark_fastest_and_cheapest,
        option_from_rate,
        quote_carrier,
        quote_request,
    )
    from ..calendar import BusinessCalendar
    from ..carriers.registry import outbound_carriers

    request = quote_request(hub_origin(hub), _location(order), parcels)
    calendar = BusinessCalendar()
    now = timezone.now()

    class _Hub:  # the hub hands over on its own schedule
        handling_days = hub.processing_days
        daily_cutoff_hour = 15

    options = [
        option_from_rate(rate, vendor=_Hub, now=now, calendar=calendar)
        for carrier in outbound_carriers()
        for rate in quote_carrier(carrier, request)
        if rate.type in ("regular", "express")
    ]
    options = mark_fastest_and_cheapest(options)
    for option in options:
        if preferred and option.id == preferred:
            return option
    return options[0] if options else None


def _location(order):
    from ..api import destination_location

    return destination_location(destination_of(order.shipping_address))
