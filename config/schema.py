"""The root GraphQL schema: each app contributes a Query and a Mutation class.

Apps own their `graphql/schema.py`; this module only stitches them together, so adding an app's
API never means editing another app's code.
"""

import graphene

from fulfillment.graphql.schema import Mutation as FulfillmentMutation
from fulfillment.graphql.schema import Query as FulfillmentQuery
from marketplace.accounts.graphql.schema import Mutation as AccountsMutation
from marketplace.accounts.graphql.schema import Query as AccountsQuery
from marketplace.catalog.graphql.schema import Mutation as CatalogMutation
from marketplace.catalog.graphql.schema import Query as CatalogQuery
from marketplace.checkout.graphql.schema import Mutation as CheckoutMutation
from marketplace.checkout.graphql.schema import Query as CheckoutQuery
from marketplace.core.graphql.schema import Query as CoreQuery
from marketplace.inventory.graphql.schema import Mutation as InventoryMutation
from marketplace.inventory.graphql.schema import Query as InventoryQuery
from marketplace.notifications.graphql.schema import Mutation as NotificationsMutation
from marketplace.notifications.graphql.schema import Query as NotificationsQuery
from marketplace.orders.graphql.schema import Mutation as OrdersMutation
from marketplace.orders.graphql.schema import Query as OrdersQuery
from marketplace.promotions.graphql.schema import Mutation as PromotionsMutation
from marketplace.promotions.graphql.schema import Query as PromotionsQuery
from payments.graphql.schema import Mutation as PaymentsMutation
from payments.graphql.schema import Query as PaymentsQuery
from vendors.graphql.schema import Mutation as VendorsMutation
from vendors.graphql.schema import Query as VendorsQuery


class Query(
    CoreQuery,
    AccountsQuery,
    VendorsQuery,
    CatalogQuery,
    InventoryQuery,
    CheckoutQuery,
    OrdersQuery,
    PromotionsQuery,
    NotificationsQuery,
    FulfillmentQuery,
    PaymentsQuery,
    graphene.ObjectType,
):
    pass


class Mutation(
    AccountsMutation,
    VendorsMutation,
    CatalogMutation,
    InventoryMutation,
    CheckoutMutation,
    OrdersMutation,
    PromotionsMutation,
    NotificationsMutation,
    FulfillmentMutation,
    PaymentsMutation,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
