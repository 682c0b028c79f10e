from __future__ import annotations

import graphene

from marketplace.core.exceptions import DomainError
from marketplace.core.graphql.ids import decode_ids, managed_object
from marketplace.core.graphql.mutations import BaseMutation

from ...services import images as services
from ...services.access import get_image_for_change, get_product_for_change
from ..types import Product, ProductImage


class ProductImageCreate(BaseMutation):
    image = graphene.Field(ProductImage)
    product = graphene.Field(Product)

    class Arguments:
        product_id = graphene.ID(required=True)
        image_base64 = graphene.String(
            required=True,
            description="The file as base64 (a `data:image/...;base64,` prefix is allowed); "
            "JPEG, PNG or WEBP up to MAX_IMAGE_UPLOAD_BYTES.",
        )
        filename = graphene.String()
        alt = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, product_id, image_base64, filename=None, alt=None):
        user = info.context.user
        product = managed_object(
            get_product_for_change, user, product_id, "Product", field="productId"
        )
        if filename is not None and len(filename) > 255:
            raise DomainError(
                "Nama berkas maksimal 255 karakter.", code="MAX_LENGTH", field="filename"
            )
        data = services.decode_base64_image(image_base64)
        image = services.image_create(product=product, actor=user, data=data, alt=alt or "")
        return cls(image=image, product=product)


class ProductImageDelete(BaseMutation):
    deleted_id = graphene.ID()
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        image = managed_object(get_image_for_change, user, id, "ProductImage")
        product = image.product
        services.image_delete(image=image, actor=user)
        return cls(deleted_id=id, product=product)


class ProductImageReorder(BaseMutation):
    product = graphene.Field(Product)
    images = graphene.List(graphene.NonNull(ProductImage))

    class Arguments:
        product_id = graphene.ID(required=True)
        image_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    @classmethod
    def perform_mutation(cls, root, info, product_id, image_ids):
        user = info.context.user
        product = managed_object(
            get_product_for_change, user, product_id, "Product", field="productId"
        )
        if len(image_ids) > 100:
            raise DomainError("Terlalu banyak foto.", code="INVALID", field="imageIds")
        ids = decode_ids(image_ids, "ProductImage", field="imageIds")
        images = services.image_reorder(product=product, actor=user, image_ids=ids)
        return cls(product=product, images=images)
