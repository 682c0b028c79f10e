"""GraphQL types of the promotions app. Related catalogue/vendor objects are exposed as global
ids (`vendorId`, `productIds`, `variantId`) so this app does not depend on other apps' types."""

from __future__ import annotations

import graphene
from django.utils import timezone
from graphene_django import DjangoObjectType

from marketplace.core.graphql.ids import encode_id
from marketplace.core.graphql.pagination import CountableConnection
from marketplace.core.graphql.types import Money, enum_value, money

from .. import models
from ..services.common import ensure_visible

VoucherTypeEnum = graphene.Enum(
    "VoucherTypeEnum",
    [("PERCENTAGE", "PERCENTAGE"), ("FIXED", "FIXED"), ("FREE_SHIPPING", "FREE_SHIPPING")],
)
SaleTypeEnum = graphene.Enum("SaleTypeEnum", [("PERCENTAGE", "PERCENTAGE"), ("FIXED", "FIXED")])
PromotionFundedByEnum = graphene.Enum(
    "PromotionFundedByEnum", [("PLATFORM", "PLATFORM"), ("VENDOR", "VENDOR")]
)
PromotionStatusEnum = graphene.Enum(
    "PromotionStatusEnum",
    [
        ("SCHEDULED", "SCHEDULED"),
        ("ACTIVE", "ACTIVE"),
        ("EXPIRED", "EXPIRED"),
        ("DELETED", "DELETED"),
    ],
)
FreeShippingScopeEnum = graphene.Enum(
    "FreeShippingScopeEnum", [("ALL", "ALL"), ("VENDOR_GROUPS", "VENDOR_GROUPS"), ("HUB", "HUB")]
)
CampaignEntryDecisionEnum = graphene.Enum(
    "CampaignEntryDecisionEnum", [("APPROVE", "APPROVE"), ("REJECT", "REJECT")]
)


def plain(attr: str):
    """A resolver answering a choices field as its plain string (graphene enums want values)."""

    def resolve(root, info):
        return enum_value(getattr(root, attr))

    return resolve


def status_of(obj, now=None) -> str:
    now = now or timezone.now()
    if not getattr(obj, "is_active", True):
        return "DELETED"
    if obj.starts_at > now:
        return "SCHEDULED"
    if obj.ends_at is not None and obj.ends_at <= now:
        return "EXPIRED"
    return "ACTIVE"


class _ScopeFields:
    vendor_id = graphene.ID()
    category_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
    product_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    @staticmethod
    def resolve_vendor_id(root, info):
        return encode_id("Vendor", root.vendor_id) if root.vendor_id else None

    @staticmethod
    def resolve_category_ids(root, info):
        return [encode_id("Category", pk) for pk in sorted(c.pk for c in root.categories.all())]

    @staticmethod
    def resolve_product_ids(root, info):
        return [encode_id("Product", pk) for pk in sorted(p.pk for p in root.products.all())]


class _VariantOfferFields:
    """A vendor's price on one variant (a flash sale, a campaign entry), ids as global ids."""

    variant_id = graphene.ID(required=True)
    vendor_id = graphene.ID(required=True)
    price = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_variant_id(root, info):
        return encode_id("ProductVariant", root.variant_id)

    @staticmethod
    def resolve_vendor_id(root, info):
        return encode_id("Vendor", root.vendor_id)

    @staticmethod
    def resolve_price(root, info):
        return money(root.price)


class _Visible:
    """`node(id:)` answers null, as for an unknown id, to callers who may not manage the row."""

    @classmethod
    def get_node(cls, info, id):
        obj = cls._meta.model.objects.filter(pk=id).first()
        if obj is None:
            return None
        try:
            ensure_visible(info.context.user, obj.vendor_id)
        except Exception:
            return None
        return obj


class Voucher(_Visible, _ScopeFields, DjangoObjectType):
    type = VoucherTypeEnum(required=True, resolver=plain("type"))
    funded_by = PromotionFundedByEnum(required=True, resolver=plain("funded_by"))
    status = PromotionStatusEnum(required=True)
    value = graphene.Decimal(required=True, description="Percent, or Rupiah for FIXED.")
    min_spend = graphene.Field(Money, required=True)
    max_discount = graphene.Field(Money)

    class Meta:
        model = models.Voucher
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "code",
            "name",
            "usage_limit",
            "usage_limit_per_customer",
            "used_count",
            "starts_at",
            "ends_at",
            "is_active",
            "created_at",
        )

    @staticmethod
    def resolve_status(root, info):
        return status_of(root)

    @staticmethod
    def resolve_min_spend(root, info):
        return money(root.min_spend)

    @staticmethod
    def resolve_max_discount(root, info):
        return money(root.max_discount)


class VoucherCountableConnection(CountableConnection):
    class Meta:
        node = Voucher


