"""Promotion mutations: decode ids, call a service, return the payload. Nothing else."""

from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import decode_id, decode_ids
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.types import enum_value

from ..services import campaigns as campaign_services
from ..services import flash_sales as flash_services
from ..services import free_shipping as free_shipping_services
from ..services import sales as sale_services
from ..services import vouchers as voucher_services
from .types import (
    Campaign,
    CampaignEntry,
    CampaignEntryDecisionEnum,
    FlashSale,
    FreeShippingPromotion,
    FreeShippingScopeEnum,
    PromotionFundedByEnum,
    Sale,
    SaleTypeEnum,
    Voucher,
    VoucherTypeEnum,
)


def _scope_args(data: dict, *, with_vendor: bool = True) -> dict:
    out = {}
    if with_vendor:
        out["vendor_id"] = (
            decode_id(data["vendor_id"], "Vendor", field="vendorId")
            if data.get("vendor_id")
            else None
        )
    if data.get("category_ids") is not None:
        out["category_ids"] = decode_ids(data["category_ids"], "Category", field="categoryIds")
    if data.get("product_ids") is not None:
        out["product_ids"] = decode_ids(data["product_ids"], "Product", field="productIds")
    return out


def _plain(data: dict, *keys: str) -> dict:
    return {k: enum_value(data.get(k)) for k in keys if k in data}


class _ScopeInput:
    vendor_id = graphene.ID(description="Only this vendor's products (vendor staff: required).")
    category_ids = graphene.List(graphene.NonNull(graphene.ID))
    product_ids = graphene.List(graphene.NonNull(graphene.ID))


class VoucherInput(_ScopeInput, graphene.InputObjectType):
    code = graphene.String()
    name = graphene.String()
    type = VoucherTypeEnum()
    value = graphene.Decimal(description="Percent (0–100] or Rupiah; ignored for FREE_SHIPPING.")
    min_spend = graphene.Decimal()
    max_discount = graphene.Decimal()
    usage_limit = graphene.Int()
    usage_limit_per_customer = graphene.Int()
    starts_at = graphene.DateTime()
    ends_at = graphene.DateTime()
    funded_by = PromotionFundedByEnum()


VOUCHER_KEYS = (
    "code",
    "name",
    "type",
    "value",
    "min_spend",
    "max_discount",
    "usage_limit",
    "usage_limit_per_customer",
    "starts_at",
    "ends_at",
    "funded_by",
)


class VoucherCreate(BaseMutation):
    voucher = graphene.Field(Voucher)

    class Arguments:
        input = VoucherInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = dict(input)
        kwargs = dict.fromkeys(VOUCHER_KEYS) | _plain(data, *VOUCHER_KEYS) | _scope_args(data)
        voucher = voucher_services.create_voucher(actor=info.context.user, **kwargs)
        return cls(voucher=voucher)


class VoucherUpdate(BaseMutation):
    voucher = graphene.Field(Voucher)

    class Arguments:
        id = graphene.ID(required=True)
        input = VoucherInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        pk = decode_id(id, "Voucher")
        data = dict(input)
        kwargs = _plain(data, *VOUCHER_KEYS) | _scope_args(data)
        voucher = voucher_services.update_voucher(actor=info.context.user, voucher_id=pk, **kwargs)
        return cls(voucher=voucher)


class VoucherDelete(BaseMutation):
    voucher = graphene.Field(Voucher)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        pk = decode_id(id, "Voucher")
        return cls(voucher=voucher_services.delete_voucher(actor=info.context.user, voucher_id=pk))


class SaleInput(_ScopeInput, graphene.InputObjectType):
    name = graphene.String()
    type = SaleTypeEnum()
    value = graphene.Decimal()
    starts_at = graphene.DateTime()
    ends_at = graphene.DateTime()
    funded_by = PromotionFundedByEnum()


SALE_KEYS = ("name", "type", "value", "starts_at", "ends_at", "funded_by")


class SaleCreate(BaseMutation):
    sale = graphene.Field(Sale)

    class Arguments:
        input = SaleInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = dict(input)
        kwargs = dict.fromkeys(SALE_KEYS) | _plain(data, *SALE_KEYS) | _scope_args(data)
        return cls(sale=sale_services.create_sale(actor=info.context.user, **kwargs))


class SaleUpdate(BaseMutation):
    sale = graphene.Field(Sale)

    class Arguments:
        id = graphene.ID(required=True)
        input = SaleInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        pk = decode_id(id, "Sale")
        data = dict(input)
        kwargs = _plain(data, *SALE_KEYS) | _scope_args(data)
        return cls(sale=sale_services.update_sale(actor=info.context.user, sale_id=pk, **kwargs))


class SaleDelete(BaseMutation):
    sale = graphene.Field(Sale)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        pk = decode_id(id, "Sale")
        return cls(sale=sale_services.delete_sale(actor=info.context.user, sale_id=pk))


class FlashSaleInput(graphene.InputObjectType):
    variant_id = graphene.ID()
    name = graphene.String()
    price = graphene.Decimal()
    quantity = graphene.Int()
    per_customer_limit = graphene.Int()
    starts_at = graphene.DateTime()
    ends_at = graphene.DateTime()
    funded_by = PromotionFundedByEnum()


