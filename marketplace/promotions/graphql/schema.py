import graphene
from django.utils import timezone

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id, decode_query_id, encode_id
from marketplace.core.graphql.pagination import connection_field, paginate
from marketplace.core.graphql.types import enum_value, money

from .. import models
from ..selectors import current_prices
from ..services.campaigns import campaigns_for
from ..services.common import visible_vendor_filter
from ..services.vouchers import voucher_usage
from . import mutations
from .types import (
    CampaignCountableConnection,
    FlashSaleCountableConnection,
    FreeShippingPromotionCountableConnection,
    PromotionPrice,
    PromotionStatusEnum,
    SaleCountableConnection,
    VoucherCountableConnection,
    VoucherUsage,
)

MAX_PRICE_LOOKUP = 100


class PromotionFilterInput(graphene.InputObjectType):
    vendor_id = graphene.ID()
    status = PromotionStatusEnum()
    search = graphene.String()


def _require_login(info):
    user = info.context.user
    if not user.is_authenticated:
        raise query_error("Silakan masuk terlebih dahulu.", code="PERMISSION_DENIED")
    return user


def _filtered(queryset, info, filter, *, search_fields=("name",)):
    user = _require_login(info)
    scope = visible_vendor_filter(user)
    if scope is not None:
        queryset = queryset.filter(**scope)
    filter = filter or {}
    if filter.get("vendor_id"):
        vendor_id = decode_query_id(filter["vendor_id"], "Vendor", field="vendorId")
        queryset = queryset.filter(vendor_id=vendor_id)
    status = enum_value(filter.get("status"))
    now = timezone.now()
    if status == "DELETED":
        queryset = queryset.filter(is_active=False)
    elif status:
        queryset = queryset.filter(is_active=True)
        if status == "SCHEDULED":
            queryset = queryset.filter(starts_at__gt=now)
        elif status == "ACTIVE":
            queryset = queryset.active_at(now)
        elif status == "EXPIRED":
            queryset = queryset.filter(ends_at__lte=now)
    else:
        queryset = queryset.filter(is_active=True)
    search = (filter.get("search") or "").strip()
    if search:
        from django.db.models import Q

        q = Q()
        for name in search_fields:
            q |= Q(**{f"{name}__icontains": search})
        queryset = queryset.filter(q)
    return queryset


def _newest_first(queryset, info, first, after, connection_type):
    """A page of promotions in their list order: the newest first, as staff and vendors expect."""
    return paginate(
        queryset,
        info=info,
        first=first,
        after=after,
        connection_type=connection_type,
        ordering=["-created_at", "-pk"],
    )


class Query(graphene.ObjectType):
    vouchers = connection_field(VoucherCountableConnection, filter=PromotionFilterInput())
    sales = connection_field(SaleCountableConnection, filter=PromotionFilterInput())
    flash_sales = connection_field(FlashSaleCountableConnection, filter=PromotionFilterInput())
    free_shipping_promotions = connection_field(
        FreeShippingPromotionCountableConnection, filter=PromotionFilterInput()
    )
    campaigns = connection_field(CampaignCountableConnection)
    voucher_usage = graphene.Field(VoucherUsage, id=graphene.ID(required=True))
    promotion_prices = graphene.List(
        graphene.NonNull(PromotionPrice),
        required=True,
        variant_ids=graphene.List(graphene.NonNull(graphene.ID), required=True),
        description="Old and new price of variants (public; for the catalogue and countdowns).",
    )

    @staticmethod
    def resolve_vouchers(root, info, first=None, after=None, filter=None):
        qs = _filtered(
            models.Voucher.objects.prefetch_related("categories", "products"),
            info,
            filter,
            search_fields=("name", "code"),
        )
        return _newest_first(qs, info, first, after, VoucherCountableConnection)

    @staticmethod
    def resolve_sales(root, info, first=None, after=None, filter=None):
        qs = _filtered(models.Sale.objects.prefetch_related("categories", "products"), info, filter)
        return _newest_first(qs, info, first, after, SaleCountableConnection)

    @staticmethod
    def resolve_flash_sales(root, info, first=None, after=None, filter=None):
        if not info.context.user.is_authenticated:
            # Shoppers see the flash sales running now (the storefront's countdown).
            qs = models.FlashSale.objects.active_at().filter(
                variant__product__status="PUBLISHED", vendor__status="APPROVED"
            )
        else:
            qs = _filtered(models.FlashSale.objects.all(), info, filter)
        return paginate(
            qs,
            info=info,
            first=first,
            after=after,
            connection_type=FlashSaleCountableConnection,
            ordering=["ends_at", "pk"],
        )

    @staticmethod
    def resolve_free_shipping_promotions(root, info, first=None, after=None, filter=None):
        qs = _filtered(models.FreeShippingPromotion.objects.all(), info, filter)
        return _newest_first(qs, info, first, after, FreeShippingPromotionCountableConnection)

    @staticmethod
    def resolve_campaigns(root, info, first=None, after=None):
        user = _require_login(info)
        return paginate(
            campaigns_for(user),
            info=info,
            first=first,
            after=after,
            connection_type=CampaignCountableConnection,
            ordering=["-starts_at", "-pk"],
        )

    @staticmethod
    def resolve_voucher_usage(root, info, id):
        user = _require_login(info)
        try:
            return voucher_usage(actor=user, voucher_id=decode_id(id, "Voucher"))
        except DomainError as exc:
            raise query_error(exc.errors[0].message, code=exc.code, field="id")

    @staticmethod
    def resolve_promotion_prices(root, info, variant_ids):
        if len(variant_ids) > MAX_PRICE_LOOKUP:
            raise query_error("Paling banyak 100 varian.", code="INVALID", field="variantIds")
        ids = [decode_query_id(v, "ProductVariant", field="variantIds") for v in variant_ids]
        from marketplace.catalog.models import Product, ProductVariant

        # Shoppers learn prices of visible products only (unpublished ones stay private).
        visible = set(
            ProductVariant.objects.filter(
                pk__in=ids, product__in=Product.objects.visible()
            ).values_list("pk", flat=True)
        )
        prices = current_prices(visible)
        return [
            PromotionPrice(
                variant_id=encode_id("ProductVariant", pk),
                undiscounted=money(p.undiscounted),
                current=money(p.current),
                on_sale=p.on_sale,
                promotion_kind=p.kind,
                promotion_label=p.promotion_label,
                ends_at=p.ends_at,
                flash_sale_remaining=p.flash_sale_remaining,
            )
            for pk in ids
            if (p := prices.get(pk)) is not None
        ]


class Mutation(graphene.ObjectType):
    voucher_create = mutations.VoucherCreate.Field()
    voucher_update = mutations.VoucherUpdate.Field()
    voucher_delete = mutations.VoucherDelete.Field()
    sale_create = mutations.SaleCreate.Field()
    sale_update = mutations.SaleUpdate.Field()
    sale_delete = mutations.SaleDelete.Field()
    flash_sale_create = mutations.FlashSaleCreate.Field()
    flash_sale_cancel = mutations.FlashSaleCancel.Field()
    free_shipping_promotion_create = mutations.FreeShippingPromotionCreate.Field()
    campaign_create = mutations.CampaignCreate.Field()
    campaign_join = mutations.CampaignJoin.Field()
    campaign_entry_review = mutations.CampaignEntryReview.Field()
    checkout_voucher_apply = mutations.CheckoutVoucherApply.Field()
    checkout_voucher_remove = mutations.CheckoutVoucherRemove.Field()
