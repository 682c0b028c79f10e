"""Moving shipments: manual status changes, carrier tracking events (webhook or poll), and what
each move means for the vendor orders (shipped, delivered, returned) and who hears about it."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, InvalidTransition, NotFound
from marketplace.notifications.outbox import emit_event

from ..carriers.base import Booking, CarrierError, TrackingUpdate
from ..carriers.registry import get_carrier
from ..models import CarrierWebhookEvent, Shipment, ShipmentEvent
from ..models import ShipmentStatus as S
from ..status import (
    HANDED_OVER,
    SHIPMENT_TO_TRACKING,
    TRACKABLE,
    TRACKING_TO_SHIPMENT,
    can_feed_transition,
    can_transition,
)
from . import order_link

logger = logging.getLogger(__name__)

EVENT_KINDS = {
    S.BOOKED: "shipment.booked",
    S.READY_FOR_PICKUP: "shipment.ready_for_pickup",
    S.PICKED_UP: "shipment.picked_up",
    S.IN_TRANSIT: "shipment.in_transit",
    S.OUT_FOR_DELIVERY: "shipment.out_for_delivery",
    S.DELIVERED: "shipment.delivered",
    S.FAILED: "shipment.delivery_failed",
    S.RETURNING: "shipment.returning",
    S.RETURNED: "shipment.returned",
    S.CANCELLED: "shipment.cancelled",
}


def vendor_orders_of(shipment: Shipment) -> list:
    """The vendor orders a shipment carries (several for a hub consolidation), by primary key.

    Not locked here: the orders app's transitions lock the order, then the vendor order, in
    that order, and taking the vendor order first would invert it (a deadlock)."""
    from marketplace.orders.models import VendorOrder

    if shipment.vendor_order_id:
        return list(VendorOrder.objects.filter(pk=shipment.vendor_order_id))
    return list(
        VendorOrder.objects.filter(
            hub_drop_off__consolidation_id=shipment.consolidation_id
        ).order_by("pk")
    )


def booking_of(shipment: Shipment) -> Booking:
    return Booking(external_id=shipment.external_id, waybill=shipment.tracking_number)


def shipment_payload(shipment: Shipment) -> dict:
    return {
        "shipmentId": shipment.pk,
        "orderId": shipment.order_id,
        "vendorOrderId": shipment.vendor_order_id,
        "carrier": shipment.carrier,
        "service": shipment.service,
        "trackingNumber": shipment.tracking_number,
        "status": shipment.status,
        "promisedDeliveryDate": shipment.promised_delivery_date.isoformat()
        if shipment.promised_delivery_date
        else None,
    }


def _emit(shipment: Shipment, kind: str) -> None:
    emit_event(
        kind,
        shipment_payload(shipment),
        vendor_id=shipment.vendor_id,
        aggregate_type="shipment",
        aggregate_id=shipment.pk,
    )


def _apply_side_effects(shipment: Shipment, target: str, *, actor, moment: datetime) -> None:
    if target in HANDED_OVER and shipment.picked_up_at is None:
        shipment.picked_up_at = moment
        for vendor_order in vendor_orders_of(shipment):
            order_link.ensure_shipped(vendor_order, actor=actor)
    if target == S.DELIVERED:
        shipment.picked_up_at = shipment.picked_up_at or moment
        shipment.delivered_at = moment
        for vendor_order in vendor_orders_of(shipment):
            order_link.ensure_delivered(vendor_order, actor=actor)
    elif target == S.FAILED:
        shipment.delivery_attempts += 1
    elif target == S.RETURNED:
        shipment.returned_at = moment
        for vendor_order in vendor_orders_of(shipment):
            order_link.ensure_returned(vendor_order, actor=actor)
    elif target == S.CANCELLED:
        shipment.cancelled_at = moment
    elif target == S.BOOKED and shipment.booked_at is None:
        shipment.booked_at = moment


def move_shipment(
    shipment: Shipment,
    target: str,
    *,
    tracking_status: str | None = None,
    description: str = "",
    location: str = "",
    source: str = ShipmentEvent.Source.MANUAL,
    actor=None,
    occurred_at: datetime | None = None,
    external_event_id: str = "",
    raw_status: str = "",
    from_feed: bool = False,
) -> ShipmentEvent:
    """Move a locked shipment to `target` (or refuse), record the event, run the consequences.

    The caller holds the shipment's row lock inside a transaction.
    """
    allowed = can_feed_transition if from_feed else can_transition
    if not allowed(shipment.status, target):
        raise InvalidTransition(
            f"Status pengiriman tidak bisa diubah dari {S(shipment.status).label} ke {S(target).label}.",
            field="status",
        )
    moment = occurred_at or timezone.now()
    shipment.status = target
    _apply_side_effects(shipment, target, actor=actor, moment=moment)
    shipment.save()
    event = ShipmentEvent.objects.create(
        shipment=shipment,
        tracking_status=tracking_status or SHIPMENT_TO_TRACKING[target],
        status=target,
        raw_status=raw_status,
        description=description or S(target).label,
        location=location,
        occurred_at=moment,
        source=source,
        external_event_id=external_event_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    kind = EVENT_KINDS.get(target)
    if kind:
        _emit(shipment, kind)
    return event


def lock_shipment(shipment_id: int) -> Shipment:
    """Lock the shipment's order first (the orders app's lock order), then the shipment."""
    from marketplace.orders.services.events import lock_order

    order_id = Shipment.objects.filter(pk=shipment_id).values_list("order_id", flat=True).first()
    if order_id is not None:
        lock_order(order_id)
    shipment = Shipment.objects.select_for_update().filter(pk=shipment_id).first()
    if shipment is None:
        raise NotFound("Pengiriman tidak ditemukan.")
    return shipment


def apply_tracking_update(*, shipment_id: int, update: TrackingUpdate, source: str) -> bool:
    """Record one carrier event, once. Returns False when it was already recorded.

    Events are always kept for the timeline; the shipment moves only when the event's status is a
    valid next step (carriers deliver events late and out of order).
    """
    with transaction.atomic():
        shipment = lock_shipment(shipment_id)
        if (
            update.event_id
            and ShipmentEvent.objects.filter(
                shipment=shipment, external_event_id=update.event_id
            ).exists()
        ):
            return False
        target = TRACKING_TO_SHIPMENT.get(update.status)
        common = {
            "tracking_status": update.status,
            "description": update.description,
            "location": update.location,
            "source": source,
            "occurred_at": update.occurred_at,
            "external_event_id": update.event_id,
            "raw_status": update.raw_status,
        }
        if target and target != shipment.status and can_feed_transition(shipment.status, target):
            move_shipment(shipment, target, from_feed=True, **common)
        else:
            common["description"] = common["description"] or update.status
            ShipmentEvent.objects.create(shipment=shipment, status=shipment.status, **common)
        return True


def find_shipment_for_update(carrier_code: str, update: TrackingUpdate) -> Shipment | None:
    queryset = Shipment.objects.filter(carrier=carrier_code)
    if update.external_id:
        found = queryset.filter(external_id=update.external_id).order_by("-pk").first()
        if found:
            return found
    if update.waybill:
        return queryset.filter(tracking_number=update.waybill).order_by("-pk").first()
    return None


class UnknownShipment(DomainError):
    default_code = "NOT_FOUND"


def receive_webhook(*, carrier_code: str, headers: dict, raw_body: bytes) -> int:
    """Verify a carrier webhook and apply its events once each. Returns how many were new.

    Raises WebhookRejected (bad signature or body: nothing changes), UnknownShipment (the carrier
    should retry later: the booking may not be committed yet).
    """
    carrier = get_carrier(carrier_code)
    if carrier is None:
        raise NotFound("Kurir tidak dikenal.")
    updates = carrier.parse_webhook(headers, raw_body)
    try:
        payload = json.loads(raw_body)
    except ValueError:
        payload = {}
    applied = 0
    for update in updates:
        shipment = find_shipment_for_update(carrier_code, update)
        if shipment is None:
            raise UnknownShipment("Pengiriman tidak ditemukan.")
        try:
            with transaction.atomic():
                CarrierWebhookEvent.objects.create(
                    carrier=carrier_code,
                    event_id=update.event_id,
                    payload=payload,
                    shipment=shipment,
                )
                if apply_tracking_update(
                    shipment_id=shipment.pk, update=update, source=ShipmentEvent.Source.WEBHOOK
                ):
                    applied += 1
        except IntegrityError:
            continue  # a replay: the carrier's event id was seen before
    return applied


def poll_shipment(*, shipment_id: int) -> int:
    """Fetch a shipment's tracking from its carrier (no lock held during the call)."""
    shipment = Shipment.objects.get(pk=shipment_id)
    carrier = get_carrier(shipment.carrier)
    if (
        carrier is None
        or carrier.in_house
        or shipment.status not in TRACKABLE
        or not shipment.external_id
    ):
        return 0
    try:
        updates = carrier.track(booking_of(shipment))
    except CarrierError as exc:
        logger.warning("tracking %s failed: %s", shipment.pk, exc)
        return 0
    applied = 0
    for update in sorted(updates, key=lambda u: u.occurred_at):
        if apply_tracking_update(
            shipment_id=shipment.pk, update=update, source=ShipmentEvent.Source.POLL
        ):
            applied += 1
    Shipment.objects.filter(pk=shipment.pk).update(last_polled_at=timezone.now())
    return applied


def poll_active_shipments(*, limit: int = 200) -> int:
    """Poll the outside carriers' live shipments, least recently polled first."""
    ids = list(
        Shipment.objects.filter(status__in=TRACKABLE)
        .exclude(external_id="")
        .exclude(carrier__in=["table", "sameday", "pickup", "flat"])
        .order_by("last_polled_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(poll_shipment(shipment_id=pk) for pk in ids)
