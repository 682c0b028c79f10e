"""The catalogue: categories, products with variants, images, and the curation workflow.

A product is visible to shoppers only when it is PUBLISHED *and* its vendor is APPROVED
(`Product.objects.visible()`); a vendor's suspension therefore hides its products at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import MAX_PRICE


class Category(models.Model):
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    IN_REVIEW = "IN_REVIEW", _("Dalam tinjauan")
    PUBLISHED = "PUBLISHED", _("Tayang")
    REJECTED = "REJECTED", _("Ditolak")


class ProductQuerySet(models.QuerySet):
    def visible(self):
        """What anonymous shoppers may see."""
        return self.filter(status=ProductStatus.PUBLISHED, vendor__status="APPROVED")


class Product(models.Model):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True, max_length=10000)
    status = models.CharField(
        max_length=12, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    attributes = models.JSONField(default=dict, blank=True)
    certifications = models.JSONField(
        default=list, blank=True, help_text='E.g. [{"kind": "HALAL", "number": "ID3311..."}]'
    )
    review_feedback = models.TextField(blank=True)
    # Denormalised for sorting/filtering; kept in step by catalog services.
    min_price = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    max_price = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    rating = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0"))
    search_document = models.TextField(blank=True, help_text="Name, vendor, category, attributes.")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        # The trigram and full-text indexes are PostgreSQL-only: see migration 0002.
        indexes = [
            models.Index(fields=["status", "vendor"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["min_price"]),
        ]

    def __str__(self) -> str:
        return self.name


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Denormalised from the product so that "SKU unique per vendor" is a database constraint.
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=200, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=0, help_text="Rupiah, PPN included.")
    weight_grams = models.PositiveIntegerField()
    length_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sku"], name="unique_sku_per_vendor"),
            models.CheckConstraint(
                condition=Q(price__gt=0) & Q(price__lte=MAX_PRICE), name="variant_price_range"
            ),
            models.CheckConstraint(
                condition=Q(weight_grams__gt=0) & Q(weight_grams__lte=1_000_000),
                name="variant_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} — {self.name or self.sku}"

    @property
    def volumetric_weight_grams(self) -> int:
        """L×W×H/6000 in kg, as couriers count it, in grams (0 without dimensions)."""
        if not (self.length_cm and self.width_cm and self.height_cm):
            return 0
        return int((self.length_cm * self.width_cm * self.height_cm / Decimal(6000)) * 1000)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        upload_to="products/%Y/%m/", width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(upload_to="products/thumbs/%Y/%m/", blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt or self.image.name


class ProductCurationEvent(models.Model):
    """Every step of a product's review: who moved it, from what, to what, and why."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="curation_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    from_status = models.CharField(max_length=12, choices=ProductStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProductStatus.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.from_status} → {self.to_status}"
