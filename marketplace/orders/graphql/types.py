"""Order types: `Order` (the shopper's), `VendorOrder` (a seller's part), lines and events."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from fulfillment.graphql.types import resolve_vendor_order_shipments
from marketplace.core.graphql.dataloaders import register_siblings
from marketplace.core.graphql.pagination import CountableConnection
from marketplace.core.graphql.types import Money, money

from .. import models
from ..selectors import orders_visible_to, vendor_orders_visible_to

OrderStatusEnum = graphene.Enum("OrderStatus", [(v, v) for v in models.OrderStatus.values])
VendorOrderStatusEnum = graphene.Enum(
    "VendorOrderStatus", [(v, v) for v in models.VendorOrderStatus.values]
)


def _user(info):
    return getattr(info.context, "user", None)


class OrderEvent(graphene.ObjectType):
    type = graphene.String(required=True)
    from_status = graphene.String()
    to_status = graphene.String()
    actor_email = graphene.String(
        description="Who made the change (staff only); null for the system."
    )
    actor_label = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_actor_email(root, info):
        from vendors.permissions import is_marketplace_staff

        if root.actor_id and is_marketplace_staff(_user(info)):
            return root.actor.email
        return None


class VendorOrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant = graphene.Field("marketplace.catalog.graphql.types.ProductVariant")
    variant_id = graphene.ID(
        description="Global id of the variant, even when it is no longer sold."
    )
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True)
    undiscounted_total = graphene.Field(Money, required=True)
    discounts = graphene.List(
        graphene.NonNull("marketplace.checkout.graphql.types.DiscountLine"),
        required=True,
        description="Sale, flash sale and voucher share as priced at checkout.",
    )
    discount_total = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True, description="PPN part of the total (PKP vendors).")
    weight_grams = graphene.Int(required=True)

    @staticmethod
    def resolve_undiscounted_total(root, info):
        return money(root.unit_price * root.quantity)

    @staticmethod
    def resolve_discounts(root, info):
        return root.discounts or []

    @staticmethod
    def resolve_discount_total(root, info):
        return money(root.unit_price * root.quantity - root.total)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("VendorOrderLine", root.pk)

    @staticmethod
    def resolve_variant_id(root, info):
        return to_global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_unit_price(root, info):
        return money(root.unit_price)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total)

    @staticmethod
    def resolve_tax(root, info):
        return money(root.tax_amount)

    @staticmethod
    def resolve_weight_grams(root, info):
        return root.weight


class VendorOrder(graphene.ObjectType):
    number = graphene.String(required=True)
    status = graphene.Field(VendorOrderStatusEnum, required=True)
    vendor = graphene.Field("vendors.graphql.types.Vendor", required=True)
    order_number = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(VendorOrderLine), required=True)
    subtotal = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    discount = graphene.Field(
        Money, required=True, description="Every discount on this part: goods and shipping."
    )
    shipping_discounts = graphene.List(
        graphene.NonNull("marketplace.checkout.graphql.types.DiscountLine"), required=True
    )
    tax = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    commission = graphene.Field(Money, description="Seller and staff only.")
    refunded_amount = graphene.Field(Money, required=True)
    shipping_option_id = graphene.String(required=True)
    shipping_method_name = graphene.String(required=True)
    shipping_carrier = graphene.String(required=True)
    promised_delivery_date = graphene.Date()
    shipping_address = graphene.Field("marketplace.accounts.graphql.types.Address", required=True)
    customer_email = graphene.String(description="Seller and staff only.")
    cancel_reason = graphene.String()
    paid_at = graphene.DateTime()
    accepted_at = graphene.DateTime()
    packed_at = graphene.DateTime()
    shipped_at = graphene.DateTime()
    delivered_at = graphene.DateTime()
    cancelled_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), required=True)
    shipments = graphene.List(
        graphene.NonNull("fulfillment.graphql.types.Shipment"),
        required=True,
        resolver=resolve_vendor_order_shipments,
        description="Its parcels, and the hub's consolidated parcel it travels in (one query "
        "for all the vendor orders of a page).",
    )

    class Meta:
        interfaces = (graphene.relay.Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, models.VendorOrder)

    @classmethod
    def get_node(cls, info, id):
        return vendor_orders_visible_to(_user(info)).filter(pk=id).first()

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_vendor(root, info):
        return root.vendor

    @staticmethod
    def resolve_order_number(root, info):
        return root.number.rsplit("-", 1)[0]

    @staticmethod
    def resolve_lines(root, info):
        return list(root.lines.all())

    @staticmethod
    def resolve_subtotal(root, info):
        return money(root.subtotal)

    @staticmethod
    def resolve_shipping_price(root, info):
        return money(root.shipping_price)

    @staticmethod
    def resolve_discount(root, info):
        return money(root.discount)

    @staticmethod
    def resolve_shipping_discounts(root, info):
        return root.shipping_discounts or []

    @staticmethod
    def resolve_tax(root, info):
        return money(root.tax)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total)

    @staticmethod
    def resolve_commission(root, info):
        return money(root.commission) if _is_seller_or_staff(info, root) else None

    @staticmethod
    def resolve_refunded_amount(root, info):
        return money(root.refunded_amount)

    @staticmethod
    def resolve_shipping_address(root, info):
        return root.order.shipping_address

    @staticmethod
    def resolve_customer_email(root, info):
        return root.order.email if _is_seller_or_staff(info, root) else None

    @staticmethod
    def resolve_events(root, info):
        return list(root.events.select_related("actor").order_by("created_at", "pk"))


def _is_seller_or_staff(info, vendor_order) -> bool:
    from vendors.permissions import is_marketplace_staff, member_vendor_ids

    user = _user(info)
    return vendor_order.vendor_id in member_vendor_ids(user) or is_marketplace_staff(
        user, "manage_orders"
    )


class VendorOrderCountableConnection(CountableConnection):
    class Meta:
        node = VendorOrder


class Order(graphene.ObjectType):
    number = graphene.String(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    email = graphene.String(required=True)
    payment_gateway = graphene.String(required=True)
    subtotal = graphene.Field(Money, required=True)
    shipping_total = graphene.Field(Money, required=True)
    discount_total = graphene.Field(Money, required=True)
    tax_total = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    shipping_address = graphene.Field("marketplace.accounts.graphql.types.Address", required=True)
    vendor_orders = graphene.List(graphene.NonNull(VendorOrder), required=True)
    payments = graphene.List(graphene.NonNull("payments.graphql.types.Payment"), required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), required=True)
    paid_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, models.Order)

    @classmethod
    def get_node(cls, info, id):
        return orders_visible_to(_user(info)).filter(pk=id).first()

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_subtotal(root, info):
        return money(root.subtotal)

    @staticmethod
    def resolve_shipping_total(root, info):
        return money(root.shipping_total)

    @staticmethod
    def resolve_discount_total(root, info):
        return money(root.discount_total)

    @staticmethod
    def resolve_tax_total(root, info):
        return money(root.tax_total)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total)

    @staticmethod
    def resolve_vendor_orders(root, info):
        rows = list(
            root.vendor_orders.select_related("vendor", "order__shipping_address").order_by("pk")
        )
        register_siblings(info.context, rows)  # their shipments load in one query
        return rows

    @staticmethod
    def resolve_payments(root, info):
        return list(root.payments.order_by("pk"))

    @staticmethod
    def resolve_events(root, info):
        return list(root.events.select_related("actor").order_by("created_at", "pk"))


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
