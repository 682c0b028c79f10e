"""Vendor mutations: decode ids, call `vendors.services`, return the payload."""

from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.types import enum_value

from ..services import applications, members, profile, warehouses
from .inputs import (
    VendorApplyInput,
    VendorReviewRubricInput,
    VendorUpdateInput,
    WarehouseCreateInput,
    WarehouseUpdateInput,
)
from .types import (
    Vendor,
    VendorDocument,
    VendorDocumentKindEnum,
    VendorInvitation,
    VendorMember,
    VendorReviewDecisionEnum,
    VendorRoleEnum,
    Warehouse,
)


def _plain(data) -> dict:
    """An input object as a plain dict (nested inputs too), keeping only the fields sent."""
    if data is None:
        return {}
    return {
        key: (dict(value) if isinstance(value, dict) else value)
        for key, value in dict(data).items()
    }


class VendorApply(BaseMutation):
    vendor = graphene.Field(Vendor)

    class Arguments:
        input = VendorApplyInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        vendor = applications.apply_for_vendor(actor=info.context.user, data=_plain(input))
        return cls(vendor=vendor)


class VendorReviewMutation(BaseMutation):
    vendor = graphene.Field(Vendor)

    class Meta:
        name = "VendorReviewPayload"  # `VendorReview` is the type of a review record

    class Arguments:
        id = graphene.ID(required=True)
        decision = VendorReviewDecisionEnum(required=True)
        reason = graphene.String()
        rubric = VendorReviewRubricInput()

    @classmethod
    def perform_mutation(cls, root, info, id, decision, reason=None, rubric=None):
        from ..permissions import require_staff

        require_staff(info.context.user, applications.MANAGE_VENDORS)
        vendor = applications.review_vendor(
            actor=info.context.user,
            vendor_id=decode_id(id, "Vendor", field="id"),
            decision=enum_value(decision),
            reason=reason or "",
            rubric=_plain(rubric),
        )
        return cls(vendor=vendor)


class VendorUpdate(BaseMutation):
    vendor = graphene.Field(Vendor)

    class Arguments:
        id = graphene.ID(required=True)
        input = VendorUpdateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        vendor = profile.update_vendor(
            actor=info.context.user,
            vendor_id=_decode_for(info, id, "Vendor", "id"),
            data=_plain(input),
        )
        return cls(vendor=vendor)


class VendorDocumentAdd(BaseMutation):
    document = graphene.Field(VendorDocument)

    class Arguments:
        vendor_id = graphene.ID(required=True)
        kind = VendorDocumentKindEnum(required=True)
        number = graphene.String(required=True)
        valid_until = graphene.Date()

    @classmethod
    def perform_mutation(cls, root, info, vendor_id, kind, number, valid_until=None):
        document = profile.add_vendor_document(
            actor=info.context.user,
            vendor_id=_decode_for(info, vendor_id, "Vendor", "vendorId"),
            kind=enum_value(kind),
            number=number,
            valid_until=valid_until,
        )
        return cls(document=document)


class VendorMemberInvite(BaseMutation):
    invitation = graphene.Field(VendorInvitation)
    token = graphene.String(
        description="Token undangan mentah, hanya sekali di sini (untuk email); disimpan sebagai hash."
    )

    class Arguments:
        vendor_id = graphene.ID(required=True)
        email = graphene.String(required=True)
        role = VendorRoleEnum(default_value="STAFF")

    @classmethod
    def perform_mutation(cls, root, info, vendor_id, email, role="STAFF"):
        invitation, token = members.invite_member(
            actor=info.context.user,
            vendor_id=_decode_for(info, vendor_id, "Vendor", "vendorId"),
            email=email,
            role=enum_value(role),
        )
        return cls(invitation=invitation, token=token)


class VendorInvitationAccept(BaseMutation):
    member = graphene.Field(VendorMember)
    vendor = graphene.Field(Vendor)

    class Arguments:
        token = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, token):
        member = members.accept_invitation(actor=info.context.user, token=token)
        return cls(member=member, vendor=member.vendor)


class VendorInvitationRevoke(BaseMutation):
    invitation = graphene.Field(VendorInvitation)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        invitation = members.revoke_invitation(
            actor=info.context.user, invitation_id=_decode_for(info, id, "VendorInvitation", "id")
        )
        return cls(invitation=invitation)


class VendorMemberRemove(BaseMutation):
    removed_member_id = graphene.ID()

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        members.remove_member(
            actor=info.context.user, member_id=_decode_for(info, id, "VendorMember", "id")
        )
        return cls(removed_member_id=id)


class WarehouseCreate(BaseMutation):
    warehouse = graphene.Field(Warehouse)

    class Arguments:
        input = WarehouseCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        data = _plain(input)
        vendor_id = _decode_for(info, data.pop("vendor_id", None), "Vendor", "vendorId")
        warehouse = warehouses.create_warehouse(
            actor=info.context.user, vendor_id=vendor_id, data=data
        )
        return cls(warehouse=warehouse)


class WarehouseUpdate(BaseMutation):
    warehouse = graphene.Field(Warehouse)

    class Arguments:
        id = graphene.ID(required=True)
        input = WarehouseUpdateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        warehouse = warehouses.update_warehouse(
            actor=info.context.user,
            warehouse_id=_decode_for(info, id, "Warehouse", "id"),
            data=_plain(input),
        )
        return cls(warehouse=warehouse)


class WarehouseDelete(BaseMutation):
    deleted_warehouse_id = graphene.ID()
    deactivated = graphene.Boolean(
        description="True bila gudang punya riwayat stok sehingga hanya dinonaktifkan."
    )

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        deleted = warehouses.delete_warehouse(
            actor=info.context.user, warehouse_id=_decode_for(info, id, "Warehouse", "id")
        )
        return cls(deleted_warehouse_id=id, deactivated=not deleted)


def _decode_for(info, global_id, type_name: str, field: str) -> int:
    """Decode after checking the caller is signed in, so anonymous callers get the same answer
    whatever id they send."""
    from ..permissions import require_signed_in

    require_signed_in(info.context.user)
    return decode_id(global_id, type_name, field=field)
