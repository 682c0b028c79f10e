import graphene

from .mutations import AccountRegister, TokenCreate, TokenRefresh, TokenRevoke
from .types import User


class Query(graphene.ObjectType):
    me = graphene.Field(User, description="Pengguna yang sedang masuk, atau null.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user is not None and user.is_authenticated else None


class Mutation(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
    token_revoke = TokenRevoke.Field()