class Sale(_Visible, _ScopeFields, DjangoObjectType):
    type = SaleTypeEnum(required=True, resolver=plain("type"))
    funded_by = PromotionFundedByEnum(required=True, resolver=plain("funded_by"))
    status = PromotionStatusEnum(required=True)
    value = graphene.Decimal(required=True)

    class Meta:
        model = models.Sale
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "starts_at", "ends_at", "is_active", "created_at")

    @staticmethod
    def resolve_status(root, info):
        return status_of(root)


class SaleCountableConnection(CountableConnection):
    class Meta:
        node = Sale


class FlashSale(_Visible, _VariantOfferFields, DjangoObjectType):
    remaining = graphene.Int(required=True)
    funded_by = PromotionFundedByEnum(required=True, resolver=plain("funded_by"))
    status = PromotionStatusEnum(required=True)
    seconds_left = graphene.Int(description="Countdown for the storefront while it runs.")

    class Meta:
        model = models.FlashSale
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "quantity",
            "sold_count",
            "per_customer_limit",
            "starts_at",
            "ends_at",
            "is_active",
        )

    @classmethod
    def get_node(cls, info, id):
        obj = models.FlashSale.objects.filter(pk=id).first()
        if obj is None:
            return None
        if status_of(obj) == "ACTIVE":
            return obj  # a running flash sale is public (the storefront's countdown)
        return super().get_node(info, id)

    @staticmethod
    def resolve_remaining(root, info):
        return root.remaining

    @staticmethod
    def resolve_status(root, info):
        return status_of(root)

    @staticmethod
    def resolve_seconds_left(root, info):
        if status_of(root) != "ACTIVE":
            return None
        return max(int((root.ends_at - timezone.now()).total_seconds()), 0)


class FlashSaleCountableConnection(CountableConnection):
    class Meta:
        node = FlashSale


class FreeShippingPromotion(_Visible, DjangoObjectType):
    vendor_id = graphene.ID()
    threshold = graphene.Field(Money, required=True)
    max_discount = graphene.Field(Money)
    scope = FreeShippingScopeEnum(required=True, resolver=plain("scope"))
    funded_by = PromotionFundedByEnum(required=True, resolver=plain("funded_by"))
    status = PromotionStatusEnum(required=True)

    class Meta:
        model = models.FreeShippingPromotion
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "starts_at", "ends_at", "is_active")

    @staticmethod
    def resolve_vendor_id(root, info):
        return encode_id("Vendor", root.vendor_id) if root.vendor_id else None

    @staticmethod
    def resolve_threshold(root, info):
        return money(root.threshold)

    @staticmethod
    def resolve_max_discount(root, info):
        return money(root.max_discount)

    @staticmethod
    def resolve_status(root, info):
        return status_of(root)


class FreeShippingPromotionCountableConnection(CountableConnection):
    class Meta:
        node = FreeShippingPromotion


class CampaignEntry(_Visible, _VariantOfferFields, DjangoObjectType):
    flash_sale = graphene.Field(FlashSale)
    status = graphene.String(
        required=True, resolver=plain("status"), description="PENDING, APPROVED or REJECTED."
    )

    class Meta:
        model = models.CampaignEntry
        interfaces = (graphene.relay.Node,)
        fields = ("id", "campaign", "quantity", "status", "reason", "reviewed_at", "created_at")

    @staticmethod
    def resolve_flash_sale(root, info):
        return models.FlashSale.objects.filter(campaign_entry_id=root.pk).first()


class Campaign(DjangoObjectType):
    entries = graphene.List(graphene.NonNull(CampaignEntry), required=True)

    class Meta:
        model = models.Campaign
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "starts_at",
            "ends_at",
            "join_deadline",
            "min_discount_percent",
            "per_customer_limit",
            "is_invite_only",
        )

    @classmethod
    def get_node(cls, info, id):
        from ..services.campaigns import campaigns_for

        user = info.context.user
        if not user.is_authenticated:
            return None
        return campaigns_for(user).filter(pk=id).first()

    @staticmethod
    def resolve_entries(root, info):
        from ..services.common import visible_vendor_filter

        entries = root.entries.all().order_by("pk")
        scope = visible_vendor_filter(info.context.user)
        return list(entries if scope is None else entries.filter(**scope))


class CampaignCountableConnection(CountableConnection):
    class Meta:
        node = Campaign


class VoucherUsage(graphene.ObjectType):
    voucher = graphene.Field(Voucher, required=True)
    used_count = graphene.Int(required=True)
    remaining = graphene.Int()
    redemption_count = graphene.Int(required=True)
    released_count = graphene.Int(required=True)
    unique_customers = graphene.Int(required=True)
    discount_total = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_discount_total(root, info):
        return money(root.discount_total)


class PromotionPrice(graphene.ObjectType):
    """The old and new unit price of a variant while a sale or flash sale runs."""

    variant_id = graphene.ID(required=True)
    undiscounted = graphene.Field(Money, required=True)
    current = graphene.Field(Money, required=True)
    on_sale = graphene.Boolean(required=True)
    promotion_kind = graphene.String(description="SALE or FLASH_SALE.")
    promotion_label = graphene.String()
    ends_at = graphene.DateTime()
    flash_sale_remaining = graphene.Int()
