"""checkoutComplete stays within its SQL budget.

The budget is ≤ 30 queries for 2 vendors × 2 lines. Re-quoting shipping (fulfillment.api, owned
by the fulfilment app) is measured separately in the same test, so checkout's own share is held
to account here and the quote's share is visible in the output.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fulfillment.api import shipping_options_for_vendor_group
from fulfillment.config import clear_shipping_config
from marketplace.checkout.models import Checkout
from marketplace.checkout.pricing import destination_for, load_lines, parcels_for
from tests.factories import UserFactory

from .support import COMPLETE_LEAN, complete, ready_checkout, seller

pytestmark = pytest.mark.django_db

# What checkoutComplete costs in a test transaction (no after-commit work), 2 vendors × 2 lines:
#   the cart read before any lock (lines with their checkout, delivery
#     choices)                                                               2
#   the idempotency key, the checkout row locked                             2
#   promotions at `now` (variants with their best flash sale, running sales,
#     running free-shipping promotions: 3 whatever the cart size)             3
#   stock rows locked in pk order + live reservations of other checkouts    2
#   commission plans and their per-category rates                          2
#   address, order, vendor orders, lines, allocations, stock UPDATE,
#     payment, order events, outbox events (one INSERT each)                 9
#   the checkout marked completed; savepoint and release (the test's
#     transaction)                                                            3
# Re-quoting shipping costs nothing: fulfilment's configuration and each vendor's quote origin
# are remembered per process (fulfillment/config.py). After commit, in production, the outbox
# publish adds one UPDATE.
CHECKOUT_OWN_BUDGET = 23
TOTAL_BUDGET = 23
TOTAL_TARGET = 30


def _quote_queries(checkout_id) -> int:
    checkout = Checkout.objects.get(pk=checkout_id)
    lines = load_lines(checkout)
    groups: dict = {}
    for line in lines:
        groups.setdefault(line.variant.product.vendor_id, []).append(line)
    with CaptureQueriesContext(connection) as queries:
        for vendor_lines in groups.values():
            shipping_options_for_vendor_group(
                vendor=vendor_lines[0].variant.product.vendor,
                destination=destination_for(checkout.shipping_address),
                parcels=parcels_for(vendor_lines),
            )
    return len(queries)


@pytest.mark.parametrize("gateway", ["cod", "bank_transfer"])
def test_checkout_complete_query_budget(gql, gateway):
    from graphql_relay import from_global_id

    client = gql.as_user(UserFactory())
    _, (a1, a2) = seller(variants=2)
    _, (b1, b2) = seller(variants=2, pkp=True)
    checkout = ready_checkout(client, [(a1, 1), (a2, 2), (b1, 1), (b2, 3)])
    token = from_global_id(checkout["id"])[1]
    clear_shipping_config()
    assert _quote_queries(token) > 0  # configuration and origins loaded once per process...
    quote = _quote_queries(token)  # ...then remembered: what a re-quote costs
    assert quote == 0
    with CaptureQueriesContext(connection) as queries:
        result = complete(client, checkout["id"], gateway=gateway, key="hemat", query=COMPLETE_LEAN)
    assert result["errors"] == []
    own = len(queries) - quote
    print(
        f"\ncheckoutComplete ({gateway}): {len(queries)} queries, of which {quote} re-quote shipping"
    )
    assert own <= CHECKOUT_OWN_BUDGET, "\n".join(q["sql"][:160] for q in queries.captured_queries)
    assert len(queries) <= TOTAL_BUDGET <= TOTAL_TARGET
