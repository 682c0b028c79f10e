"""Account types. `User` is a Node visible to the user themself and to marketplace staff.

Other apps extend `User` by adding fields here (e.g. the orders app adds `orders(first)`).
"""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from vendors.permissions import is_marketplace_staff

from ..models import Address as AddressModel
from ..models import User as UserModel


def _can_see_user(viewer, user) -> bool:
    if getattr(user, "shown_to_requester", False):
        return True
    if viewer is None or not viewer.is_authenticated:
        return False
    return viewer.pk == user.pk or is_marketplace_staff(viewer)


class Address(DjangoObjectType):
    class Meta:
        model = AddressModel
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "first_name",
            "last_name",
            "phone",
            "street_address_1",
            "street_address_2",
            "subdistrict",
            "district",
            "city",
            "province",
            "postal_code",
            "country_code",
            "region_code",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        # Through node() only your own saved addresses (or any, for staff); warehouse and vendor
        # addresses are reached through objects the caller may already see.
        viewer = info.context.user
        if is_marketplace_staff(viewer):
            return queryset
        if viewer is None or not viewer.is_authenticated:
            return queryset.none()
        return queryset.filter(user=viewer)


class User(DjangoObjectType):
    language_code = graphene.String(required=True)
    vendor_memberships = graphene.List(
        graphene.NonNull("vendors.graphql.types.VendorMember"),
        required=True,
        description="Usaha (vendor) tempat pengguna ini bekerja, dengan perannya.",
    )
    orders = graphene.Field(
        "marketplace.orders.graphql.types.OrderCountableConnection",
        first=graphene.Int(required=True),
        after=graphene.String(),
        description="Pesanan pengguna, terbaru dulu (orders app).",
    )

    class Meta:
        model = UserModel
        interfaces = (graphene.relay.Node,)
        fields = ("id", "email", "first_name", "last_name", "is_staff", "date_joined")

    @classmethod
    def get_queryset(cls, queryset, info):
        viewer = info.context.user
        if is_marketplace_staff(viewer):
            return queryset
        if viewer is None or not viewer.is_authenticated:
            return queryset.none()
        return queryset.filter(pk=viewer.pk)

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code

    @staticmethod
    def resolve_orders(root, info, first, after=None):
        from marketplace.core.graphql.pagination import paginate
        from marketplace.orders.graphql.types import OrderCountableConnection

        if not _can_see_user(info.context.user, root):
            return None
        return paginate(
            root.orders.all(),
            info=info,
            first=first,
            after=after,
            connection_type=OrderCountableConnection,
            ordering=["-created_at", "-pk"],
        )

    @staticmethod
    def resolve_vendor_memberships(root, info):
        if not _can_see_user(info.context.user, root):
            return []
        return list(root.vendor_memberships.select_related("vendor").order_by("pk"))
