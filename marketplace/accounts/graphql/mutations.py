"""Account mutations: thin wrappers over `marketplace.accounts.services`."""

from __future__ import annotations

import graphene

from marketplace.core.graphql.mutations import BaseMutation

from ..services import auth, tokens
from .inputs import AccountRegisterInput
from .types import User


def client_ip(info) -> str | None:
    return info.context.META.get("REMOTE_ADDR") or None


def user_agent(info) -> str:
    return info.context.META.get("HTTP_USER_AGENT", "")


class AccountRegister(BaseMutation):
    user = graphene.Field(User)

    class Arguments:
        input = AccountRegisterInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = auth.register_user(
            email=input.get("email"),
            password=input.get("password"),
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            language_code=input.get("language_code"),
            ip=client_ip(info),
        )
        return cls(user=_shown_to_requester(user))


class TokenCreate(BaseMutation):
    token = graphene.String(description="Access token (JWT, 15 menit).")
    refresh_token = graphene.String()
    user = graphene.Field(User)

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, email, password):
        user = auth.authenticate_user(email, password, ip=client_ip(info))
        pair = tokens.issue_tokens(user=user, user_agent=user_agent(info), ip=client_ip(info))
        return cls(
            token=pair.access_token,
            refresh_token=pair.refresh_token,
            user=_shown_to_requester(user),
        )


class TokenRefresh(BaseMutation):
    token = graphene.String()
    refresh_token = graphene.String()
    user = graphene.Field(User)

    # refresh_tokens commits the revocation of a reused token's family before it answers an
    # error, so it manages its own transaction.
    atomic = False

    class Arguments:
        refresh_token = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, refresh_token):
        pair = tokens.refresh_tokens(
            refresh_token=refresh_token, user_agent=user_agent(info), ip=client_ip(info)
        )
        return cls(
            token=pair.access_token,
            refresh_token=pair.refresh_token,
            user=_shown_to_requester(pair.user),
        )


class TokenRevoke(BaseMutation):
    """Log out: the refresh token and every token rotated from the same login stop working."""

    class Arguments:
        refresh_token = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, refresh_token):
        tokens.revoke_refresh_token(refresh_token=refresh_token)
        return cls()


def _shown_to_requester(user):
    """The caller just proved to be `user` (password or refresh token), so this payload may show
    the account's private fields although the request itself is anonymous. The request's user is
    left alone: later fields of the same document still run as the original caller."""
    user.shown_to_requester = True
    return user