class FlashSaleCreate(BaseMutation):
    flash_sale = graphene.Field(FlashSale)

    class Arguments:
        input = FlashSaleInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = dict(input)
        variant_id = decode_id(data.get("variant_id"), "ProductVariant", field="variantId")
        flash = flash_services.create_flash_sale(
            actor=info.context.user,
            variant_id=variant_id,
            price=data.get("price"),
            quantity=data.get("quantity"),
            per_customer_limit=data.get("per_customer_limit"),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            name=data.get("name") or "",
            funded_by=enum_value(data.get("funded_by")),
        )
        return cls(flash_sale=flash)


class FlashSaleCancel(BaseMutation):
    flash_sale = graphene.Field(FlashSale)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        pk = decode_id(id, "FlashSale")
        return cls(
            flash_sale=flash_services.cancel_flash_sale(actor=info.context.user, flash_sale_id=pk)
        )


class FreeShippingPromotionInput(graphene.InputObjectType):
    name = graphene.String()
    threshold = graphene.Decimal()
    max_discount = graphene.Decimal()
    scope = FreeShippingScopeEnum()
    vendor_id = graphene.ID()
    starts_at = graphene.DateTime()
    ends_at = graphene.DateTime()
    funded_by = PromotionFundedByEnum()


class FreeShippingPromotionCreate(BaseMutation):
    promotion = graphene.Field(FreeShippingPromotion)

    class Arguments:
        input = FreeShippingPromotionInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = dict(input)
        promo = free_shipping_services.create_free_shipping_promotion(
            actor=info.context.user,
            name=data.get("name"),
            threshold=data.get("threshold"),
            max_discount=data.get("max_discount"),
            scope=enum_value(data.get("scope")) or "ALL",
            vendor_id=_scope_args(data)["vendor_id"],
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            funded_by=enum_value(data.get("funded_by")),
        )
        return cls(promotion=promo)


class CampaignInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    starts_at = graphene.DateTime()
    ends_at = graphene.DateTime()
    join_deadline = graphene.DateTime()
    min_discount_percent = graphene.Decimal()
    per_customer_limit = graphene.Int()
    vendor_ids = graphene.List(
        graphene.NonNull(graphene.ID), description="Invite only these vendors."
    )


class CampaignCreate(BaseMutation):
    campaign = graphene.Field(Campaign)

    class Arguments:
        input = CampaignInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = dict(input)
        campaign = campaign_services.create_campaign(
            actor=info.context.user,
            name=data.get("name"),
            description=data.get("description") or "",
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            join_deadline=data.get("join_deadline"),
            min_discount_percent=data.get("min_discount_percent"),
            per_customer_limit=data.get("per_customer_limit"),
            invited_vendor_ids=decode_ids(data.get("vendor_ids"), "Vendor", field="vendorIds"),
        )
        return cls(campaign=campaign)


class CampaignEntryInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    price = graphene.Decimal(required=True)
    quantity = graphene.Int(required=True)


class CampaignJoin(BaseMutation):
    entries = graphene.List(graphene.NonNull(CampaignEntry))

    class Arguments:
        campaign_id = graphene.ID(required=True)
        entries = graphene.List(graphene.NonNull(CampaignEntryInput), required=True)

    @classmethod
    def perform_mutation(cls, root, info, campaign_id, entries):
        pk = decode_id(campaign_id, "Campaign", field="campaignId")
        inputs = [
            campaign_services.EntryInput(
                variant_id=decode_id(
                    e["variant_id"], "ProductVariant", field=f"entries.{i}.variantId"
                ),
                price=e["price"],
                quantity=e["quantity"],
            )
            for i, e in enumerate(entries)
        ]
        created = campaign_services.join_campaign(
            actor=info.context.user, campaign_id=pk, entries=inputs
        )
        return cls(entries=created)


class CampaignEntryReview(BaseMutation):
    entry = graphene.Field(CampaignEntry)

    class Arguments:
        id = graphene.ID(required=True)
        decision = CampaignEntryDecisionEnum(required=True)
        reason = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, decision, reason=""):
        pk = decode_id(id, "CampaignEntry")
        entry = campaign_services.review_campaign_entry(
            actor=info.context.user, entry_id=pk, decision=enum_value(decision), reason=reason or ""
        )
        return cls(entry=entry)


def _checkout_token(global_id):
    from marketplace.checkout.graphql.schema import decode_checkout_id

    return decode_checkout_id(global_id)


class CheckoutVoucherApply(BaseMutation):
    """Apply a voucher code to a checkout (shared/API.md); VOUCHER_INVALID says why not."""

    checkout = graphene.Field("marketplace.checkout.graphql.types.Checkout")

    class Arguments:
        id = graphene.ID(required=True)
        code = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, code):
        from ..services.checkout_vouchers import apply_voucher_to_checkout

        checkout = apply_voucher_to_checkout(
            token=_checkout_token(id), user=info.context.user, code=code
        )
        return cls(checkout=checkout)


class CheckoutVoucherRemove(BaseMutation):
    checkout = graphene.Field("marketplace.checkout.graphql.types.Checkout")

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        from ..services.checkout_vouchers import remove_voucher_from_checkout

        checkout = remove_voucher_from_checkout(token=_checkout_token(id), user=info.context.user)
        return cls(checkout=checkout)
