"""Payment, payout and statement types."""

from __future__ import annotations

import graphene

from marketplace.core.graphql.pagination import CountableConnection
from marketplace.core.graphql.types import Money, money

from .. import models

PaymentStatusEnum = graphene.Enum("PaymentStatus", [(v, v) for v in models.PaymentStatus.values])


class Payment(graphene.ObjectType):
    id = graphene.ID(required=True)
    gateway = graphene.String(required=True)
    status = graphene.Field(PaymentStatusEnum, required=True)
    amount = graphene.Field(Money, required=True)
    captured_amount = graphene.Field(Money, required=True)
    refunded_amount = graphene.Field(Money, required=True)
    client_secret = graphene.String(description="Stripe: confirm the card payment with it.")
    instructions = graphene.JSONString(description="VA number and expiry, or COD instructions.")
    expires_at = graphene.DateTime()

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_id(root, info):
        return graphene.relay.Node.to_global_id("Payment", root.pk)

    @staticmethod
    def resolve_amount(root, info):
        return money(root.amount, root.currency)

    @staticmethod
    def resolve_captured_amount(root, info):
        return money(root.captured_amount, root.currency)

    @staticmethod
    def resolve_refunded_amount(root, info):
        return money(root.refunded_amount, root.currency)

    @staticmethod
    def resolve_client_secret(root, info):
        return root.client_secret or None

    @staticmethod
    def resolve_instructions(root, info):
        return root.instructions or None


class Payout(graphene.ObjectType):
    id = graphene.ID(required=True)
    reference = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    status = graphene.String(required=True)
    batch = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, models.Payout)

    @classmethod
    def get_node(cls, info, id):
        from vendors.permissions import is_marketplace_staff, member_vendor_ids

        user = getattr(info.context, "user", None)
        payout = models.Payout.objects.filter(pk=id).first()
        if payout is None:
            return None
        if payout.vendor_id in member_vendor_ids(user) or is_marketplace_staff(
            user, "manage_payouts"
        ):
            return payout
        return None

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_amount(root, info):
        return money(root.amount)


class PayoutCountableConnection(CountableConnection):
    class Meta:
        node = Payout


class StatementLine(graphene.ObjectType):
    created_at = graphene.DateTime(required=True)
    kind = graphene.String(required=True)
    account = graphene.String(required=True)
    reference = graphene.String(required=True)
    description = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_amount(root, info):
        return money(root.amount)


class VendorStatement(graphene.ObjectType):
    lines = graphene.List(graphene.NonNull(StatementLine), required=True)
    gross_sales = graphene.Field(Money, required=True)
    refunds = graphene.Field(Money, required=True)
    commission = graphene.Field(Money, required=True)
    net_earnings = graphene.Field(Money, required=True)
    payouts = graphene.Field(Money, required=True)
    held = graphene.Field(Money, required=True)
    available = graphene.Field(Money, required=True)
    paid_out = graphene.Field(Money, required=True)
    csv_url = graphene.String(required=True)

    @staticmethod
    def resolve_csv_url(root, info):
        from urllib.parse import urlencode

        from django.urls import reverse

        params = {}
        if root.date_from:
            params["from"] = root.date_from.date().isoformat()
        if root.date_to:
            params["to"] = root.date_to.date().isoformat()
        url = reverse("payments:vendor-statement-csv", args=[root.vendor_id])
        return url + ("?" + urlencode(params) if params else "")


def _money_resolver(name):
    def resolve(root, info):
        return money(getattr(root, name))

    return resolve


for _name in (
    "gross_sales",
    "refunds",
    "commission",
    "net_earnings",
    "payouts",
    "held",
    "available",
    "paid_out",
):
    setattr(VendorStatement, f"resolve_{_name}", staticmethod(_money_resolver(_name)))
