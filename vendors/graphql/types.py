"""Vendor types. Public fields for everyone who may see the vendor (APPROVED, or own, or staff);
private fields (contact, tax, team, warehouses, curation history) answer null to outsiders."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from marketplace.accounts.graphql.types import Address
from marketplace.core.graphql.pagination import CountableConnection, paginate
from marketplace.core.graphql.types import enum_value

from .. import models
from ..permissions import is_marketplace_staff, member_vendor_ids, vendor_role
from ..selectors import MANAGE_VENDORS, can_see_vendor_private, vendors_visible_to
from . import dataloaders as loaders

VendorStatusEnum = graphene.Enum(
    "VendorStatus", [(value, value) for value in models.VendorStatus.values]
)
VendorRoleEnum = graphene.Enum("VendorRole", [(value, value) for value in models.VendorRole.values])
VendorReviewDecisionEnum = graphene.Enum(
    "VendorReviewDecision", [(value, value) for value in models.VendorReview.Decision.values]
)
VendorDocumentKindEnum = graphene.Enum(
    "VendorDocumentKind", [(value, value) for value in models.VendorDocument.Kind.values]
)


def _product_connection():
    from marketplace.catalog.graphql.types import ProductCountableConnection

    return ProductCountableConnection


def _managed_queryset(queryset, info, field: str = "vendor_id"):
    """Rows of the vendors the caller works for (none when signed out); all rows for staff."""
    user = info.context.user
    if is_marketplace_staff(user, MANAGE_VENDORS):
        return queryset
    return queryset.filter(**{f"{field}__in": member_vendor_ids(user)})


class Vendor(DjangoObjectType):
    status = graphene.Field(VendorStatusEnum, required=True)
    sentra = graphene.String(required=True, description="Kode sentra, mis. 'batik-gunungpati'.")
    sentra_name = graphene.String(required=True)
    rating = graphene.Float(required=True)
    logo_url = graphene.String()
    # Private: members of the vendor and curation staff only.
    npwp = graphene.String()
    phone = graphene.String()
    email = graphene.String()
    contact_name = graphene.String()
    address = graphene.Field(Address)
    rejection_reason = graphene.String()
    suspension_reason = graphene.String()
    daily_cutoff_hour = graphene.Int()
    my_role = graphene.Field(VendorRoleEnum, description="Peran Anda di usaha ini, atau null.")
    warehouses = graphene.List(graphene.NonNull(lambda: Warehouse))
    members = graphene.List(graphene.NonNull(lambda: VendorMember))
    invitations = graphene.List(graphene.NonNull(lambda: VendorInvitation))
    reviews = graphene.List(graphene.NonNull(lambda: VendorReview))
    documents = graphene.List(graphene.NonNull(lambda: VendorDocument))
    products = graphene.Field(
        _product_connection,
        first=graphene.Int(required=True, description="Page size, 1 to 100."),
        after=graphene.String(),
    )

    class Meta:
        model = models.Vendor
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "is_gallery_tenant",
            "is_pkp",
            "handling_days",
            "applied_at",
            "approved_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(pk__in=vendors_visible_to(info.context.user).values("pk"))

    @staticmethod
    def resolve_status(root, info):
        return enum_value(root.status)

    @staticmethod
    def resolve_sentra_name(root, info):
        return (
            models.Sentra(root.sentra).label if root.sentra in models.Sentra.values else root.sentra
        )

    @staticmethod
    def resolve_rating(root, info):
        return float(root.rating)

    @staticmethod
    def resolve_logo_url(root, info):
        return info.context.build_absolute_uri(root.logo.url) if root.logo else None

    @staticmethod
    def resolve_my_role(root, info):
        return enum_value(vendor_role(info.context.user, root.pk))

    @staticmethod
    def resolve_products(root, info, first, after=None):
        from marketplace.catalog.selectors import products_visible_to

        queryset = products_visible_to(info.context.user).filter(vendor_id=root.pk)
        return paginate(
            queryset,
            info=info,
            first=first,
            after=after,
            connection_type=_product_connection(),
            ordering=["-created_at", "-pk"],
        )


def _private(attribute: str):
    def resolver(root, info):
        if not can_see_vendor_private(info.context.user, root.pk):
            return None
        value = getattr(root, attribute)
        return value() if callable(value) else value

    return staticmethod(resolver)


Vendor.resolve_npwp = _private("npwp")
Vendor.resolve_phone = _private("phone")
Vendor.resolve_email = _private("email")
Vendor.resolve_contact_name = _private("contact_name")
Vendor.resolve_address = _private("address")
Vendor.resolve_rejection_reason = _private("rejection_reason")
Vendor.resolve_suspension_reason = _private("suspension_reason")
Vendor.resolve_daily_cutoff_hour = _private("daily_cutoff_hour")


def _private_list(loader):
    def resolver(root, info):
        if not can_see_vendor_private(info.context.user, root.pk):
            return None
        return loader(info).load(root.pk)

    return staticmethod(resolver)


Vendor.resolve_warehouses = _private_list(loaders.WarehousesByVendorIdLoader)
Vendor.resolve_members = _private_list(loaders.MembersByVendorIdLoader)
Vendor.resolve_reviews = _private_list(loaders.ReviewsByVendorIdLoader)
Vendor.resolve_documents = _private_list(loaders.DocumentsByVendorIdLoader)
Vendor.resolve_invitations = _private_list(loaders.OpenInvitationsByVendorIdLoader)


class VendorCountableConnection(CountableConnection):
    class Meta:
        node = Vendor


class Warehouse(DjangoObjectType):
    vendor = graphene.Field(Vendor, required=True)
    address = graphene.Field(Address, required=True)
    latitude = graphene.Float()
    longitude = graphene.Float()

    class Meta:
        model = models.Warehouse
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "is_pickup_point", "is_active", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return _managed_queryset(queryset, info)

    @staticmethod
    def resolve_vendor(root, info):
        return root.vendor

    @staticmethod
    def resolve_address(root, info):
        return root.address

    @staticmethod
    def resolve_latitude(root, info):
        return float(root.latitude) if root.latitude is not None else None

    @staticmethod
    def resolve_longitude(root, info):
        return float(root.longitude) if root.longitude is not None else None


class VendorMember(DjangoObjectType):
    vendor = graphene.Field(Vendor, required=True)
    user = graphene.Field("marketplace.accounts.graphql.types.User", required=True)
    role = graphene.Field(VendorRoleEnum, required=True)

    class Meta:
        model = models.VendorMember
        interfaces = (graphene.relay.Node,)
        fields = ("id", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return _managed_queryset(queryset, info)

    @staticmethod
    def resolve_vendor(root, info):
        return root.vendor

    @staticmethod
    def resolve_user(root, info):
        return root.user

    @staticmethod
    def resolve_role(root, info):
        return enum_value(root.role)


class VendorInvitation(DjangoObjectType):
    vendor = graphene.Field(Vendor, required=True)
    role = graphene.Field(VendorRoleEnum, required=True)

    class Meta:
        model = models.VendorInvitation
        interfaces = (graphene.relay.Node,)
        fields = ("id", "email", "created_at", "expires_at", "accepted_at", "revoked_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return _managed_queryset(queryset, info)

    @staticmethod
    def resolve_vendor(root, info):
        return root.vendor

    @staticmethod
    def resolve_role(root, info):
        return enum_value(root.role)


class VendorReviewRubric(graphene.ObjectType):
    product_quality = graphene.Int()
    materials_finishing = graphene.Int()
    photos = graphene.Int()
    legality = graphene.Int()


class VendorReview(DjangoObjectType):
    decision = graphene.Field(VendorReviewDecisionEnum, required=True)
    rubric = graphene.Field(VendorReviewRubric, required=True)
    reviewer_email = graphene.String()

    class Meta:
        model = models.VendorReview
        interfaces = (graphene.relay.Node,)
        fields = ("id", "reason", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return _managed_queryset(queryset, info)

    @staticmethod
    def resolve_decision(root, info):
        return enum_value(root.decision)

    @staticmethod
    def resolve_rubric(root, info):
        return VendorReviewRubric(
            product_quality=root.product_quality,
            materials_finishing=root.materials_finishing,
            photos=root.photos,
            legality=root.legality,
        )

    @staticmethod
    def resolve_reviewer_email(root, info):
        # Members see the decision and the reason; who reviewed is for staff only.
        if is_marketplace_staff(info.context.user, MANAGE_VENDORS) and root.reviewer:
            return root.reviewer.email
        return None


class VendorDocument(DjangoObjectType):
    kind = graphene.Field(VendorDocumentKindEnum, required=True)

    class Meta:
        model = models.VendorDocument
        interfaces = (graphene.relay.Node,)
        fields = ("id", "number", "valid_until", "verified_at", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return _managed_queryset(queryset, info)

    @staticmethod
    def resolve_kind(root, info):
        return enum_value(root.kind)
