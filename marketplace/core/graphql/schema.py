import graphene


class Query(graphene.ObjectType):
    node = graphene.relay.Node.Field(description="Any object the caller may see, by global id.")
