"""Helpers for checkout, order and payment tests: sellers with stock, ready carts, operations."""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connections
from graphql_relay import to_global_id

from tests.factories import (
    ProductFactory,
    StockFactory,
    VariantFactory,
    VendorFactory,
    VendorMemberFactory,
)

ADDRESS = {
    "firstName": "Budi",
    "lastName": "Santoso",
    "phone": "081234567890",
    "streetAddress1": "Jl. Pemuda No. 1",
    "subdistrict": "Sekayu",
    "district": "Semarang Tengah",
    "city": "Kota Semarang",
    "province": "Jawa Tengah",
    "postalCode": "50132",
}

CHECKOUT_FIELDS = """
    id email isCompleted
    lines { id variantId quantity unitPrice { amount } total { amount } quantityAvailable }
    vendorGroups {
      vendor { id name }
      lines { variantId quantity }
      shippingOptions { id name carrier price { amount } estimatedDeliveryDate }
      selectedShippingOption { id }
      subtotal { amount } shippingPrice { amount } tax { amount } total { amount }
    }
    subtotal { amount } shippingTotal { amount } discountTotal { amount } taxTotal { amount }
    total { amount }
    availablePaymentGateways { id name }
"""

CHECKOUT_CREATE = f"""
mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT_FIELDS} }} errors {{ field code message }} }}
}}"""

DELIVERY_UPDATE = """
mutation($id: ID!, $vendorId: ID!, $optionId: String!) {
  checkoutDeliveryMethodUpdate(id: $id, vendorId: $vendorId, shippingOptionId: $optionId) {
    checkout { id shippingTotal { amount } total { amount } } errors { field code message }
  }
}"""

COMPLETE = """
mutation($id: ID!, $gateway: String!, $key: String!) {
  checkoutComplete(id: $id, paymentGateway: $gateway, idempotencyKey: $key) {
    order { id number status total { amount } vendorOrders { id number status vendor { id } total { amount } } }
    payment { id gateway status clientSecret instructions }
    errors { field code message }
  }
}"""

COMPLETE_LEAN = """
mutation($id: ID!, $gateway: String!, $key: String!) {
  checkoutComplete(id: $id, paymentGateway: $gateway, idempotencyKey: $key) {
    order { id number status total { amount } }
    payment { id gateway status clientSecret }
    errors { field code message }
  }
}"""

ORDER = """
query($id: ID!) {
  order(id: $id) {
    id number status email paymentGateway total { amount } subtotal { amount } shippingTotal { amount } taxTotal { amount }
    vendorOrders { id number status vendor { id } total { amount } commission { amount } refundedAmount { amount }
      lines { sku quantity unitPrice { amount } total { amount } tax { amount } } }
    payments { id gateway status amount { amount } capturedAmount { amount } refundedAmount { amount } }
    events { type fromStatus toStatus actorLabel }
  }
}"""


def gid(type_name: str, pk) -> str:
    return to_global_id(type_name, pk)


def seller(*, price=Decimal("150000"), quantity=10, vendor=None, owner=None, pkp=False, variants=1):
    """An approved vendor (with an owner) selling `variants` published variants with stock."""
    vendor = vendor or VendorFactory(is_pkp=pkp)
    if owner is not None:
        VendorMemberFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor)
    made = []
    for _ in range(variants):
        variant = VariantFactory(product=product, price=price)
        StockFactory(variant=variant, quantity=quantity)
        made.append(variant)
    return (vendor, made[0]) if variants == 1 else (vendor, made)


def create_checkout(client, lines, *, email="pembeli@example.id", address=ADDRESS) -> dict:
    body = client.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "email": email,
                "lines": [
                    {"variantId": gid("ProductVariant", v.pk), "quantity": q} for v, q in lines
                ],
                "shippingAddress": address,
            }
        },
    )
    payload = body["data"]["checkoutCreate"]
    assert payload["errors"] == [], payload["errors"]
    return payload["checkout"]


def choose_cheapest_delivery(client, checkout: dict) -> dict:
    result = None
    for group in checkout["vendorGroups"]:
        option = group["shippingOptions"][0]
        body = client.execute(
            DELIVERY_UPDATE,
            {"id": checkout["id"], "vendorId": group["vendor"]["id"], "optionId": option["id"]},
        )
        result = body["data"]["checkoutDeliveryMethodUpdate"]
        assert result["errors"] == [], result["errors"]
    return result["checkout"]


def ready_checkout(client, lines, **kwargs) -> dict:
    checkout = create_checkout(client, lines, **kwargs)
    choose_cheapest_delivery(client, checkout)
    return checkout


def complete(client, checkout_id: str, *, gateway="cod", key="kunci-1", query=COMPLETE) -> dict:
    body = client.execute(query, {"id": checkout_id, "gateway": gateway, "key": key})
    assert "errors" not in body, body
    return body["data"]["checkoutComplete"]


def run_together(functions, *, timeout=120):
    """Run callables at once, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait(timeout=timeout)
            results[index] = function()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a concurrent call hung (deadlock?)"
    return results
