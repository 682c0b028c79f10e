"""Money: whole-Rupiah `Decimal` amounts with a currency code, never floats.

Formatting uses Babel's CLDR data (`Rp 125.000` in Indonesian, `IDR 125,000` in English).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.utils import translation

ZERO = Decimal("0")
# The largest price a single variant may carry (Rp 1 milyar): anything above is a typo.
MAX_PRICE = Decimal("1000000000")


def quantize_rupiah(amount: Decimal | int | str) -> Decimal:
    """Round to whole Rupiah, half up, as Indonesian invoices do."""
    return Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "IDR"

    @classmethod
    def idr(cls, amount: Decimal | int | str) -> Money:
        return cls(quantize_rupiah(amount), "IDR")

    def __add__(self, other: Money) -> Money:
        assert self.currency == other.currency
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        assert self.currency == other.currency
        return Money(self.amount - other.amount, self.currency)


def format_money(
    amount: Decimal | int, currency: str | None = None, locale: str | None = None
) -> str:
    currency = currency or settings.DEFAULT_CURRENCY
    language = locale or translation.get_language() or settings.LANGUAGE_CODE
    babel_locale = "id_ID" if language.startswith("id") else "en_US"
    if babel_locale == "id_ID" and currency == "IDR":
        # CLDR writes "Rp125.000"; Indonesian shops and invoices write "Rp 125.000".
        text = format_currency(
            Decimal(amount), "IDR", locale="id_ID", format="¤ #,##0", currency_digits=False
        )
        return text.replace("\xa0", " ")
    return format_currency(
        Decimal(amount), currency, locale=babel_locale, format="¤#,##0", currency_digits=False
    ).replace("\xa0", " ")
