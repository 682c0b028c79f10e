"""Promotions: vouchers, sales, flash sales, free shipping, and marketplace campaigns.

Who pays for a discount is always recorded (`funded_by`): the vendor (it lowers the vendor's
earnings) or the platform (it comes out of the platform's commission). Quotas are guarded by the
database, not only by code: `CHECK used_count <= usage_limit` on vouchers and
`CHECK sold_count <= quantity` on flash sales, so even a bug cannot oversell a promotion.

Money is whole Rupiah (`decimal_places=0`); a percentage `value` may carry two decimals (12.5%).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DiscountType(models.TextChoices):
    PERCENTAGE = "PERCENTAGE", _("Persentase")
    FIXED = "FIXED", _("Potongan tetap")
    FREE_SHIPPING = "FREE_SHIPPING", _("Gratis ongkir")


class SaleType(models.TextChoices):
    PERCENTAGE = "PERCENTAGE", _("Persentase")
    FIXED = "FIXED", _("Potongan tetap")


class FundedBy(models.TextChoices):
    PLATFORM = "PLATFORM", _("Ditanggung platform")
    VENDOR = "VENDOR", _("Ditanggung penjual")


class PromotionQuerySet(models.QuerySet):
    def active_at(self, now=None):
        now = now or timezone.now()
        return self.filter(is_active=True, starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class Voucher(models.Model):
    """A code the shopper types at checkout. Scope: the whole marketplace, or a vendor, categories
    and/or products (a line is eligible when it matches every given dimension)."""

    code = models.CharField(max_length=32)
    name = models.CharField(max_length=120)
    type = models.CharField(max_length=16, choices=DiscountType.choices)
    value = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, help_text="Percent (0–100) or Rupiah."
    )
    min_spend = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    max_discount = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    usage_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    used_count = models.IntegerField(default=0)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="vouchers"
    )
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    funded_by = models.CharField(max_length=8, choices=FundedBy.choices, default=FundedBy.PLATFORM)
    is_active = models.BooleanField(
        default=True, help_text="False once deleted (kept for history)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Upper("code"), condition=Q(is_active=True), name="voucher_code_unique_ci"
            ),
            models.CheckConstraint(
                condition=Q(used_count__gte=0), name="voucher_used_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(used_count__lte=F("usage_limit")),
                name="voucher_used_within_limit",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="voucher_value_non_negative"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="voucher_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class VoucherRedemption(models.Model):
    """One use of a voucher by one order; released (not deleted) when the order is cancelled."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    order_ref = models.CharField(max_length=64, help_text="Order number or checkout token.")
    customer_email = models.CharField(max_length=254, db_index=True, help_text="Lower-cased.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discount_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order_ref"], name="voucher_once_per_order")
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id}:{self.order_ref}"


class Sale(models.Model):
    """An automatic reduction on products, categories (with their sub-categories) or a vendor's
    range, in a date window. No scope at all means the whole marketplace (staff only)."""

    name = models.CharField(max_length=120)
    type = models.CharField(max_length=16, choices=SaleType.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="sales"
    )
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    funded_by = models.CharField(max_length=8, choices=FundedBy.choices, default=FundedBy.PLATFORM)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="sale_value_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="sale_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A marketplace campaign (Hari Batik Nasional 2 Oktober, Harbolnas 12.12): staff create it,
    invite vendors (or leave it open to all), vendors join with a campaign price and reserved
    stock, staff approve each entry. An approved entry runs as a flash sale in the campaign
    window."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True, max_length=5000)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    join_deadline = models.DateTimeField(null=True, blank=True)
    min_discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="Entries must be at least this much off.",
    )
    per_customer_limit = models.PositiveIntegerField(null=True, blank=True)
    is_invite_only = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="campaign_window_order"
            ),
            models.CheckConstraint(
                condition=Q(min_discount_percent__gte=0) & Q(min_discount_percent__lt=100),
                name="campaign_min_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignInvitation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "vendor"], name="one_invitation_per_vendor")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.vendor_id}"


class CampaignEntryStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu persetujuan")
    APPROVED = "APPROVED", _("Disetujui")
    REJECTED = "REJECTED", _("Ditolak")


class CampaignEntry(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    price = models.DecimalField(max_digits=12, decimal_places=0)
    quantity = models.PositiveIntegerField(help_text="Campaign stock reserved by the vendor.")
    status = models.CharField(
        max_length=10, choices=CampaignEntryStatus.choices, default=CampaignEntryStatus.PENDING
    )
    reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "variant"],
                condition=~Q(status="REJECTED"),
                name="one_live_entry_per_variant",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="campaign_entry_price_positive"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="campaign_entry_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.variant_id} @ {self.price}"


class FlashSale(models.Model):
    """A limited quantity of one variant at a flash price in a short window."""

    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="flash_sales"
    )
    name = models.CharField(max_length=120, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=0)
    quantity = models.PositiveIntegerField()
    sold_count = models.IntegerField(default=0)
    per_customer_limit = models.PositiveIntegerField(null=True, blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    funded_by = models.CharField(max_length=8, choices=FundedBy.choices, default=FundedBy.VENDOR)
    campaign_entry = models.OneToOneField(
        CampaignEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="flash_sale"
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(sold_count__gte=0), name="flash_sold_non_negative"),
            models.CheckConstraint(
                condition=Q(sold_count__lte=F("quantity")), name="flash_sold_within_quantity"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="flash_price_positive"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="flash_quantity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="flash_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Flash sale {self.pk}"

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.sold_count, 0)


class FlashSaleRedemption(models.Model):
    flash_sale = models.ForeignKey(FlashSale, on_delete=models.PROTECT, related_name="redemptions")
    order_ref = models.CharField(max_length=64)
    customer_email = models.CharField(max_length=254)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=0)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["flash_sale", "order_ref"], name="flash_once_per_order")
        ]

    def __str__(self) -> str:
        return f"{self.flash_sale_id}:{self.order_ref}"


class FlashSaleCustomerUsage(models.Model):
    """Units of a flash sale held by one customer; the per-customer limit is enforced by an
    atomic upsert on this row (see services/redemption.py), so concurrent checkouts of the same
    shopper cannot together exceed it."""

    flash_sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="+")
    customer_email = models.CharField(max_length=254)
    quantity = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["flash_sale", "customer_email"], name="flash_usage_per_customer"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="flash_usage_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.flash_sale_id}:{self.customer_email}"


class ShippingScope(models.TextChoices):
    ALL = "ALL", _("Semua pengiriman")
    VENDOR_GROUPS = "VENDOR_GROUPS", _("Per penjual")
    HUB = "HUB", _("Konsolidasi hub Galeri")


class FreeShippingPromotion(models.Model):
    """Free (or capped) shipping for a shipment group whose goods reach `threshold`."""

    name = models.CharField(max_length=120)
    threshold = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    max_discount = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    scope = models.CharField(
        max_length=16, choices=ShippingScope.choices, default=ShippingScope.ALL
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    funded_by = models.CharField(max_length=8, choices=FundedBy.choices, default=FundedBy.PLATFORM)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=0), name="free_shipping_threshold"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="free_shipping_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PromotionScheduleCursor(models.Model):
    """The last time the scheduler looked for promotions that started or ended (one row)."""

    key = models.CharField(max_length=32, unique=True, default="catalog")
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
