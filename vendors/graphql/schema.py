import graphene

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.errors import query_error
from marketplace.core.graphql.ids import decode_id
from marketplace.core.graphql.pagination import paginate

from ..models import VendorMember as VendorMemberModel
from ..selectors import search_vendors, vendors_visible_to
from . import mutations
from .inputs import VendorFilterInput
from .types import Vendor, VendorCountableConnection


class Query(graphene.ObjectType):
    vendors = graphene.Field(
        VendorCountableConnection,
        first=graphene.Int(required=True, description="Page size, 1 to 100."),
        after=graphene.String(),
        filter=VendorFilterInput(),
        description="Usaha yang boleh Anda lihat: yang disetujui, milik Anda, atau semua (staf).",
    )
    vendor = graphene.Field(Vendor, id=graphene.ID(), slug=graphene.String())
    my_vendors = graphene.List(
        graphene.NonNull(Vendor), required=True, description="Usaha tempat Anda menjadi anggota."
    )

    @staticmethod
    def resolve_vendors(root, info, first, after=None, filter=None):
        filter = filter or {}
        status = filter.get("status")
        queryset = search_vendors(
            vendors_visible_to(info.context.user),
            search=filter.get("search"),
            sentra=filter.get("sentra"),
            is_gallery_tenant=filter.get("is_gallery_tenant"),
            status=getattr(status, "value", status),
        )
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=VendorCountableConnection,
            ordering=["name", "pk"],
        )

    @staticmethod
    def resolve_vendor(root, info, id=None, slug=None):
        if bool(id) == bool(slug):
            raise query_error("Isi salah satu: id atau slug.", code="REQUIRED", field="id")
        queryset = vendors_visible_to(info.context.user)
        if id:
            try:
                pk = decode_id(id, "Vendor", field="id")
            except DomainError:
                return None
            return queryset.filter(pk=pk).first()
        return queryset.filter(slug=slug).first()

    @staticmethod
    def resolve_my_vendors(root, info):
        user = info.context.user
        if user is None or not user.is_authenticated:
            return []
        ids = VendorMemberModel.objects.filter(user=user).values("vendor_id")
        return list(vendors_visible_to(user).filter(pk__in=ids).order_by("name", "pk"))


class Mutation(graphene.ObjectType):
    vendor_apply = mutations.VendorApply.Field()
    vendor_review = mutations.VendorReviewMutation.Field()
    vendor_update = mutations.VendorUpdate.Field()
    vendor_document_add = mutations.VendorDocumentAdd.Field()
    vendor_member_invite = mutations.VendorMemberInvite.Field()
    vendor_invitation_accept = mutations.VendorInvitationAccept.Field()
    vendor_invitation_revoke = mutations.VendorInvitationRevoke.Field()
    vendor_member_remove = mutations.VendorMemberRemove.Field()
    warehouse_create = mutations.WarehouseCreate.Field()
    warehouse_update = mutations.WarehouseUpdate.Field()
    warehouse_delete = mutations.WarehouseDelete.Field()
