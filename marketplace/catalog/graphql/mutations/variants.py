from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import managed_object
from marketplace.core.graphql.mutations import BaseMutation

from ...services import variants as services
from ...services.access import get_product_for_change, get_variant_for_change
from ..types import Product, ProductVariant

_FIELDS = {
    "sku": "sku",
    "name": "name",
    "price": "price",
    "weight_grams": "weight_grams",
    "length_cm": "length_cm",
    "width_cm": "width_cm",
    "height_cm": "height_cm",
    "attributes": "attributes",
}


class ProductVariantCreateInput(graphene.InputObjectType):
    product_id = graphene.ID()
    sku = graphene.String(description="Unique within the vendor.")
    name = graphene.String(description='E.g. "2 x 1,15 m" or "Isi 10".')
    price = graphene.Decimal(description="Whole Rupiah, PPN included.")
    weight_grams = graphene.Int()
    length_cm = graphene.Decimal()
    width_cm = graphene.Decimal()
    height_cm = graphene.Decimal()
    attributes = graphene.JSONString()


class ProductVariantUpdateInput(graphene.InputObjectType):
    sku = graphene.String()
    name = graphene.String()
    price = graphene.Decimal()
    weight_grams = graphene.Int()
    length_cm = graphene.Decimal()
    width_cm = graphene.Decimal()
    height_cm = graphene.Decimal()
    attributes = graphene.JSONString()
    is_active = graphene.Boolean()


class ProductVariantCreate(BaseMutation):
    variant = graphene.Field(ProductVariant)
    product = graphene.Field(Product)

    class Arguments:
        input = ProductVariantCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = info.context.user
        product = managed_object(
            get_product_for_change, user, input.get("product_id"), "Product", field="productId"
        )
        variant = services.variant_create(
            product=product,
            actor=user,
            **{target: input.get(key) for key, target in _FIELDS.items()},
        )
        return cls(variant=variant, product=product)


class ProductVariantUpdate(BaseMutation):
    variant = graphene.Field(ProductVariant)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductVariantUpdateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = info.context.user
        variant = managed_object(get_variant_for_change, user, id, "ProductVariant")
        changes = {target: input[key] for key, target in _FIELDS.items() if key in input}
        if "is_active" in input:
            changes["is_active"] = input["is_active"]
        variant = services.variant_update(variant=variant, actor=user, **changes)
        return cls(variant=variant)


class ProductVariantDelete(BaseMutation):
    deleted_id = graphene.ID()
    deactivated = graphene.Boolean(
        description="True when the variant was already ordered and was deactivated instead."
    )

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        variant = managed_object(get_variant_for_change, user, id, "ProductVariant")
        deleted = services.variant_delete(variant=variant, actor=user)
        return cls(deleted_id=id if deleted else None, deactivated=not deleted)
