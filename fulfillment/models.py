"""Fulfilment data: admin-managed carrier tables, the gallery hub, and (below) shipments.

Carrier configuration is data, not code, so the operations team changes a tariff in the admin
without a deploy. Money is whole Rupiah (`DecimalField(12, 0)`), weights grams, times UTC.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceLevel(models.TextChoices):
    REGULAR = "regular", _("Reguler")
    EXPRESS = "express", _("Ekspres")


class NonWorkingDay(models.Model):
    """A closure beyond national holidays and cuti bersama (e.g. a decree that moves a holiday)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ShippingZone(models.Model):
    """A destination zone of the table-rate carrier, e.g. "Semarang Raya", "Jawa", "Luar Jawa".

    A zone covers the provinces/cities listed in its areas; when several zones match a
    destination, a city match beats a province match, and `priority` breaks remaining ties.
    A zone without areas is the catch-all (rest of Indonesia).
    """

    name = models.CharField(max_length=100, unique=True)
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower wins among equal matches."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = _("zona pengiriman")
        verbose_name_plural = _("zona pengiriman")

    def __str__(self) -> str:
        return self.name


class ShippingZoneArea(models.Model):
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="areas")
    province = models.CharField(_("provinsi"), max_length=100)
    city = models.CharField(
        _("kota/kabupaten"), max_length=100, blank=True, help_text="Empty: the whole province."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "province", "city"], name="unique_zone_area")
        ]

    def __str__(self) -> str:
        return f"{self.city or '*'}, {self.province}"


class ShippingRate(models.Model):
    """One weight bracket of a zone and service, on chargeable weight (grams, inclusive bounds).

    price = base_price (covers the bracket's first started kilogram) + price_per_extra_kg × each
    further started kilogram of chargeable weight.
    """

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    service = models.CharField(
        max_length=16, choices=ServiceLevel.choices, default=ServiceLevel.REGULAR
    )
    min_weight_grams = models.PositiveIntegerField(default=0)
    max_weight_grams = models.PositiveIntegerField()
    base_price = models.DecimalField(max_digits=12, decimal_places=0)
    price_per_extra_kg = models.DecimalField(max_digits=12, decimal_places=0, default=Decimal("0"))
    transit_days_min = models.PositiveSmallIntegerField(default=1)
    transit_days_max = models.PositiveSmallIntegerField(default=3)

    class Meta:
        ordering = ["zone", "service", "min_weight_grams"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarif")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_weight_grams__gte=models.F("min_weight_grams")),
                name="rate_weight_bracket",
            ),
            models.CheckConstraint(
                condition=Q(transit_days_max__gte=models.F("transit_days_min")),
                name="rate_transit_range",
            ),
            models.CheckConstraint(condition=Q(base_price__gte=0), name="rate_base_price_positive"),
            models.CheckConstraint(
                condition=Q(price_per_extra_kg__gte=0), name="rate_per_kg_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.service} {self.min_weight_grams}-{self.max_weight_grams} g"


class SameDayService(models.Model):
    """The same-day city courier: inside `city`, or within `radius_km` of the vendor's warehouse."""

    name = models.CharField(max_length=100, default="Kurir Kota Sehari Sampai")
    is_active = models.BooleanField(default=True)
    city = models.CharField(max_length=100, default="Kota Semarang")
    radius_km = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="When set, destinations within this road distance of the warehouse also qualify.",
    )
    price_per_km = models.DecimalField(max_digits=12, decimal_places=0, default=Decimal("2500"))
    minimum_price = models.DecimalField(max_digits=12, decimal_places=0, default=Decimal("15000"))
    max_weight_grams = models.PositiveIntegerField(default=20000)
    cutoff_hour = models.PositiveSmallIntegerField(
        default=12, help_text="Orders paid after this hour (WIB) go the next business day."
    )
    road_factor = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.30"),
        help_text="Road distance ≈ straight-line distance × this factor.",
    )

    class Meta:
        verbose_name = _("kurir sehari sampai")
        verbose_name_plural = _("kurir sehari sampai")
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_hour__lte=23), name="sameday_cutoff_hour"),
            models.CheckConstraint(condition=Q(road_factor__gte=1), name="sameday_road_factor"),
        ]

    def __str__(self) -> str:
        return self.name


