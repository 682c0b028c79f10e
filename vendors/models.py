"""IKM sellers: who they are, who works for them, where their goods leave from, what they pay.

A vendor is visible (with its products) only while APPROVED; suspension hides everything at once
because every public queryset filters on the vendor's status, no product rows are rewritten.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VendorStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu tinjauan")
    APPROVED = "APPROVED", _("Disetujui")
    REJECTED = "REJECTED", _("Ditolak")
    SUSPENDED = "SUSPENDED", _("Dibekukan")


class Sentra(models.TextChoices):
    """Semarang's industrial centres (sentra IKM) and the gallery's own sectors."""

    BATIK_GUNUNGPATI = "batik-gunungpati", "Batik warna alam Gunungpati"
    TAHU_TEMPE_TANDANG = "tahu-tempe-tandang", "Tahu/tempe Tandang"
    TAHU_TEMPE_KROBOKAN = "tahu-tempe-krobokan", "Tahu/tempe Krobokan"
    BANDENG_PRESTO = "bandeng-presto", "Bandeng presto"
    KULIT_LUMPIA = "kulit-lumpia", "Kulit lumpia"
    KERUPUK_KROBOKAN = "kerupuk-krobokan", "Kerupuk Krobokan"
    LOGAM_BKT = "logam-bkt", "Logam Banjir Kanal Timur"
    FURNITUR = "furnitur", "Furnitur"
    FASHION = "fashion", "Fashion"
    KERAJINAN = "kerajinan", "Kerajinan"
    KULINER = "kuliner", "Kuliner"
    LAINNYA = "lainnya", "Lainnya"


class CommissionPlan(models.Model):
    """How much the marketplace keeps of a vendor's sales: a default rate and per-category rates."""

    name = models.CharField(max_length=100, unique=True)
    default_rate = models.DecimalField(
        max_digits=5, decimal_places=4, default=Decimal("0.0500"), help_text="0.05 = 5%"
    )
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(default_rate__gte=0) & Q(default_rate__lte=1),
                name="commission_rate_range",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_commission_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Vendor(models.Model):
    name = models.CharField(_("nama usaha"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(_("cerita usaha"), blank=True, max_length=5000)
    sentra = models.CharField(max_length=40, choices=Sentra.choices, default=Sentra.LAINNYA)
    status = models.CharField(
        max_length=16, choices=VendorStatus.choices, default=VendorStatus.PENDING, db_index=True
    )
    is_gallery_tenant = models.BooleanField(
        _("tenant Galeri"),
        default=False,
        help_text="Has a stand at the Galeri and may drop parcels at its hub.",
    )
    is_pkp = models.BooleanField(
        _("PKP"), default=False, help_text="Registered for PPN (Pengusaha Kena Pajak)."
    )
    npwp = models.CharField(max_length=20, blank=True)
    logo = models.ImageField(upload_to="vendors/logos/", blank=True)
    phone = models.CharField(max_length=20)
    email = models.EmailField(blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    address = models.ForeignKey(
        "accounts.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commission_plan = models.ForeignKey(
        CommissionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="vendors"
    )
    handling_days = models.PositiveSmallIntegerField(
        default=2, help_text="Business days from payment to hand-over to the carrier."
    )
    daily_cutoff_hour = models.PositiveSmallIntegerField(
        default=14, help_text="Orders paid after this hour (WIB) count from the next business day."
    )
    rating = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0"))
    rejection_reason = models.TextField(blank=True)
    suspension_reason = models.TextField(blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_cutoff_hour__lte=23), name="vendor_cutoff_hour"
            ),
            models.CheckConstraint(condition=Q(handling_days__lte=30), name="vendor_handling_days"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == VendorStatus.APPROVED


class VendorReview(models.Model):
    """A staff review of a vendor application against the gallery's criteria (the rubric)."""

    class Decision(models.TextChoices):
        APPROVE = "APPROVE", _("Setujui")
        REJECT = "REJECT", _("Tolak")
        SUSPEND = "SUSPEND", _("Bekukan")
        REINSTATE = "REINSTATE", _("Aktifkan kembali")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # Rubric, each 1 (poor) to 5 (excellent); null where not assessed.
    product_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    materials_finishing = models.PositiveSmallIntegerField(null=True, blank=True)
    photos = models.PositiveSmallIntegerField(null=True, blank=True)
    legality = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="NIB, PIRT, halal, BPOM, SNI as relevant to the product."
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(product_quality__isnull=True) | Q(product_quality__range=(1, 5)),
                name="review_product_quality_range",
            ),
            models.CheckConstraint(
                condition=Q(materials_finishing__isnull=True)
                | Q(materials_finishing__range=(1, 5)),
                name="review_materials_range",
            ),
            models.CheckConstraint(
                condition=Q(photos__isnull=True) | Q(photos__range=(1, 5)),
                name="review_photos_range",
            ),
            models.CheckConstraint(
                condition=Q(legality__isnull=True) | Q(legality__range=(1, 5)),
                name="review_legality_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} — {self.vendor_id}"


class VendorDocument(models.Model):
    """Legality documents: NIB (business id), PIRT (home food), halal, BPOM, SNI."""

    class Kind(models.TextChoices):
        NIB = "NIB", "NIB"
        PIRT = "PIRT", "P-IRT"
        HALAL = "HALAL", "Sertifikat halal"
        BPOM = "BPOM", "BPOM"
        SNI = "SNI", "SNI"
        OTHER = "OTHER", _("Lainnya")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    number = models.CharField(max_length=64)
    file = models.FileField(upload_to="vendors/documents/", blank=True)
    valid_until = models.DateField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "kind", "number"], name="unique_vendor_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class VendorRole(models.TextChoices):
    OWNER = "OWNER", _("Pemilik")
    STAFF = "STAFF", _("Staf")


class VendorMember(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_memberships"
    )
    role = models.CharField(max_length=8, choices=VendorRole.choices, default=VendorRole.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "user"], name="unique_vendor_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.vendor_id} ({self.role})"


class VendorInvitation(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=8, choices=VendorRole.choices, default=VendorRole.STAFF)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.vendor_id}"


class Warehouse(models.Model):
    """Where a vendor's stock sits and parcels are picked up (gudang / alamat pickup)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="warehouses")
    name = models.CharField(max_length=100)
    address = models.ForeignKey("accounts.Address", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_pickup_point = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name"], name="unique_warehouse_name"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__range=(-90, 90)),
                name="warehouse_latitude",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__range=(-180, 180)),
                name="warehouse_longitude",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor.name} — {self.name}"
