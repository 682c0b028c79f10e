from __future__ import annotations

import graphene

from marketplace.core.graphql.ids import decode_id, managed_object
from marketplace.core.graphql.mutations import BaseMutation
from marketplace.core.graphql.types import enum_value
from vendors.permissions import require_staff

from ...selectors import MANAGE_PRODUCTS
from ...services import curation as services
from ...services.access import get_product_for_change
from ...services.products import get_product
from ..types import Product


class ProductReviewDecision(graphene.Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


class ProductSubmitForReview(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        product = managed_object(get_product_for_change, user, id, "Product")
        product = services.product_submit_for_review(product=product, actor=user)
        return cls(product=product)


class ProductReview(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True)
        decision = ProductReviewDecision(required=True)
        reason = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, decision, reason=None):
        user = info.context.user
        require_staff(user, MANAGE_PRODUCTS)
        product = get_product(decode_id(id, "Product", field="id"))
        product = services.product_review(
            product=product,
            actor=user,
            decision=enum_value(decision),
            reason=reason or "",
        )
        return cls(product=product)