class GalleryHub(models.Model):
    """The Galeri in Kota Lama: click-and-collect counter and consolidation hub (one row)."""

    name = models.CharField(max_length=100, default="Galeri IKM Kota Lama")
    phone = models.CharField(max_length=20, default="+62247000000")
    street_address = models.CharField(
        max_length=255, default="Jl. Letjen Suprapto No. 31, Kota Lama"
    )
    district = models.CharField(max_length=100, default="Semarang Utara")
    city = models.CharField(max_length=100, default="Kota Semarang")
    province = models.CharField(max_length=100, default="Jawa Tengah")
    postal_code = models.CharField(max_length=5, default="50174")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, default=Decimal("-6.968300"))
    longitude = models.DecimalField(max_digits=9, decimal_places=6, default=Decimal("110.428000"))
    pickup_enabled = models.BooleanField(
        default=True, help_text="Shoppers may collect tenants' orders here."
    )
    pickup_hold_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="Uncollected parcels go back to the seller after this many business days.",
    )
    consolidation_enabled = models.BooleanField(default=True)
    processing_days = models.PositiveSmallIntegerField(
        default=1, help_text="Business days from the last drop-off to the outbound hand-over."
    )

    class Meta:
        verbose_name = _("hub Galeri")
        verbose_name_plural = _("hub Galeri")

    def __str__(self) -> str:
        return self.name


# --- Shipments ---------------------------------------------------------------------------------


class ShipmentStatus(models.TextChoices):
    """DESIGN.md: created → booked → picked_up → in_transit → out_for_delivery → delivered;
    failed; returned. Plus ready_for_pickup (click-and-collect), returning, cancelled."""

    CREATED = "CREATED", _("Dibuat")
    BOOKED = "BOOKED", _("Kurir dipesan")
    READY_FOR_PICKUP = "READY_FOR_PICKUP", _("Siap diambil")
    PICKED_UP = "PICKED_UP", _("Diambil kurir")
    IN_TRANSIT = "IN_TRANSIT", _("Dalam perjalanan")
    OUT_FOR_DELIVERY = "OUT_FOR_DELIVERY", _("Sedang diantar")
    DELIVERED = "DELIVERED", _("Terkirim")
    FAILED = "FAILED", _("Gagal diantar")
    RETURNING = "RETURNING", _("Dikembalikan ke penjual")
    RETURNED = "RETURNED", _("Diterima kembali penjual")
    CANCELLED = "CANCELLED", _("Dibatalkan")


class HubConsolidation(models.Model):
    """Several gallery tenants' vendor orders of one order, travelling as one parcel from the hub."""

    class Status(models.TextChoices):
        EXPECTING = "EXPECTING", _("Menunggu titipan")
        READY = "READY", _("Semua titipan diterima")
        BOOKED = "BOOKED", _("Kiriman dipesan")
        CANCELLED = "CANCELLED", _("Dibatalkan")

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="hub_consolidation"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXPECTING)
    outbound_option_id = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Konsolidasi {self.order_id}"


