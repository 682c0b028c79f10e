"""No oversell and no deadlock when many shoppers complete at the same moment.

Each concurrent call runs in its own thread with its own database connection, released together
by a barrier. The race is for the *last* units: an earlier order already holds allocations on the
stock row, so an availability check that forgot existing allocations (Saleor's bug: 42 orders for
5 units) would let more than 5 orders through, or fail with a database error instead of
INSUFFICIENT_STOCK — both fail this test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from fulfillment.api import shipping_options_for_vendor_group
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.pricing import destination_for, parcels_for
from marketplace.inventory.models import Allocation, Stock
from marketplace.orders.models import Order, VendorOrderLine
from tests.conftest import GraphQLClient

from .support import COMPLETE_LEAN, complete, gid, ready_checkout, run_together, seller

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SHOPPERS = 50
LAST_UNITS = 5
ROUNDS = int(__import__("os").environ.get("RACE_ROUNDS", "20"))
ADDRESS_DATA = {
    "first_name": "Budi",
    "last_name": "",
    "phone": "+6281234567890",
    "street_address_1": "Jl. Pemuda 1",
    "street_address_2": "",
    "subdistrict": "Sekayu",
    "district": "Semarang Tengah",
    "city": "Kota Semarang",
    "province": "Jawa Tengah",
    "postal_code": "50132",
    "country_code": "ID",
    "region_code": "33.74.01.1007",
}


def _carts(lines_per_cart: list[list[tuple]]) -> list[Checkout]:
    """Ready guest carts written straight to the database (the race is what is under test)."""
    option_ids = {}
    for variant in {v for lines in lines_per_cart for v, _ in lines}:
        if variant.vendor_id not in option_ids:
            option_ids[variant.vendor_id] = shipping_options_for_vendor_group(
                vendor=variant.vendor,
                destination=destination_for(ADDRESS_DATA),
                parcels=parcels_for([CheckoutLine(variant=variant, quantity=1)]),
            )[0].id
    carts = Checkout.objects.bulk_create(
        [
            Checkout(email="pembeli@example.id", shipping_address=ADDRESS_DATA)
            for _ in lines_per_cart
        ]
    )
    CheckoutLine.objects.bulk_create(
        [
            CheckoutLine(checkout=c, variant=v, quantity=q)
            for c, lines in zip(carts, lines_per_cart, strict=True)
            for v, q in lines
        ]
    )
    CheckoutDelivery.objects.bulk_create(
        [
            CheckoutDelivery(
                checkout=c, vendor_id=vendor_id, shipping_option_id=option_ids[vendor_id]
            )
            for c, lines in zip(carts, lines_per_cart, strict=True)
            for vendor_id in {v.vendor_id for v, _ in lines}
        ]
    )
    return carts


def _complete_call(checkout: Checkout, key: str):
    def call():
        body = GraphQLClient().execute(
            COMPLETE_LEAN, {"id": gid("Checkout", checkout.pk), "gateway": "cod", "key": key}
        )
        if "errors" in body:
            return ("GRAPHQL_ERROR", body["errors"][0]["message"])
        payload = body["data"]["checkoutComplete"]
        if payload["errors"]:
            return (payload["errors"][0]["code"], payload["errors"][0]["message"])
        return ("OK", payload["order"]["id"])

    return call


def test_fifty_shoppers_racing_for_the_last_five_units_never_oversell(gql):
    for round_number in range(ROUNDS):
        vendor, variant = seller(price=Decimal("85000"), quantity=2 * LAST_UNITS)
        # Half the shelf already belongs to an earlier order: only LAST_UNITS are left.
        earlier = ready_checkout(gql, [(variant, LAST_UNITS)])
        assert complete(gql, earlier["id"], key=f"earlier-{round_number}")["errors"] == []
        carts = _carts([[(variant, 1)] for _ in range(SHOPPERS)])

        outcomes = run_together(
            [_complete_call(c, f"race-{round_number}-{i}") for i, c in enumerate(carts)]
        )

        codes = [o[0] if isinstance(o, tuple) else repr(o) for o in outcomes]
        assert codes.count("OK") == LAST_UNITS, (round_number, sorted(set(map(str, outcomes))))
        assert codes.count("INSUFFICIENT_STOCK") == SHOPPERS - LAST_UNITS, sorted(
            set(map(str, outcomes))
        )
        stock = Stock.objects.get(variant=variant)
        assert stock.quantity == 2 * LAST_UNITS
        assert stock.quantity_allocated == stock.quantity  # never more than the shelf
        assert (
            Allocation.objects.filter(stock=stock).aggregate(s=Sum("quantity"))["s"]
            == stock.quantity
        )
        sold = VendorOrderLine.objects.filter(variant=variant).aggregate(s=Sum("quantity"))["s"]
        assert sold == 2 * LAST_UNITS
        assert Order.objects.filter(vendor_orders__vendor=vendor).count() == 1 + LAST_UNITS


def test_carts_holding_the_same_variants_in_opposite_order_complete_without_deadlock():
    _, (first, second) = seller(quantity=100, variants=2)
    _, third = seller(quantity=100)
    for round_number in range(10):
        carts = _carts(
            [[(first, 1), (second, 1), (third, 1)], [(third, 1), (second, 1), (first, 1)]] * 4
        )
        outcomes = run_together(
            [_complete_call(c, f"dl-{round_number}-{i}") for i, c in enumerate(carts)]
        )
        assert [o[0] for o in outcomes] == ["OK"] * len(carts), outcomes
    assert Stock.objects.get(variant=first).quantity_allocated == 80
    assert Stock.objects.get(variant=third).quantity_allocated == 80


def test_a_delivery_choice_waiting_on_a_completion_in_progress_is_refused_and_writes_nothing(gql):
    """The choice's UPDATE of the checkout row waits on the completion's row lock and, once the
    order is committed, finds the cart completed: NOT_FOUND, no delivery row touched."""
    import threading

    from django.db import connections, transaction
    from django.utils import timezone

    from .support import DELIVERY_UPDATE, create_checkout

    vendor, variant = seller()
    checkout = create_checkout(gql, [(variant, 1)])
    group = checkout["vendorGroups"][0]
    variables = {
        "id": checkout["id"],
        "vendorId": group["vendor"]["id"],
        "optionId": group["shippingOptions"][0]["id"],
    }
    token = Checkout.objects.get().pk

    locked, answer = threading.Event(), {}

    def completion_in_progress():
        try:
            with transaction.atomic():
                Checkout.objects.select_for_update().get(pk=token)
                locked.set()
                waiting_started = timezone.now()
                # Hold the lock until the other request is visibly waiting on it (or 5 s).
                while (timezone.now() - waiting_started).total_seconds() < 5:
                    if _waiting_on_a_lock():
                        break
                Checkout.objects.filter(pk=token).update(completed_at=timezone.now())
        finally:
            connections.close_all()

    def choose_again():
        try:
            assert locked.wait(10)
            answer.update(gql.execute(DELIVERY_UPDATE, variables))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=completion_in_progress),
        threading.Thread(target=choose_again),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    payload = answer["data"]["checkoutDeliveryMethodUpdate"]
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert not CheckoutDelivery.objects.exists()  # nothing written for the order's cart


def _waiting_on_a_lock() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0
