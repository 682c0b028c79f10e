"""Django admin for curation: a queue of vendors by status, with approve/suspend actions that go
through the same services (and so the same transitions, reviews and outbox events) as the API."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError

from .models import (
    CommissionPlan,
    Vendor,
    VendorDocument,
    VendorInvitation,
    VendorMember,
    VendorReview,
    Warehouse,
)
from .services.applications import review_vendor


class VendorReviewInline(admin.TabularInline):
    model = VendorReview
    extra = 0
    can_delete = False
    fields = (
        "decision",
        "reviewer",
        "product_quality",
        "materials_finishing",
        "photos",
        "legality",
        "reason",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class VendorMemberInline(admin.TabularInline):
    model = VendorMember
    extra = 0
    raw_id_fields = ("user",)


class VendorDocumentInline(admin.TabularInline):
    model = VendorDocument
    extra = 0


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0
    fields = ("name", "address", "is_pickup_point", "is_active")
    raw_id_fields = ("address",)


def _decide(modeladmin, request, queryset, decision: str, reason: str = "") -> None:
    done = 0
    for vendor in queryset.order_by("pk"):
        try:
            review_vendor(actor=request.user, vendor_id=vendor.pk, decision=decision, reason=reason)
            done += 1
        except DomainError as exc:
            modeladmin.message_user(request, f"{vendor.name}: {exc}", level=messages.WARNING)
    if done:
        modeladmin.message_user(request, _("%(n)d usaha diperbarui.") % {"n": done})


@admin.action(description=_("Setujui usaha terpilih"), permissions=["manage_vendors"])
def approve_vendors(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, VendorReview.Decision.APPROVE)


@admin.action(description=_("Bekukan usaha terpilih"), permissions=["manage_vendors"])
def suspend_vendors(modeladmin, request, queryset):
    _decide(
        modeladmin,
        request,
        queryset,
        VendorReview.Decision.SUSPEND,
        reason="Dibekukan oleh staf melalui admin.",
    )


@admin.action(description=_("Aktifkan kembali usaha terpilih"), permissions=["manage_vendors"])
def reinstate_vendors(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, VendorReview.Decision.REINSTATE)


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "sentra", "is_gallery_tenant", "is_pkp", "applied_at")
    list_filter = ("status", "sentra", "is_gallery_tenant", "is_pkp")
    search_fields = ("name", "slug", "email", "phone", "npwp")
    readonly_fields = ("status", "applied_at", "approved_at", "updated_at", "rating")
    raw_id_fields = ("address",)
    inlines = [VendorMemberInline, VendorDocumentInline, WarehouseInline, VendorReviewInline]
    actions = [approve_vendors, suspend_vendors, reinstate_vendors]
    ordering = ("status", "applied_at")

    def has_manage_vendors_permission(self, request):
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.is_superuser or request.user.has_perm("accounts.manage_vendors"))
        )


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "is_pickup_point", "is_active")
    list_filter = ("is_pickup_point", "is_active")
    search_fields = ("name", "vendor__name")
    raw_id_fields = ("vendor", "address")


@admin.register(CommissionPlan)
class CommissionPlanAdmin(admin.ModelAdmin):
    list_display = ("name", "default_rate", "is_default")


@admin.register(VendorInvitation)
class VendorInvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "vendor",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    search_fields = ("email", "vendor__name")
    readonly_fields = ("token_hash",)
    raw_id_fields = ("vendor", "invited_by")