class HubDropOff(models.Model):
    """One vendor order's parcel handed in at the hub counter (confirmed by hub staff)."""

    consolidation = models.ForeignKey(
        HubConsolidation, on_delete=models.CASCADE, related_name="drop_offs"
    )
    vendor_order = models.OneToOneField(
        "orders.VendorOrder", on_delete=models.CASCADE, related_name="hub_drop_off"
    )
    parcel_count = models.PositiveSmallIntegerField(default=1)
    weight_grams = models.PositiveIntegerField(
        null=True, blank=True, help_text="Weighed at the counter."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Titipan {self.vendor_order_id}"


class Shipment(models.Model):
    """One booked parcel: a vendor order's, or a hub consolidation's (then `vendor_order` is null)."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="shipments")
    vendor_order = models.ForeignKey(
        "orders.VendorOrder",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shipments",
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shipments",
        help_text="Null for the hub's consolidated parcels.",
    )
    consolidation = models.ForeignKey(
        HubConsolidation, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    carrier = models.CharField(max_length=32)
    service = models.CharField(max_length=64)
    option_id = models.CharField(max_length=128)
    service_name = models.CharField(max_length=200, blank=True)
    courier = models.CharField(
        max_length=32, blank=True, help_text="The courier behind an aggregator."
    )
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED, db_index=True
    )
    idempotency_key = models.CharField(
        max_length=128, unique=True, help_text="Sent to the carrier as our reference."
    )
    external_id = models.CharField(max_length=128, blank=True, db_index=True)
    tracking_number = models.CharField(max_length=64, blank=True, db_index=True)
    label_url = models.URLField(
        max_length=500, blank=True, help_text="The carrier's own label, when it issues one."
    )
    pickup_code = models.CharField(max_length=12, blank=True)
    collected_by = models.CharField(max_length=120, blank=True)
    charged_price = models.DecimalField(
        max_digits=12, decimal_places=0, help_text="What the shopper paid."
    )
    carrier_price = models.DecimalField(
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        help_text="What the carrier billed at booking.",
    )
    chargeable_weight_grams = models.PositiveIntegerField(default=0)
    promised_delivery_date = models.DateField(null=True, blank=True)
    booking_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    pickup_requested_at = models.DateTimeField(null=True, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["carrier", "status"]),
            models.Index(fields=["vendor", "status"]),
        ]
        constraints = [
            # One live shipment per vendor order; a cancelled one may be replaced.
            models.UniqueConstraint(
                fields=["vendor_order"],
                condition=Q(vendor_order__isnull=False) & ~Q(status="CANCELLED"),
                name="one_live_shipment_per_vendor_order",
            ),
            models.UniqueConstraint(
                fields=["carrier", "tracking_number"],
                condition=~Q(tracking_number=""),
                name="unique_carrier_tracking_number",
            ),
            models.CheckConstraint(
                condition=Q(vendor_order__isnull=False) | Q(consolidation__isnull=False),
                name="shipment_has_an_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number or self.pk}"


class ShipmentEvent(models.Model):
    """A tracking event: the timeline the shopper sees. `external_event_id` de-duplicates."""

    class Source(models.TextChoices):
        SYSTEM = "system", _("Sistem")
        WEBHOOK = "webhook", _("Webhook kurir")
        POLL = "poll", _("Pelacakan berkala")
        MANUAL = "manual", _("Petugas")

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    tracking_status = models.CharField(
        max_length=20, help_text="Normalised carrier status (DESIGN.md)."
    )
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, help_text="Shipment status after it."
    )
    raw_status = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=500, blank=True)
    location = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SYSTEM)
    external_event_id = models.CharField(max_length=128, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "external_event_id"],
                condition=~Q(external_event_id=""),
                name="unique_shipment_external_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_status} {self.occurred_at:%Y-%m-%d %H:%M}"


class CarrierWebhookEvent(models.Model):
    """Every accepted carrier webhook, unique on the carrier's event id: a replay does nothing."""

    carrier = models.CharField(max_length=32)
    event_id = models.CharField(max_length=128)
    payload = models.JSONField(default=dict)
    shipment = models.ForeignKey(
        Shipment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "event_id"], name="unique_carrier_webhook_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.event_id}"


class HandlingTimeAlert(models.Model):
    """A warning (or breach) about a vendor order close to (or past) its ship-by deadline, once."""

    class Kind(models.TextChoices):
        WARNING = "WARNING", _("Mendekati batas kirim")
        BREACH = "BREACH", _("Melewati batas kirim")

    vendor_order = models.ForeignKey(
        "orders.VendorOrder", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    deadline = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vendor_order", "kind"], name="one_handling_alert_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.vendor_order_id}"
