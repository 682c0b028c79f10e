"""Checkout types. Prices come from `pricing.price_checkout`, computed once per request."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from marketplace.core.graphql.types import Money, money

from .. import models
from ..pricing import price_checkout


def pricing_for(info, checkout, *, with_promotions: bool = True):
    """One pricing per checkout per request (every field below reads it).

    `with_promotions=False`: the caller shows nothing a promotion changes (see
    `_needs_promotions`), so the promotion engine and its queries are skipped — unless this
    request priced the checkout fully already. The lines a service loaded for this checkout in
    this request (`checkout.known_lines`) are reused."""
    cache = info.context.__dict__.setdefault("_checkout_pricing", {})
    key = (checkout.pk, checkout.updated_at)
    found = cache.get((*key, True)) or (None if with_promotions else cache.get((*key, False)))
    if found is None:
        known = getattr(checkout, "known_lines", None)
        found = cache[(*key, with_promotions)] = price_checkout(
            checkout,
            lines=known,
            selected={} if known is not None else None,  # known only for a new checkout
            with_promotions=with_promotions,
        )
    return found


# What a promotion cannot change: list prices, quantities, the shipping options and the choice.
_LINE_FIELDS_WITHOUT_PROMOTIONS = frozenset(
    {"__typename", "id", "variant", "variantId", "productName", "quantity", "unitPrice"}
    | {"undiscountedTotal", "quantityAvailable"}
)
_GROUP_FIELDS_WITHOUT_PROMOTIONS = frozenset(
    {"__typename", "vendor", "shippingOptions", "selectedShippingOption"}
)


def _needs_promotions(info, allowed: frozenset, nested: dict | None = None) -> bool:
    """Whether the fields selected below this one include any a promotion could change."""
    from graphql import FieldNode

    for node in info.field_nodes:
        for selection in node.selection_set.selections if node.selection_set else ():
            if not isinstance(selection, FieldNode):
                return True  # a fragment: do not guess
            name = selection.name.value
            if name not in allowed:
                return True
            if nested and name in nested and _selects_outside(selection, nested[name]):
                return True
    return False


def _selects_outside(node, allowed: frozenset) -> bool:
    from graphql import FieldNode

    for selection in node.selection_set.selections if node.selection_set else ():
        if not isinstance(selection, FieldNode) or selection.name.value not in allowed:
            return True
    return False


class CheckoutShippingOption(graphene.ObjectType):
    id = graphene.String(
        required=True, description="Opaque; pass it to checkoutDeliveryMethodUpdate."
    )
    name = graphene.String(required=True)
    carrier = graphene.String(required=True)
    service = graphene.String(required=True)
    type = graphene.String(required=True)
    price = graphene.Field(Money, required=True)
    estimated_delivery_date = graphene.Date()

    @staticmethod
    def resolve_price(root, info):
        return money(root.price)


def _part(root, name):
    """A discount row is a `pricing.Discount` (checkout) or its stored dict (orders)."""
    return root.get(name) if isinstance(root, dict) else getattr(root, name)


class DiscountLine(graphene.ObjectType):
    """One row of a discount breakdown: which promotion, how much, who pays for it."""

    name = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    source = graphene.String(
        required=True, description='"<kind>:<promotion id>", e.g. "voucher:12", "sale:3".'
    )
    funded_by = graphene.String(required=True, description="PLATFORM or VENDOR.")
    quantity = graphene.Int(required=True, description="Units priced by a (flash) sale; else 0.")

    @staticmethod
    def resolve_name(root, info):
        return _part(root, "name")

    @staticmethod
    def resolve_amount(root, info):
        from decimal import Decimal

        return money(Decimal(str(_part(root, "amount"))))

    @staticmethod
    def resolve_source(root, info):
        return _part(root, "source") or ""

    @staticmethod
    def resolve_funded_by(root, info):
        return _part(root, "funded_by")

    @staticmethod
    def resolve_quantity(root, info):
        return _part(root, "quantity") or 0


class CheckoutLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant = graphene.Field("marketplace.catalog.graphql.types.ProductVariant", required=True)
    variant_id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True)
    undiscounted_total = graphene.Field(Money, required=True)
    discounts = graphene.List(
        graphene.NonNull(DiscountLine),
        required=True,
        description="Sale, flash sale and voucher share of this line; total is after them.",
    )
    discount_total = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    quantity_available = graphene.Int(required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("CheckoutLine", root.line.pk)

    @staticmethod
    def resolve_variant(root, info):
        return root.line.variant

    @staticmethod
    def resolve_variant_id(root, info):
        return to_global_id("ProductVariant", root.line.variant_id)

    @staticmethod
    def resolve_product_name(root, info):
        return root.line.variant.product.name

    @staticmethod
    def resolve_quantity(root, info):
        return root.quantity

    @staticmethod
    def resolve_unit_price(root, info):
        return money(root.unit_price)

    @staticmethod
    def resolve_undiscounted_total(root, info):
        return money(root.undiscounted_total)

    @staticmethod
    def resolve_discount_total(root, info):
        return money(root.undiscounted_total - root.total)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total)

    @staticmethod
    def resolve_quantity_available(root, info):
        from marketplace.inventory.services.stock import get_available_quantities

        cache = info.context.__dict__.setdefault("_checkout_available", {})
        key = (root.line.checkout_id, root.line.variant_id)
        if key not in cache:
            pricing = pricing_for(info, root.line.checkout, with_promotions=False)
            siblings = [p.line.variant_id for p in pricing.lines]
            cache.update(
                {
                    (root.line.checkout_id, vid): q
                    for vid, q in get_available_quantities(
                        siblings, exclude_checkout_token=root.line.checkout_id
                    ).items()
                }
            )
        return cache[key]


class CheckoutVendorGroup(graphene.ObjectType):
    vendor = graphene.Field("vendors.graphql.types.Vendor", required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    shipping_options = graphene.List(graphene.NonNull(CheckoutShippingOption), required=True)
    selected_shipping_option = graphene.Field(CheckoutShippingOption)
    subtotal = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    discount = graphene.Field(
        Money, required=True, description="Every discount of the group: goods and shipping."
    )
    shipping_discounts = graphene.List(graphene.NonNull(DiscountLine), required=True)
    tax = graphene.Field(Money, required=True, description="PPN part (PKP vendors).")
    total = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_discount(root, info):
        return money(root.discount)

    @staticmethod
    def resolve_selected_shipping_option(root, info):
        return root.selected_option

    @staticmethod
    def resolve_subtotal(root, info):
        return money(root.subtotal)

    @staticmethod
    def resolve_shipping_price(root, info):
        return money(root.shipping_price)

    @staticmethod
    def resolve_tax(root, info):
        return money(root.tax)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total)


class PaymentGatewayInfo(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String(required=True)


class CheckoutAddress(graphene.ObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    phone = graphene.String()
    street_address_1 = graphene.String()
    street_address_2 = graphene.String()
    subdistrict = graphene.String()
    district = graphene.String()
    city = graphene.String()
    province = graphene.String()
    postal_code = graphene.String()
    country_code = graphene.String()


for _field in CheckoutAddress._meta.fields:
    setattr(
        CheckoutAddress,
        f"resolve_{_field}",
        staticmethod(lambda root, info, _f=_field: root.get(_f)),
    )


class Checkout(graphene.ObjectType):
    email = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    vendor_groups = graphene.List(graphene.NonNull(CheckoutVendorGroup), required=True)
    shipping_address = graphene.Field(CheckoutAddress)
    subtotal = graphene.Field(Money, required=True)
    shipping_total = graphene.Field(Money, required=True)
    discount_total = graphene.Field(Money, required=True)
    discounts = graphene.List(
        graphene.NonNull(DiscountLine),
        required=True,
        description="One row per promotion applied (goods and shipping), amounts summed.",
    )
    voucher_code = graphene.String()
    voucher_error = graphene.String(
        description="Why the applied voucher code does not reduce the total (now), if it does not."
    )
    tax_total = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    available_payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayInfo), required=True)
    is_completed = graphene.Boolean(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, models.Checkout)

    @classmethod
    def get_node(cls, info, id):
        from .schema import load_checkout

        return load_checkout(info, to_global_id("Checkout", id), raise_errors=False)

    @staticmethod
    def resolve_id(root, info):
        return str(root.pk)

    @staticmethod
    def resolve_lines(root, info):
        light = not _needs_promotions(info, _LINE_FIELDS_WITHOUT_PROMOTIONS)
        return pricing_for(info, root, with_promotions=not light).lines

    @staticmethod
    def resolve_vendor_groups(root, info):
        light = not _needs_promotions(
            info,
            _GROUP_FIELDS_WITHOUT_PROMOTIONS | {"lines"},
            nested={"lines": _LINE_FIELDS_WITHOUT_PROMOTIONS},
        )
        return pricing_for(info, root, with_promotions=not light).vendor_groups

    @staticmethod
    def resolve_subtotal(root, info):
        return money(pricing_for(info, root).subtotal)

    @staticmethod
    def resolve_shipping_total(root, info):
        return money(pricing_for(info, root).shipping)

    @staticmethod
    def resolve_discount_total(root, info):
        return money(pricing_for(info, root).discount)

    @staticmethod
    def resolve_discounts(root, info):
        return pricing_for(info, root).discounts

    @staticmethod
    def resolve_voucher_code(root, info):
        return root.voucher_code or None

    @staticmethod
    def resolve_voucher_error(root, info):
        promotions = pricing_for(info, root).promotions
        return promotions.voucher_rejection_message if promotions and root.voucher_code else None

    @staticmethod
    def resolve_tax_total(root, info):
        return money(pricing_for(info, root).tax)

    @staticmethod
    def resolve_total(root, info):
        return money(pricing_for(info, root).total)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        from django.conf import settings

        from payments.models import Gateway

        gateways = [Gateway.BANK_TRANSFER, Gateway.COD]
        if settings.STRIPE_SECRET_KEY:
            gateways.insert(0, Gateway.STRIPE)
        return [PaymentGatewayInfo(id=g.value, name=str(g.label)) for g in gateways]

    @staticmethod
    def resolve_is_completed(root, info):
        return root.completed_at is not None
