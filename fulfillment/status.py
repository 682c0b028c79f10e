"""The shipment state machine and how carriers' tracking statuses map onto it.

Manual changes (staff, the counter, an in-house courier) must follow ALLOWED_TRANSITIONS or are
refused with INVALID_TRANSITION. Carrier feeds arrive out of order and late; an event whose status
is not a valid next step is kept on the timeline but does not move the shipment (a late
"in_transit" scan never un-delivers a parcel).
"""

from __future__ import annotations

from .models import ShipmentStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.CREATED: frozenset({S.BOOKED, S.CANCELLED}),
    S.BOOKED: frozenset(
        {S.READY_FOR_PICKUP, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.CANCELLED}
    ),
    S.READY_FOR_PICKUP: frozenset({S.DELIVERED, S.RETURNED}),
    S.PICKED_UP: frozenset({S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED, S.FAILED, S.RETURNING}),
    S.IN_TRANSIT: frozenset({S.OUT_FOR_DELIVERY, S.DELIVERED, S.FAILED, S.RETURNING}),
    S.OUT_FOR_DELIVERY: frozenset({S.IN_TRANSIT, S.DELIVERED, S.FAILED, S.RETURNING}),
    S.FAILED: frozenset({S.OUT_FOR_DELIVERY, S.IN_TRANSIT, S.DELIVERED, S.RETURNING, S.RETURNED}),
    S.RETURNING: frozenset({S.RETURNED}),
    S.DELIVERED: frozenset(),
    S.RETURNED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Normalised tracking status (DESIGN.md) → the shipment status it moves to (None: no move).
TRACKING_TO_SHIPMENT: dict[str, str | None] = {
    "created": None,
    "allocated": S.BOOKED,
    "picking_up": None,
    "picked": S.PICKED_UP,
    "in_transit": S.IN_TRANSIT,
    "out_for_delivery": S.OUT_FOR_DELIVERY,
    "delivered": S.DELIVERED,
    "on_hold": None,
    "returning": S.RETURNING,
    "returned": S.RETURNED,
    "cancelled": S.CANCELLED,
    "failed": S.FAILED,
}

# The tracking status we record for a manual move to a shipment status.
SHIPMENT_TO_TRACKING: dict[str, str] = {
    S.CREATED: "created",
    S.BOOKED: "allocated",
    S.READY_FOR_PICKUP: "on_hold",
    S.PICKED_UP: "picked",
    S.IN_TRANSIT: "in_transit",
    S.OUT_FOR_DELIVERY: "out_for_delivery",
    S.DELIVERED: "delivered",
    S.FAILED: "failed",
    S.RETURNING: "returning",
    S.RETURNED: "returned",
    S.CANCELLED: "cancelled",
}

# The carrier has the parcel: the vendor order counts as shipped from here on.
HANDED_OVER = frozenset({S.READY_FOR_PICKUP, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY})
TERMINAL = frozenset({S.DELIVERED, S.RETURNED, S.CANCELLED})
# Shipments whose tracking is still worth polling.
TRACKABLE = frozenset(
    {S.BOOKED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.FAILED, S.RETURNING}
)


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


# The delivery path in order. A carrier feed may skip steps along it (we do not always receive the
# pickup scan before the delivery scan); manual changes may not.
FORWARD_PATH = (S.CREATED, S.BOOKED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED)


def can_feed_transition(current: str, target: str) -> bool:
    """Whether a carrier's tracking event may move a shipment from `current` to `target`."""
    if can_transition(current, target):
        return True
    if current in FORWARD_PATH and target in FORWARD_PATH and current != S.CREATED:
        return FORWARD_PATH.index(target) > FORWARD_PATH.index(current)
    return False
