"""Categories are managed here by marketplace staff; products are reviewed through
`productReview` (the API records curation events and outbox messages), so the product admin is
read-mostly."""

from django.contrib import admin

from marketplace.core.cache import bump_catalog_version

from .models import Category, Product, ProductCurationEvent, ProductVariant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "slug", "sort_order")
    list_filter = ("parent",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_catalog_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_catalog_version()


class VariantInline(admin.TabularInline):
    model = ProductVariant
    fields = ("sku", "name", "price", "weight_grams", "is_active")
    readonly_fields = fields
    extra = 0
    can_delete = False


class CurationEventInline(admin.TabularInline):
    model = ProductCurationEvent
    fields = ("created_at", "actor", "from_status", "to_status", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "category", "status", "min_price", "created_at")
    list_filter = ("status", "category")
    search_fields = ("name", "slug", "vendor__name")
    readonly_fields = (
        "status",
        "min_price",
        "max_price",
        "search_document",
        "published_at",
        "review_feedback",
    )
    list_select_related = ("vendor", "category")
    inlines = [VariantInline, CurationEventInline]
