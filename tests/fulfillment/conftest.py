from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from fulfillment.carriers.aggregator import sign_payload
from fulfillment.models import (
    GalleryHub,
    SameDayService,
    ShippingRate,
    ShippingZone,
    ShippingZoneArea,
)
from marketplace.orders.models import (
    Order,
    OrderStatus,
    VendorOrder,
    VendorOrderLine,
    VendorOrderStatus,
)
from tests.factories import (
    AddressFactory,
    UserFactory,
    VariantFactory,
    VendorFactory,
    VendorMemberFactory,
    WarehouseFactory,
)

from .fake_aggregator import FakeAggregator

WIB = ZoneInfo("Asia/Jakarta")
WEBHOOK_SECRET = "whsec-aggregator-test"


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def aggregator(settings):
    fake = FakeAggregator().start()
    settings.COURIER_AGGREGATOR_BASE_URL = fake.url
    settings.COURIER_AGGREGATOR_API_KEY = fake.api_key
    settings.COURIER_AGGREGATOR_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.COURIER_AGGREGATOR_COURIERS = ["jne", "sicepat", "jnt"]
    settings.COURIER_AGGREGATOR_TIMEOUT = 0.4
    settings.COURIER_AGGREGATOR_MAX_ATTEMPTS = 3
    settings.COURIER_AGGREGATOR_BACKOFF_SECONDS = 0.01
    yield fake
    fake.stop()


@pytest.fixture
def zones(db):
    """Semarang Raya (city) < Jawa Tengah (province) < Jawa < catch-all Nasional."""

    def zone(name, priority, areas, brackets):
        z = ShippingZone.objects.create(name=name, priority=priority)
        for province, city in areas:
            ShippingZoneArea.objects.create(zone=z, province=province, city=city)
        for service, low, high, base, per_kg, tmin, tmax in brackets:
            ShippingRate.objects.create(
                zone=z,
                service=service,
                min_weight_grams=low,
                max_weight_grams=high,
                base_price=Decimal(base),
                price_per_extra_kg=Decimal(per_kg),
                transit_days_min=tmin,
                transit_days_max=tmax,
            )
        return z

    return {
        "semarang": zone(
            "Semarang Raya",
            10,
            [("Jawa Tengah", "Kota Semarang")],
            [
                ("regular", 0, 1000, 9000, 0, 1, 1),
                ("regular", 1001, 30000, 9000, 3000, 1, 2),
                ("express", 0, 30000, 15000, 5000, 0, 1),
            ],
        ),
        "jateng": zone(
            "Jawa Tengah",
            20,
            [("Jawa Tengah", "")],
            [("regular", 0, 1000, 12000, 0, 2, 3), ("regular", 1001, 30000, 12000, 4000, 2, 3)],
        ),
        "jawa": zone(
            "Jawa",
            30,
            [("DKI Jakarta", ""), ("Jawa Barat", ""), ("Jawa Timur", ""), ("DI Yogyakarta", "")],
            [("regular", 0, 30000, 18000, 6000, 2, 4), ("express", 0, 30000, 30000, 9000, 1, 2)],
        ),
        "nasional": zone("Nasional", 90, [], [("regular", 0, 30000, 35000, 12000, 4, 7)]),
    }


@pytest.fixture
def same_day(db):
    return SameDayService.objects.create(
        city="Kota Semarang",
        price_per_km=Decimal("2500"),
        minimum_price=Decimal("15000"),
        max_weight_grams=20000,
        cutoff_hour=12,
        road_factor=Decimal("1.30"),
    )


@pytest.fixture
def hub(db):
    return GalleryHub.objects.create()


def make_vendor(*, tenant=False, handling_days=2, cutoff=14, member=None):
    vendor = VendorFactory(
        is_gallery_tenant=tenant, handling_days=handling_days, daily_cutoff_hour=cutoff
    )
    WarehouseFactory(vendor=vendor)  # Gunungpati, Kota Semarang (-7.065, 110.375)
    if member is not None:
        VendorMemberFactory(vendor=vendor, user=member)
    return vendor


def make_vendor_order(
    vendor,
    *,
    option_id="table:regular",
    price=Decimal("9000"),
    status=VendorOrderStatus.ACCEPTED,
    paid_at=None,
    promised=None,
    address=None,
    quantity=1,
    weight=400,
    order=None,
    email="pembeli@example.id",
):
    paid_at = paid_at or timezone.now()
    if order is None:
        order = Order.objects.create(
            number=f"GI-{uuid.uuid4().hex[:8].upper()}",
            checkout_token=uuid.uuid4(),
            email=email,
            status=OrderStatus.PAID,
            shipping_address=address or AddressFactory(),
            subtotal=Decimal("350000"),
            shipping_total=price,
            total=Decimal("350000") + price,
            payment_gateway="bank_transfer",
            paid_at=paid_at,
        )
    vendor_order = VendorOrder.objects.create(
        order=order,
        vendor=vendor,
        number=f"{order.number}-{vendor.pk}",
        status=status,
        shipping_option_id=option_id,
        shipping_method_name=option_id,
        shipping_carrier=option_id.split(":")[0],
        shipping_price=price,
        promised_delivery_date=promised,
        subtotal=Decimal("350000"),
        total=Decimal("350000") + price,
        paid_at=paid_at,
    )
    variant = VariantFactory(product__vendor=vendor, weight_grams=weight)
    VendorOrderLine.objects.create(
        vendor_order=vendor_order,
        variant=variant,
        product_name=variant.product.name,
        sku=variant.sku,
        quantity=quantity,
        unit_price=variant.price,
        total=variant.price * quantity,
        weight=weight,
    )
    return vendor_order


@pytest.fixture
def seller(db):
    user = UserFactory()
    vendor = make_vendor(member=user)
    return user, vendor


def post_webhook(
    body: dict, *, secret: str = WEBHOOK_SECRET, signature: str | None = None, code="aggregator"
):
    raw = json.dumps(body).encode()
    header = signature if signature is not None else sign_payload(secret, raw)
    return Client().post(
        f"/fulfillment/carriers/{code}/webhook/",
        data=raw,
        content_type="application/json",
        HTTP_X_AGGREGATOR_SIGNATURE=header,
    )
