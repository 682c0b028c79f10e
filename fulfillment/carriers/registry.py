"""Which carriers exist, and which may carry a given vendor's parcels."""

from __future__ import annotations

from django.conf import settings

from ..config import ShippingConfig, shipping_config
from ..models import GalleryHub, SameDayService
from .aggregator import AggregatorCarrier
from .base import CarrierAdapter
from .flat import FlatRateCarrier
from .pickup import GalleryPickupCarrier
from .sameday import SameDayCarrier
from .table_rate import TableRateCarrier


def get_hub() -> GalleryHub | None:
    """The hub (cached per process, see `config.py`; read it, never save it)."""
    return shipping_config().hub


def aggregator_configured() -> bool:
    return bool(settings.COURIER_AGGREGATOR_BASE_URL)


def _same_day_service() -> SameDayService | None:
    return shipping_config().same_day


def any_carrier_configured() -> bool:
    return aggregator_configured() or shipping_config().any_in_house_carrier


def carriers_for_vendor(vendor, *, config: ShippingConfig | None = None) -> list[CarrierAdapter]:
    """The carriers that may quote this vendor's parcels, in a fixed order.

    `config` lets a caller that already holds the configuration snapshot pass it (one Redis
    read per quote instead of one per question)."""
    if config is None:
        config = shipping_config()
    carriers: list[CarrierAdapter] = []
    if config.has_zones:
        carriers.append(TableRateCarrier())
    same_day = config.same_day
    if same_day is not None:
        carriers.append(SameDayCarrier(same_day))
    hub = config.hub
    if hub is not None and hub.pickup_enabled and getattr(vendor, "is_gallery_tenant", False):
        carriers.append(GalleryPickupCarrier(hub))
    if aggregator_configured():
        carriers.append(AggregatorCarrier())
    if not carriers and not (aggregator_configured() or config.any_in_house_carrier):
        carriers.append(FlatRateCarrier())
    return carriers


def outbound_carriers() -> list[CarrierAdapter]:
    """Carriers for the hub's consolidated outbound parcels (long-haul only)."""
    carriers: list[CarrierAdapter] = []
    if shipping_config().has_zones:
        carriers.append(TableRateCarrier())
    if aggregator_configured():
        carriers.append(AggregatorCarrier())
    return carriers


def get_carrier(code: str) -> CarrierAdapter | None:
    """The adapter for booking, tracking and webhooks of an existing shipment."""
    if code == "table":
        return TableRateCarrier()
    if code == "sameday":
        service = _same_day_service() or SameDayService()
        return SameDayCarrier(service)
    if code == "pickup":
        return GalleryPickupCarrier(get_hub() or GalleryHub())
    if code == "aggregator":
        return AggregatorCarrier()
    if code == "flat":
        return FlatRateCarrier()
    return None
