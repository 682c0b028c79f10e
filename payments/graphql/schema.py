"""Payments API: vendor statements and payouts, staff confirmation of bank transfers."""

from __future__ import annotations

import graphene

from marketplace.core.exceptions import DomainError, NotFound
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.pagination import connection_field, paginate
from vendors.permissions import is_marketplace_staff, require_vendor_access

from ..models import Payment as PaymentModel
from ..models import Payout as PayoutModel
from ..services import ledger
from ..services.payments import confirm_card_payment, confirm_payment_manually
from .types import Payment, PayoutCountableConnection, VendorStatement


def _user(info):
    return getattr(info.context, "user", None)


def _vendor_pk(info, vendor_id):
    try:
        pk = decode_id(vendor_id, "Vendor", field="vendorId")
        require_vendor_access(_user(info), pk, staff_permission="manage_payouts")
    except DomainError as exc:
        raise query_error(exc.errors[0].message, code=exc.code, field="vendorId")
    return pk


def parse_period(date_from, date_to):
    """[from, to] as whole WIB days → aware datetimes [start of from, start of the day after to)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date_from, time.min), tz) if date_from else None
    end = (
        timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min), tz)
        if date_to
        else None
    )
    return start, end


class Query(graphene.ObjectType):
    vendor_statement = graphene.Field(
        VendorStatement,
        vendor_id=graphene.ID(required=True),
        date_from=graphene.Date(),
        date_to=graphene.Date(),
        description="Ledger lines and totals of a vendor (members and payout staff).",
    )
    vendor_payouts = connection_field(
        PayoutCountableConnection, vendor_id=graphene.ID(required=True)
    )

    @staticmethod
    def resolve_vendor_statement(root, info, vendor_id, date_from=None, date_to=None):
        pk = _vendor_pk(info, vendor_id)
        start, end = parse_period(date_from, date_to)
        return ledger.vendor_statement(vendor_id=pk, date_from=start, date_to=end)

    @staticmethod
    def resolve_vendor_payouts(root, info, vendor_id, first, after=None):
        pk = _vendor_pk(info, vendor_id)
        return paginate(
            PayoutModel.objects.filter(vendor_id=pk),
            info=info,
            first=first,
            after=after,
            connection_type=PayoutCountableConnection,
            ordering=["-created_at", "-pk"],
        )


class PaymentConfirm(BaseMutation):
    """Staff confirm a bank transfer they saw arrive on the statement."""

    payment = graphene.Field(Payment)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = _user(info)
        pk = decode_id(id, "Payment")
        if not is_marketplace_staff(user, "manage_orders"):
            raise NotFound("Pembayaran tidak ditemukan.", field="id")
        payment = PaymentModel.objects.filter(pk=pk).first()
        if payment is None:
            raise NotFound("Pembayaran tidak ditemukan.", field="id")
        return cls(payment=confirm_payment_manually(payment, actor=user))


class PaymentConfirmCard(BaseMutation):
    """The shopper pays an order by card: a Stripe.js token (`tok_...`) is attached to the
    order's PaymentIntent and confirmed. Repeating it charges nothing twice. When
    `requiresAction` is true the bank asks for 3-D Secure: run it with the payment's
    `clientSecret` in Stripe.js, after which the webhook (or reconciliation) marks it paid."""

    payment = graphene.Field(Payment)
    requires_action = graphene.Boolean(
        required=True, description="3-D Secure: run it in Stripe.js with the clientSecret."
    )

    class Arguments:
        payment_id = graphene.ID(required=True)
        card_token = graphene.String(required=True)

    atomic = False  # calls the payment provider; never hold a lock across it

    @classmethod
    def perform_mutation(cls, root, info, payment_id, card_token):
        user = _user(info)
        pk = decode_id(payment_id, "Payment", field="paymentId")
        payment = (
            PaymentModel.objects.filter(pk=pk, order__user_id=user.pk).first()
            if user is not None and user.is_authenticated
            else None
        )
        if payment is None:  # someone else's payment: never hint that it exists
            raise NotFound("Pembayaran tidak ditemukan.", field="paymentId")
        payment = confirm_card_payment(payment, card_token=card_token)
        return cls(
            payment=payment, requires_action=bool(getattr(payment, "requires_action", False))
        )

    @staticmethod
    def resolve_requires_action(root, info):
        return bool(root.requires_action)


class PayoutsRun(BaseMutation):
    """Staff run the payout batch now (the scheduled task does it daily)."""

    payouts = graphene.List(graphene.NonNull("payments.graphql.types.Payout"), required=True)

    class Arguments:
        batch = graphene.String()

    atomic = False

    @classmethod
    def perform_mutation(cls, root, info, batch=None):
        from marketplace.core.exceptions import PermissionDenied

        if not is_marketplace_staff(_user(info), "manage_payouts"):
            raise PermissionDenied("Hanya staf keuangan yang boleh mencairkan dana.")
        if batch is not None and not (1 <= len(batch) <= 32 and batch.replace("-", "").isalnum()):
            raise DomainError("Nama batch 1–32 huruf/angka.", code="INVALID", field="batch")
        return cls(payouts=ledger.run_payouts(batch=batch))


class Mutation(graphene.ObjectType):
    payment_confirm = PaymentConfirm.Field()
    payment_confirm_card = PaymentConfirmCard.Field()
    payouts_run = PayoutsRun.Field()
