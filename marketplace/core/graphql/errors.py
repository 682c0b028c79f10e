import graphene
from graphql import GraphQLError

from marketplace.core.error_codes import ErrorCode as ErrorCodeEnum

ErrorCode = graphene.Enum.from_enum(ErrorCodeEnum, description="Machine-readable error codes.")


class Error(graphene.ObjectType):
    field = graphene.String(description="The input field at fault (camelCase), or null.")
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)


def query_error(message: str, *, code: str = "INVALID", field: str | None = None) -> GraphQLError:
    """A top-level error for queries (mutations answer `errors` in their payload instead)."""
    extensions = {"code": code}
    if field:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)
