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
from marketplace.checkout.models import Checkout
from marketplace.checkout.pricing import destination_for, load_lines, parcels_for
from tests.factories import UserFactory

from .support import COMPLETE_LEAN, complete, ready_checkout, seller

pytestmark = pytest.mark.django_db

# 22 before promotions were wired in; +3 for pricing with promotions: the variants with their best
# running flash sale, the running sales, the running free-shipping promotions
# (`promotions.selectors.collect_promotions`, 3 queries whatever the cart size; they cannot come
# from rows checkout already holds because they are other tables, read at `now`). Redemption adds
# nothing when the cart uses no voucher or flash sale (complete.py only calls it then); with a
# voucher see tests/checkout/test_promotions_checkout.py::test_voucher_checkout_query_count.
# +1 since shipping is re-quoted before any lock: complete._quote_before_locking reads the
# checkout unlocked (its lines and delivery choices are reused under the lock when the locked
# row's updated_at shows no cart change in between).
CHECKOUT_OWN_BUDGET = 26
# Fulfilment's configuration (zones, tariffs, same-day, hub, closures) is cached per process
# (fulfillment/config.py), so a vendor group's re-quote costs 1 query (its pickup warehouse),
# down from 8. Measured: 28 in all for 2 vendors × 2 lines (was 38–40).
QUOTE_BUDGET_PER_GROUP = 2
TOTAL_BUDGET = 28
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
    quote = _quote_queries(from_global_id(checkout["id"])[1])
    with CaptureQueriesContext(connection) as queries:
        result = complete(client, checkout["id"], gateway=gateway, key="hemat", query=COMPLETE_LEAN)
    assert result["errors"] == []
    own = len(queries) - quote
    print(
        f"\ncheckoutComplete ({gateway}): {len(queries)} queries, of which {quote} re-quote shipping"
    )
    assert own <= CHECKOUT_OWN_BUDGET, "\n".join(q["sql"][:160] for q in queries.captured_queries)
    assert quote <= 2 * QUOTE_BUDGET_PER_GROUP
    assert len(queries) <= TOTAL_BUDGET <= TOTAL_TARGET
