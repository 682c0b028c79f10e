import graphene

from marketplace.core.money import format_money


class Money(graphene.ObjectType):
    amount = graphene.Decimal(required=True, description="Whole Rupiah for IDR.")
    currency = graphene.String(required=True)
    formatted = graphene.String(
        required=True, description="E.g. `Rp 125.000`, in the caller's language."
    )

    @staticmethod
    def resolve_formatted(root, info):
        return format_money(root.amount, root.currency)


def enum_value(value):
    """A graphene enum member (or a model's TextChoices member) as the plain value it stands for;
    plain values pass through, so resolvers and inputs need not know which one they hold."""
    return getattr(value, "value", value)


def money(amount, currency: str = "IDR") -> Money | None:
    if amount is None:
        return None
    return Money(amount=amount, currency=currency)


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money)
    stop = graphene.Field(Money)
