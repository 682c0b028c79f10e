"""Orders API: the shopper's `order`, the seller's `vendorOrders`, and their state changes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import graphene

from marketplace.core.exceptions import DomainError, NotFound, PermissionDenied
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.pagination import connection_field, paginate
from vendors.permissions import is_marketplace_staff, require_vendor_access

from ..models import Order as OrderModel
from ..selectors import orders_visible_to, vendor_orders_actionable_by
from ..services import transitions
from .types import Order, VendorOrder, VendorOrderCountableConnection, VendorOrderStatusEnum


def _user(info):
    return getattr(info.context, "user", None)


class VendorOrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(VendorOrderStatusEnum))


class Query(graphene.ObjectType):
    order = graphene.Field(
        Order, id=graphene.ID(required=True), description="Your order (or any, for staff)."
    )
    vendor_orders = connection_field(
        VendorOrderCountableConnection,
        vendor_id=graphene.ID(required=True),
        filter=VendorOrderFilterInput(),
        description="A seller's vendor orders, newest first (members of the vendor and staff).",
    )

    @staticmethod
    def resolve_order(root, info, id):
        try:
            pk = decode_id(id, "Order")
        except DomainError:
            return None
        return orders_visible_to(_user(info)).filter(pk=pk).first()

    @staticmethod
    def resolve_vendor_orders(root, info, vendor_id, first, after=None, filter=None):
        try:
            pk = decode_id(vendor_id, "Vendor", field="vendorId")
            require_vendor_access(_user(info), pk, staff_permission="manage_orders")
        except DomainError as exc:
            raise query_error(exc.errors[0].message, code=exc.code, field="vendorId")
        queryset = (
            vendor_orders_actionable_by(_user(info))
            .filter(vendor_id=pk)
            .select_related("vendor", "order__shipping_address")
        )
        if filter and filter.get("status"):
            queryset = queryset.filter(
                status__in=[getattr(s, "value", s) for s in filter["status"]]
            )
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=VendorOrderCountableConnection,
            ordering=["-created_at", "-pk"],
        )


def _actionable_vendor_order(info, global_id, *, field="id"):
    pk = decode_id(global_id, "VendorOrder", field=field)
    vendor_order = vendor_orders_actionable_by(_user(info)).filter(pk=pk).first()
    if vendor_order is None:
        raise NotFound("Pesanan tidak ditemukan.", field=field)
    return vendor_order


class VendorOrderAccept(BaseMutation):
    vendor_order = graphene.Field(VendorOrder)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        vendor_order = transitions.accept_vendor_order(
            _actionable_vendor_order(info, id), actor=_user(info)
        )
        return cls(vendor_order=vendor_order)


class VendorOrderCancel(BaseMutation):
    vendor_order = graphene.Field(VendorOrder)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, reason=""):
        reason = (reason or "").strip()
        if len(reason) > 255:
            raise DomainError("Maksimal 255 karakter.", code="MAX_LENGTH", field="reason")
        vendor_order = transitions.cancel_vendor_order(
            _actionable_vendor_order(info, id),
            actor=_user(info),
            reason=reason or "Dibatalkan penjual",
            actor_label="vendor",
        )
        return cls(vendor_order=vendor_order)


class VendorOrderMarkPacked(BaseMutation):
    vendor_order = graphene.Field(VendorOrder)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        vendor_order = transitions.mark_vendor_order_packed(
            _actionable_vendor_order(info, id), actor=_user(info)
        )
        return cls(vendor_order=vendor_order)


class OrderCancel(BaseMutation):
    order = graphene.Field(Order)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, reason=""):
        user = _user(info)
        if user is None or not user.is_authenticated:
            raise PermissionDenied("Silakan masuk terlebih dahulu.")
        pk = decode_id(id, "Order")
        order = orders_visible_to(user).filter(pk=pk).first()
        if order is None:
            raise NotFound("Pesanan tidak ditemukan.", field="id")
        label = (
            "staff"
            if is_marketplace_staff(user, "manage_orders") and order.user_id != user.pk
            else "shopper"
        )
        order = transitions.cancel_order(
            order, actor=user, reason=(reason or "").strip()[:255], actor_label=label
        )
        return cls(order=OrderModel.objects.get(pk=order.pk))


class OrderRefund(BaseMutation):
    vendor_order = graphene.Field(VendorOrder)
    refund_id = graphene.ID()

    class Arguments:
        vendor_order_id = graphene.ID(required=True)
        amount = graphene.Decimal(required=True, description="Whole Rupiah.")
        reason = graphene.String()
        idempotency_key = graphene.String(description="Retrying with the same key refunds once.")

    @classmethod
    def perform_mutation(cls, root, info, vendor_order_id, amount, reason="", idempotency_key=None):
        user = _user(info)
        pk = decode_id(vendor_order_id, "VendorOrder", field="vendorOrderId")
        if not is_marketplace_staff(user, "manage_orders"):
            raise NotFound("Pesanan tidak ditemukan.", field="vendorOrderId")
        from ..models import VendorOrder as VendorOrderModel

        vendor_order = VendorOrderModel.objects.filter(pk=pk).first()
        if vendor_order is None:
            raise NotFound("Pesanan tidak ditemukan.", field="vendorOrderId")
        try:
            amount = Decimal(amount)
        except (InvalidOperation, TypeError):
            raise DomainError("Jumlah tidak valid.", code="INVALID", field="amount")
        if amount != amount.to_integral_value() or amount <= 0:
            raise DomainError(
                "Jumlah harus bilangan bulat Rupiah lebih dari 0.", code="INVALID", field="amount"
            )
        if idempotency_key is not None and len(idempotency_key) > 100:
            raise DomainError("Maksimal 100 karakter.", code="MAX_LENGTH", field="idempotencyKey")
        txn = transitions.refund_vendor_order(
            vendor_order,
            amount=amount,
            reason=(reason or "").strip()[:255],
            actor=user,
            idempotency_key=idempotency_key or "",
        )
        vendor_order.refresh_from_db()
        from graphql_relay import to_global_id

        return cls(vendor_order=vendor_order, refund_id=to_global_id("PaymentTransaction", txn.pk))


class Mutation(graphene.ObjectType):
    vendor_order_accept = VendorOrderAccept.Field()
    vendor_order_cancel = VendorOrderCancel.Field()
    vendor_order_mark_packed = VendorOrderMarkPacked.Field()
    order_cancel = OrderCancel.Field()
    order_refund = OrderRefund.Field()
