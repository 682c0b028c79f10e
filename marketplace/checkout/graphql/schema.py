"""Checkout API (shared/API.md "Checkout (cart) and orders"). Resolvers only translate."""

from __future__ import annotations

import uuid

import graphene
from graphql_relay import from_global_id

from marketplace.accounts.graphql.inputs import AddressInput
from marketplace.core.exceptions import DomainError, NotFound
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.orders.graphql.types import Order

from ..services import cart
from ..services.complete import complete_checkout
from .types import Checkout


def _user(info):
    return getattr(info.context, "user", None)


def decode_checkout_id(global_id: str | None, *, field: str = "id") -> uuid.UUID:
    if not global_id:
        raise DomainError("Wajib diisi.", code="REQUIRED", field=field)
    try:
        type_name, raw = from_global_id(global_id)
        token = uuid.UUID(raw)
    except Exception:
        raise DomainError("ID tidak valid.", code="INVALID", field=field)
    if type_name != "Checkout":
        raise NotFound("Keranjang tidak ditemukan.", field=field)
    return token


def load_checkout(info, global_id, *, raise_errors: bool = True):
    try:
        return cart.get_checkout(
            token=decode_checkout_id(global_id), user=_user(info), allow_completed=True
        )
    except DomainError:
        if raise_errors:
            raise
        return None


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class CheckoutCreateInput(graphene.InputObjectType):
    email = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
    shipping_address = AddressInput()


def _lines(lines, field="lines") -> list[cart.LineInput]:
    return [
        cart.LineInput(
            decode_id(line.variant_id, "ProductVariant", field=f"{field}.{i}.variantId"),
            line.quantity,
        )
        for i, line in enumerate(lines or [])
    ]


def _address(data) -> dict | None:
    return dict(data) if data is not None else None


class Query(graphene.ObjectType):
    checkout = graphene.Field(Checkout, id=graphene.ID(required=True))
    my_checkout = graphene.Field(
        Checkout, description="The signed-in shopper's open cart, on any device."
    )

    @staticmethod
    def resolve_checkout(root, info, id):
        return load_checkout(info, id, raise_errors=False)

    @staticmethod
    def resolve_my_checkout(root, info):
        return cart.get_open_checkout_for_user(_user(info))


class CheckoutCreate(BaseMutation):
    checkout = graphene.Field(Checkout)

    atomic = False  # `create_checkout` is one transaction (no savepoint inside another)

    class Arguments:
        input = CheckoutCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        checkout = cart.create_checkout(
            user=_user(info),
            email=input.get("email"),
            lines=_lines(input.get("lines")),
            shipping_address=_address(input.get("shipping_address")),
        )
        return cls(checkout=checkout)


class _CheckoutMutation(BaseMutation):
    checkout = graphene.Field(Checkout)

    class Meta:
        abstract = True

    @classmethod
    def open_checkout(cls, info, id):
        return cart.get_checkout(token=decode_checkout_id(id), user=_user(info), for_update=True)


class CheckoutLinesAdd(_CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        return cls(
            checkout=cart.add_lines(checkout=cls.open_checkout(info, id), lines=_lines(lines))
        )


class CheckoutLinesUpdate(_CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        return cls(
            checkout=cart.update_lines(checkout=cls.open_checkout(info, id), lines=_lines(lines))
        )


class CheckoutLineDelete(_CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        line_id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, line_id):
        checkout = cls.open_checkout(info, id)
        pk = decode_id(line_id, "CheckoutLine", field="lineId")
        return cls(checkout=cart.delete_line(checkout=checkout, line_id=pk))


class CheckoutShippingAddressUpdate(_CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        shipping_address = AddressInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, shipping_address):
        checkout = cls.open_checkout(info, id)
        return cls(
            checkout=cart.update_shipping_address(
                checkout=checkout, shipping_address=_address(shipping_address)
            )
        )


class CheckoutEmailUpdate(_CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        email = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, email):
        return cls(checkout=cart.update_email(checkout=cls.open_checkout(info, id), email=email))


class CheckoutDeliveryMethodUpdate(_CheckoutMutation):
    """Quotes shipping (possibly over HTTP) before the service locks the checkout row."""

    atomic = False

    class Arguments:
        id = graphene.ID(required=True)
        vendor_id = graphene.ID(required=True)
        shipping_option_id = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, vendor_id, shipping_option_id):
        checkout, lines = cart.get_checkout_with_lines(
            token=decode_checkout_id(id), user=_user(info)
        )
        vendor_pk = decode_id(vendor_id, "Vendor", field="vendorId")
        return cls(
            checkout=cart.update_delivery_method(
                checkout=checkout,
                vendor_id=vendor_pk,
                shipping_option_id=shipping_option_id,
                lines=lines,
            )
        )


class CheckoutPayment(graphene.ObjectType):
    """The payment as the shopper needs it right after checkout (see `Payment` for more)."""

    id = graphene.ID(required=True)
    gateway = graphene.String(required=True)
    status = graphene.String(required=True)
    client_secret = graphene.String()
    instructions = graphene.JSONString()

    @staticmethod
    def resolve_id(root, info):
        return graphene.relay.Node.to_global_id("Payment", root.pk)

    @staticmethod
    def resolve_client_secret(root, info):
        return root.client_secret or None

    @staticmethod
    def resolve_instructions(root, info):
        return root.instructions or None


class CheckoutComplete(BaseMutation):
    """Place the order. Retrying with the same `idempotencyKey` returns the same order."""

    order = graphene.Field(Order)
    payment = graphene.Field(CheckoutPayment)

    # The order is written in its own transaction; the payment provider is called after commit.
    atomic = False

    class Arguments:
        id = graphene.ID(required=True)
        payment_gateway = graphene.String(
            required=True, description="stripe, bank_transfer or cod."
        )
        idempotency_key = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, payment_gateway, idempotency_key):
        from payments.services.payments import start_provider_payment

        result = complete_checkout(
            token=decode_checkout_id(id),
            user=_user(info),
            payment_gateway=payment_gateway,
            idempotency_key=idempotency_key,
        )
        try:
            payment = start_provider_payment(result.payment)
        except DomainError as exc:
            # The order stands (stock held until the payment window ends); retry with the same key.
            from marketplace.core.graphql.mutations import _to_error

            return cls(
                order=result.order,
                payment=result.payment,
                errors=[_to_error(e) for e in exc.errors],
            )
        return cls(order=result.order, payment=payment)


class Mutation(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_line_delete = CheckoutLineDelete.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_complete = CheckoutComplete.Field()
