"""Fixtures for the promotions suite: a vendor with an owner, products, and a staff user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import (
    CategoryFactory,
    ProductFactory,
    StaffFactory,
    StockFactory,
    UserFactory,
    VariantFactory,
    VendorFactory,
    VendorMemberFactory,
)


@dataclass
class Shop:
    vendor: object
    owner: object
    product: object
    variant: object
    category: object


def make_shop(price: Decimal = Decimal("350000"), stock: int = 500, category=None) -> Shop:
    vendor = VendorFactory()
    owner = UserFactory()
    VendorMemberFactory(vendor=vendor, user=owner)
    category = category or CategoryFactory()
    product = ProductFactory(vendor=vendor, category=category)
    variant = VariantFactory(product=product, price=price)
    StockFactory(variant=variant, quantity=stock)
    return Shop(vendor, owner, product, variant, category)


@pytest.fixture
def shop(db) -> Shop:
    return make_shop()


@pytest.fixture
def other_shop(db) -> Shop:
    return make_shop(price=Decimal("120000"))


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def shopper(db):
    return UserFactory()
