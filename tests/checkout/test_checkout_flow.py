"""A cart with several sellers: grouping, delivery choice, totals, PPN, completion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.inventory.models import Allocation, Stock
from marketplace.notifications.models import OutboxEvent
from marketplace.orders.models import Order, VendorOrder
from tests.factories import UserFactory

from .support import (
    ADDRESS,
    CHECKOUT_CREATE,
    ORDER,
    complete,
    create_checkout,
    gid,
    ready_checkout,
    seller,
)

pytestmark = pytest.mark.django_db


def test_two_vendors_are_grouped_and_priced(gql):
    vendor_a, batik = seller(price=Decimal("150000"))
    vendor_b, bandeng = seller(price=Decimal("45000"), pkp=True)
    checkout = create_checkout(gql, [(batik, 2), (bandeng, 3)])

    groups = {g["vendor"]["id"]: g for g in checkout["vendorGroups"]}
    assert set(groups) == {gid("Vendor", vendor_a.pk), gid("Vendor", vendor_b.pk)}
    assert groups[gid("Vendor", vendor_a.pk)]["subtotal"]["amount"] == "300000"
    assert groups[gid("Vendor", vendor_b.pk)]["subtotal"]["amount"] == "135000"
    # PPN is inside the price and recorded only for the PKP vendor: 135000 × 11/111 = 13378.
    assert groups[gid("Vendor", vendor_a.pk)]["tax"]["amount"] == "0"
    assert groups[gid("Vendor", vendor_b.pk)]["tax"]["amount"] == "13378"
    assert checkout["subtotal"]["amount"] == "435000"
    assert checkout["shippingTotal"]["amount"] == "0"  # nothing chosen yet
    assert all(g["shippingOptions"] for g in checkout["vendorGroups"])
    assert {g["id"] for g in checkout["availablePaymentGateways"]} >= {"bank_transfer", "cod"}


def test_completing_creates_one_order_and_a_vendor_order_per_vendor(gql):
    shopper = UserFactory()
    client = gql.as_user(shopper)
    vendor_a, batik = seller(price=Decimal("150000"), quantity=5)
    vendor_b, bandeng = seller(price=Decimal("45000"), quantity=5)
    checkout = ready_checkout(client, [(batik, 2), (bandeng, 1)])

    result = complete(client, checkout["id"], gateway="cod", key="k-1")

    assert result["errors"] == []
    order = result["order"]
    shipping = sum(
        Decimal(g["shippingOptions"][0]["price"]["amount"]) for g in checkout["vendorGroups"]
    )
    assert Decimal(order["total"]["amount"]) == Decimal("345000") + shipping
    assert order["status"] == "UNPAID"
    numbers = sorted(vo["number"] for vo in order["vendorOrders"])
    assert numbers == [f"{order['number']}-1", f"{order['number']}-2"]
    assert order["number"].startswith("GI-")
    assert Stock.objects.get(variant=batik).quantity_allocated == 2
    assert Allocation.objects.count() == 2
    assert OutboxEvent.objects.filter(kind="order.placed").count() == 3
    assert set(
        OutboxEvent.objects.filter(kind="order.placed").values_list("vendor_id", flat=True)
    ) == {None, vendor_a.pk, vendor_b.pk}
    seen = client.data(ORDER, {"id": order["id"]})["order"]
    assert seen["email"] == "pembeli@example.id"
    assert {e["type"] for e in seen["events"]} >= {"order.placed", "vendor_order.placed"}


def test_the_same_key_returns_the_same_order_and_a_changed_body_is_refused(gql):
    _, batik = seller(quantity=5)
    checkout = ready_checkout(gql, [(batik, 1)])
    first = complete(gql, checkout["id"], gateway="cod", key="sama")
    again = complete(gql, checkout["id"], gateway="cod", key="sama")
    assert again["errors"] == []
    assert again["order"]["id"] == first["order"]["id"]
    reused = complete(gql, checkout["id"], gateway="bank_transfer", key="sama")
    assert reused["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert reused["order"] is None
    assert Order.objects.count() == 1
    assert Stock.objects.get(variant=batik).quantity_allocated == 1


def test_out_of_stock_names_the_lines_and_writes_nothing(gql):
    _, batik = seller(quantity=5)
    _, bandeng = seller(quantity=1)
    checkout = ready_checkout(gql, [(batik, 2), (bandeng, 1)])
    Stock.objects.filter(variant=bandeng).update(quantity=0)

    result = complete(gql, checkout["id"], key="habis")

    assert result["order"] is None
    assert result["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert result["errors"][0]["field"] == "lines"
    assert bandeng.product.name in result["errors"][0]["message"]
    assert Order.objects.count() == 0 and VendorOrder.objects.count() == 0
    assert Stock.objects.get(variant=batik).quantity_allocated == 0
    assert OutboxEvent.objects.filter(kind="order.placed").count() == 0


def test_completion_requires_a_delivery_choice_per_vendor(gql):
    _, batik = seller()
    checkout = create_checkout(gql, [(batik, 1)])
    result = complete(gql, checkout["id"], key="tanpa-kurir")
    assert result["errors"][0]["code"] == "SHIPPING_METHOD_REQUIRED"
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"postalCode": "5013"}, "INVALID_POSTAL_CODE", "shippingAddress.postalCode"),
        ({"postalCode": "99999"}, "INVALID_POSTAL_CODE", "shippingAddress.postalCode"),
        ({"phone": "12"}, "INVALID_PHONE", "shippingAddress.phone"),
        ({"city": ""}, "REQUIRED", "shippingAddress.city"),
    ],
)
def test_bad_addresses_are_refused_with_a_code(gql, change, code, field):
    _, batik = seller()
    body = gql.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "email": "a@example.id",
                "lines": [{"variantId": gid("ProductVariant", batik.pk), "quantity": 1}],
                "shippingAddress": {**ADDRESS, **change},
            }
        },
    )
    errors = body["data"]["checkoutCreate"]["errors"]
    assert (code, field) in {(e["code"], e["field"]) for e in errors}


def test_quantity_beyond_availability_is_refused(gql):
    _, batik = seller(quantity=2)
    body = gql.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "email": "a@example.id",
                "lines": [{"variantId": gid("ProductVariant", batik.pk), "quantity": 3}],
            }
        },
    )
    assert body["data"]["checkoutCreate"]["errors"][0]["code"] == "INSUFFICIENT_STOCK"


def test_a_signed_in_cart_follows_the_shopper_to_another_device(gql):
    shopper = UserFactory()
    _, batik = seller()
    _, bandeng = seller()
    laptop = gql.as_user(shopper)
    phone = gql.as_user(shopper)  # another token, as after logging in elsewhere
    first = create_checkout(laptop, [(batik, 1)])
    second = create_checkout(phone, [(bandeng, 2)])
    assert second["id"] == first["id"]
    mine = phone.data("{ myCheckout { id lines { variantId quantity } } }")["myCheckout"]
    assert mine["id"] == first["id"]
    assert {(line["variantId"], line["quantity"]) for line in mine["lines"]} == {
        (gid("ProductVariant", batik.pk), 1),
        (gid("ProductVariant", bandeng.pk), 2),
    }
    stranger = gql.as_user(UserFactory())
    assert (
        stranger.data("query($id: ID!) { checkout(id: $id) { id } }", {"id": first["id"]})[
            "checkout"
        ]
        is None
    )


def test_another_shopper_cannot_read_my_order(gql):
    shopper = UserFactory()
    _, batik = seller()
    client = gql.as_user(shopper)
    checkout = ready_checkout(client, [(batik, 1)])
    order = complete(client, checkout["id"])["order"]
    assert gql.as_user(UserFactory()).data(ORDER, {"id": order["id"]})["order"] is None
    assert gql.data(ORDER, {"id": order["id"]})["order"] is None
    assert client.data(ORDER, {"id": order["id"]})["order"]["number"] == order["number"]
