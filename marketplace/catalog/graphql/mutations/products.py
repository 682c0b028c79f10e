from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import decode_id, managed_object
from marketplace.core.graphql.mutations import BaseMutation

from ...services import products as services
from ...services.access import get_product_for_change, require_vendor_member
from ..types import Product


class CertificationInput(graphene.InputObjectType):
    kind = graphene.String(description="HALAL, PIRT, BPOM, SNI, NIB or OTHER.")
    number = graphene.String()


class ProductCreateInput(graphene.InputObjectType):
    vendor_id = graphene.ID(description="The vendor the caller works for.")
    name = graphene.String()
    description = graphene.String()
    category_id = graphene.ID()
    attributes = graphene.JSONString(description='E.g. {"motif": "Asem Arang", "bahan": "katun"}.')
    certifications = graphene.List(graphene.NonNull(CertificationInput))


class ProductUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    category_id = graphene.ID()
    attributes = graphene.JSONString()
    certifications = graphene.List(graphene.NonNull(CertificationInput))


def _optional_category_id(data) -> int | None:
    value = data.get("category_id")
    if value in (None, ""):
        return None
    return decode_id(value, "Category", field="categoryId")


def _certifications(value):
    if value is None:
        return None
    return [dict(item) for item in value]


class ProductCreate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        input = ProductCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = info.context.user
        vendor_id = decode_id(input.get("vendor_id"), "Vendor", field="vendorId")
        require_vendor_member(user, vendor_id, field="vendorId")
        from vendors.models import Vendor

        vendor = Vendor.objects.get(pk=vendor_id)
        product = services.product_create(
            vendor=vendor,
            actor=user,
            name=input.get("name"),
            description=input.get("description") or "",
            category_id=_optional_category_id(input),
            attributes=input.get("attributes"),
            certifications=_certifications(input.get("certifications")),
        )
        return cls(product=product)


class ProductUpdate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductUpdateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = info.context.user
        product = managed_object(get_product_for_change, user, id, "Product")
        changes = {}
        for key in ("name", "description", "attributes"):
            if key in input:
                changes[key] = input[key]
        if "category_id" in input:
            changes["category_id"] = _optional_category_id(input)
        if "certifications" in input:
            changes["certifications"] = _certifications(input["certifications"])
        product = services.product_update(product=product, actor=user, **changes)
        return cls(product=product)


class ProductDelete(BaseMutation):
    deleted_id = graphene.ID(description="The id of the deleted product.")

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        product = managed_object(get_product_for_change, user, id, "Product")
        services.product_delete(product=product, actor=user)
        return cls(deleted_id=id)
