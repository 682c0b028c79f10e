"""Promotions through the public GraphQL API: who may create what, and coded errors that change
nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from marketplace.promotions.models import Campaign, CampaignEntry, FlashSale, Sale, Voucher

from .conftest import make_shop

pytestmark = pytest.mark.django_db

VOUCHER_CREATE = """
mutation($input: VoucherInput!) {
  voucherCreate(input: $input) {
    voucher { id code type value fundedBy status vendorId productIds minSpend { amount } }
    errors { field code message }
  }
}"""
VOUCHER_UPDATE = """
mutation($id: ID!, $input: VoucherInput!) {
  voucherUpdate(id: $id, input: $input) { voucher { id name usageLimit } errors { field code message } }
}"""
SALE_CREATE = """
mutation($input: SaleInput!) {
  saleCreate(input: $input) { sale { id name status fundedBy } errors { field code message } }
}"""
FLASH_CREATE = """
mutation($input: FlashSaleInput!) {
  flashSaleCreate(input: $input) {
    flashSale { id price { amount } quantity remaining status secondsLeft }
    errors { field code message }
  }
}"""
PRICES = """
query($ids: [ID!]!) {
  promotionPrices(variantIds: $ids) {
    variantId undiscounted { amount } current { amount } onSale promotionKind promotionLabel endsAt
  }
}"""


def gid(kind, pk):
    return to_global_id(kind, pk)


def iso(dt):
    return dt.isoformat()


def window(hours=24):
    now = timezone.now()
    return {
        "startsAt": iso(now - timedelta(minutes=1)),
        "endsAt": iso(now + timedelta(hours=hours)),
    }


def test_staff_creates_a_platform_voucher(gql, staff):
    body = gql.as_user(staff).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "batik10",
                "name": "Hari Batik",
                "type": "PERCENTAGE",
                "value": "10",
                "minSpend": "100000",
                "maxDiscount": "50000",
                "usageLimit": 100,
                **window(),
            }
        },
    )
    payload = body["data"]["voucherCreate"]
    assert payload["errors"] == []
    assert payload["voucher"]["code"] == "BATIK10"
    assert payload["voucher"]["fundedBy"] == "PLATFORM"
    assert payload["voucher"]["status"] == "ACTIVE"
    assert payload["voucher"]["minSpend"]["amount"] == "100000"


def test_a_vendor_runs_a_vendor_funded_voucher_on_its_own_products(gql, shop):
    body = gql.as_user(shop.owner).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "GUNUNGPATI",
                "name": "Diskon toko",
                "type": "FIXED",
                "value": "20000",
                "vendorId": gid("Vendor", shop.vendor.pk),
                "productIds": [gid("Product", shop.product.pk)],
                **window(),
            }
        },
    )
    payload = body["data"]["voucherCreate"]
    assert payload["errors"] == []
    assert payload["voucher"]["fundedBy"] == "VENDOR"
    assert payload["voucher"]["productIds"] == [gid("Product", shop.product.pk)]


def test_vendor_b_cannot_discount_vendor_a_products(gql, shop, other_shop):
    """Every way in answers NOT_FOUND, as for an id that does not exist, and creates nothing."""
    b = gql.as_user(other_shop.owner)
    own_vendor = gid("Vendor", other_shop.vendor.pk)
    attempts = [
        (
            VOUCHER_CREATE,
            {
                "input": {
                    "code": "CURANG",
                    "name": "x",
                    "type": "FIXED",
                    "value": "1000",
                    "vendorId": own_vendor,
                    "productIds": [gid("Product", shop.product.pk)],
                    **window(),
                }
            },
            "voucherCreate",
            "productIds",
        ),
        (
            VOUCHER_CREATE,
            {
                "input": {
                    "code": "CURANG2",
                    "name": "x",
                    "type": "FIXED",
                    "value": "1000",
                    "vendorId": gid("Vendor", shop.vendor.pk),
                    **window(),
                }
            },
            "voucherCreate",
            "vendorId",
        ),
        (
            SALE_CREATE,
            {
                "input": {
                    "name": "x",
                    "type": "PERCENTAGE",
                    "value": "50",
                    "vendorId": gid("Vendor", shop.vendor.pk),
                    **window(),
                }
            },
            "saleCreate",
            "vendorId",
        ),
        (
            SALE_CREATE,
            {
                "input": {
                    "name": "x",
                    "type": "PERCENTAGE",
                    "value": "50",
                    "vendorId": own_vendor,
                    "productIds": [gid("Product", shop.product.pk)],
                    **window(),
                }
            },
            "saleCreate",
            "productIds",
        ),
        (
            FLASH_CREATE,
            {
                "input": {
                    "variantId": gid("ProductVariant", shop.variant.pk),
                    "price": "1000",
                    "quantity": 5,
                    **window(2),
                }
            },
            "flashSaleCreate",
            "variantId",
        ),
    ]
    for query, variables, name, field in attempts:
        payload = b.execute(query, variables)["data"][name]
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", field)], name
    # A nonexistent product answers exactly the same.
    payload = b.execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "CURANG3",
                "name": "x",
                "type": "FIXED",
                "value": "1000",
                "vendorId": own_vendor,
                "productIds": [gid("Product", 999999)],
                **window(),
            }
        },
    )["data"]["voucherCreate"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "productIds")]
    assert Voucher.objects.count() == Sale.objects.count() == FlashSale.objects.count() == 0

    # Nor can B edit A's voucher.
    a_voucher = gql.as_user(shop.owner).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "PUNYAA",
                "name": "A",
                "type": "FIXED",
                "value": "1000",
                "vendorId": gid("Vendor", shop.vendor.pk),
                **window(),
            }
        },
    )["data"]["voucherCreate"]["voucher"]
    payload = b.execute(VOUCHER_UPDATE, {"id": a_voucher["id"], "input": {"value": "300000"}})
    assert payload["data"]["voucherUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    assert Voucher.objects.get().value == Decimal("1000")


def test_vendor_staff_cannot_create_platform_promotions(gql, shop):
    payload = gql.as_user(shop.owner).execute(
        VOUCHER_CREATE,
        {"input": {"code": "SEMUA", "name": "x", "type": "FIXED", "value": "1000", **window()}},
    )["data"]["voucherCreate"]
    assert payload["errors"][0]["code"] == "PERMISSION_DENIED"
    payload = gql.as_user(shop.owner).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "SEMUA",
                "name": "x",
                "type": "FIXED",
                "value": "1000",
                "fundedBy": "PLATFORM",
                "vendorId": gid("Vendor", shop.vendor.pk),
                **window(),
            }
        },
    )["data"]["voucherCreate"]
    assert payload["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Voucher.objects.count() == 0


@pytest.mark.parametrize(
    "changes, field, code",
    [
        ({"value": "0"}, "value", "OUT_OF_RANGE"),
        ({"value": "-5"}, "value", "OUT_OF_RANGE"),
        ({"type": "PERCENTAGE", "value": "101"}, "value", "OUT_OF_RANGE"),
        ({"value": "1000.5"}, "value", "INVALID"),
        ({"code": ""}, "code", "REQUIRED"),
        ({"code": "a b"}, "code", "INVALID"),
        ({"name": ""}, "name", "REQUIRED"),
        ({"type": None}, "type", "INVALID"),
        ({"usageLimit": 0}, "usageLimit", "OUT_OF_RANGE"),
        ({"usageLimit": 5, "usageLimitPerCustomer": 6}, "usageLimitPerCustomer", "INVALID"),
        ({"minSpend": "-1"}, "minSpend", "OUT_OF_RANGE"),
        ({"maxDiscount": "0"}, "maxDiscount", "OUT_OF_RANGE"),
        (
            {"endsAt": "2020-01-01T00:00:00+07:00", "startsAt": "2020-02-01T00:00:00+07:00"},
            "endsAt",
            "INVALID",
        ),
        (
            {"endsAt": "2020-01-01T00:00:00+07:00", "startsAt": "2019-12-01T00:00:00+07:00"},
            "endsAt",
            "INVALID",
        ),
        ({"categoryIds": [to_global_id("Category", 987654)]}, "categoryIds", "NOT_FOUND"),
        ({"productIds": ["not-an-id"]}, "productIds", "INVALID"),
        ({"fundedBy": "VENDOR"}, "fundedBy", "INVALID"),
    ],
)
def test_every_bad_voucher_input_is_a_coded_error_that_changes_nothing(
    gql, staff, changes, field, code
):
    base = {"code": "OKE123", "name": "Promo", "type": "FIXED", "value": "10000", **window()}
    base.update(changes)
    base = {k: v for k, v in base.items() if v is not None}
    payload = gql.as_user(staff).execute(VOUCHER_CREATE, {"input": base})["data"]["voucherCreate"]
    assert payload["voucher"] is None
    assert (field, code) in [(e["field"], e["code"]) for e in payload["errors"]]
    assert all(e["message"] for e in payload["errors"])
    assert Voucher.objects.count() == 0


def test_voucher_codes_are_unique_regardless_of_case(gql, staff):
    client = gql.as_user(staff)
    first = {"code": "HARBOLNAS", "name": "a", "type": "FIXED", "value": "1000", **window()}
    assert client.execute(VOUCHER_CREATE, {"input": first})["data"]["voucherCreate"]["errors"] == []
    payload = client.execute(VOUCHER_CREATE, {"input": {**first, "code": "harbolnas"}})["data"][
        "voucherCreate"
    ]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("code", "UNIQUE")]
    assert Voucher.objects.count() == 1


def test_anonymous_and_outsiders_cannot_list_or_see_vouchers(gql, shop, other_shop, staff):
    gql.as_user(shop.owner).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "TOKOA",
                "name": "A",
                "type": "FIXED",
                "value": "1000",
                "vendorId": gid("Vendor", shop.vendor.pk),
                **window(),
            }
        },
    )
    query = "{ vouchers(first: 10) { totalCount edges { node { code } } } }"
    assert gql.execute(query)["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert gql.as_user(other_shop.owner).data(query)["vouchers"]["totalCount"] == 0
    assert gql.as_user(shop.owner).data(query)["vouchers"]["totalCount"] == 1
    assert gql.as_user(staff).data(query)["vouchers"]["totalCount"] == 1


def test_a_sale_shows_old_and_new_price_and_a_bad_sale_is_refused(gql, shop):
    client = gql.as_user(shop.owner)
    vendor = gid("Vendor", shop.vendor.pk)
    bad = client.execute(
        SALE_CREATE,
        {
            "input": {
                "name": "Potong",
                "type": "FIXED",
                "value": "350000",
                "vendorId": vendor,
                **window(),
            }
        },
    )["data"]["saleCreate"]
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [("value", "INVALID")]
    ok = client.execute(
        SALE_CREATE,
        {
            "input": {
                "name": "Diskon Hari Batik",
                "type": "PERCENTAGE",
                "value": "20",
                "vendorId": vendor,
                **window(),
            }
        },
    )["data"]["saleCreate"]
    assert ok["errors"] == [] and ok["sale"]["fundedBy"] == "VENDOR"
    prices = gql.data(PRICES, {"ids": [gid("ProductVariant", shop.variant.pk)]})["promotionPrices"][
        0
    ]
    assert prices["undiscounted"]["amount"] == "350000"
    assert prices["current"]["amount"] == "280000"
    assert prices["onSale"] is True and prices["promotionKind"] == "SALE"
    assert prices["promotionLabel"] == "Diskon Hari Batik"


def test_flash_sale_validation_and_countdown(gql, shop):
    client = gql.as_user(shop.owner)
    variant = gid("ProductVariant", shop.variant.pk)
    cases = [
        ({"price": "350000", "quantity": 10}, "price", "INVALID"),  # not below list price
        ({"price": "0", "quantity": 10}, "price", "OUT_OF_RANGE"),
        ({"price": "99000", "quantity": 0}, "quantity", "OUT_OF_RANGE"),
        ({"price": "99000", "quantity": 501}, "quantity", "INSUFFICIENT_STOCK"),
        ({"price": "99000", "quantity": 10, "perCustomerLimit": 11}, "perCustomerLimit", "INVALID"),
        ({"price": "99000", "quantity": 10, **window(24 * 5)}, "endsAt", "OUT_OF_RANGE"),
    ]
    for changes, field, code in cases:
        payload = client.execute(
            FLASH_CREATE, {"input": {"variantId": variant, **window(2), **changes}}
        )
        errors = payload["data"]["flashSaleCreate"]["errors"]
        assert (field, code) in [(e["field"], e["code"]) for e in errors], changes
    assert FlashSale.objects.count() == 0

    payload = client.execute(
        FLASH_CREATE,
        {"input": {"variantId": variant, "price": "99000", "quantity": 100, **window(2)}},
    )["data"]["flashSaleCreate"]
    assert payload["errors"] == []
    assert payload["flashSale"]["remaining"] == 100
    assert 7000 < payload["flashSale"]["secondsLeft"] <= 7200
    prices = gql.data(PRICES, {"ids": [variant]})["promotionPrices"][0]
    assert (prices["current"]["amount"], prices["promotionKind"]) == ("99000", "FLASH_SALE")
    # Anonymous shoppers see the running flash sale for the countdown.
    public = gql.data("{ flashSales(first: 5) { edges { node { remaining secondsLeft } } } }")
    assert public["flashSales"]["edges"][0]["node"]["remaining"] == 100


CAMPAIGN_CREATE = """
mutation($input: CampaignInput!) {
  campaignCreate(input: $input) { campaign { id name slug isInviteOnly } errors { field code message } }
}"""
CAMPAIGN_JOIN = """
mutation($id: ID!, $entries: [CampaignEntryInput!]!) {
  campaignJoin(campaignId: $id, entries: $entries) {
    entries { id status price { amount } quantity }
    errors { field code message }
  }
}"""
ENTRY_REVIEW = """
mutation($id: ID!, $decision: CampaignEntryDecisionEnum!, $reason: String) {
  campaignEntryReview(id: $id, decision: $decision, reason: $reason) {
    entry { id status flashSale { price { amount } quantity } }
    errors { field code message }
  }
}"""


def test_campaign_invite_join_and_approve_runs_the_campaign_price(gql, staff, shop, other_shop):
    uninvited = make_shop()
    now = timezone.now()
    created = gql.as_user(staff).execute(
        CAMPAIGN_CREATE,
        {
            "input": {
                "name": "Hari Batik Nasional",
                "startsAt": iso(now + timedelta(seconds=2)),
                "endsAt": iso(now + timedelta(days=1)),
                "minDiscountPercent": "10",
                "perCustomerLimit": 2,
                "vendorIds": [gid("Vendor", shop.vendor.pk)],
            }
        },
    )["data"]["campaignCreate"]
    assert created["errors"] == [] and created["campaign"]["isInviteOnly"] is True
    campaign_id = created["campaign"]["id"]
    assert (
        gql.as_user(shop.owner).execute(CAMPAIGN_CREATE, {"input": {"name": "x"}})["data"][
            "campaignCreate"
        ]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )

    variant = gid("ProductVariant", shop.variant.pk)
    # Not invited: the campaign does not exist for this vendor.
    payload = gql.as_user(uninvited.owner).execute(
        CAMPAIGN_JOIN,
        {
            "id": campaign_id,
            "entries": [
                {
                    "variantId": gid("ProductVariant", uninvited.variant.pk),
                    "price": "100000",
                    "quantity": 5,
                }
            ],
        },
    )["data"]["campaignJoin"]
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    # Another vendor's variant: not found either.
    payload = gql.as_user(other_shop.owner).execute(
        CAMPAIGN_JOIN,
        {"id": campaign_id, "entries": [{"variantId": variant, "price": "1000", "quantity": 1}]},
    )["data"]["campaignJoin"]
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    # Not enough off (10% minimum) and more than the stock: coded errors, nothing saved.
    payload = gql.as_user(shop.owner).execute(
        CAMPAIGN_JOIN,
        {
            "id": campaign_id,
            "entries": [{"variantId": variant, "price": "330000", "quantity": 501}],
        },
    )["data"]["campaignJoin"]
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("entries.0.price", "INVALID"),
        ("entries.0.quantity", "INSUFFICIENT_STOCK"),
    }
    assert CampaignEntry.objects.count() == 0

    joined = gql.as_user(shop.owner).execute(
        CAMPAIGN_JOIN,
        {"id": campaign_id, "entries": [{"variantId": variant, "price": "250000", "quantity": 20}]},
    )["data"]["campaignJoin"]
    assert joined["errors"] == [] and joined["entries"][0]["status"] == "PENDING"
    entry_id = joined["entries"][0]["id"]
    # Only staff review; a rejection needs a reason; approval creates the campaign's flash sale.
    assert (
        gql.as_user(shop.owner).execute(ENTRY_REVIEW, {"id": entry_id, "decision": "APPROVE"})[
            "data"
        ]["campaignEntryReview"]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )
    assert (
        gql.as_user(staff).execute(ENTRY_REVIEW, {"id": entry_id, "decision": "REJECT"})["data"][
            "campaignEntryReview"
        ]["errors"][0]["code"]
        == "REQUIRED"
    )
    approved = gql.as_user(staff).execute(ENTRY_REVIEW, {"id": entry_id, "decision": "APPROVE"})[
        "data"
    ]["campaignEntryReview"]
    assert approved["errors"] == []
    assert approved["entry"]["flashSale"] == {"price": {"amount": "250000"}, "quantity": 20}
    again = gql.as_user(staff).execute(
        ENTRY_REVIEW, {"id": entry_id, "decision": "REJECT", "reason": "x"}
    )
    assert again["data"]["campaignEntryReview"]["errors"][0]["code"] == "INVALID_TRANSITION"
    flash = FlashSale.objects.get()
    assert (flash.funded_by, flash.per_customer_limit) == ("VENDOR", 2)
    assert Campaign.objects.get().slug == "hari-batik-nasional"


def test_voucher_usage_report(gql, staff, shop):
    from marketplace.promotions.engine import Customer
    from marketplace.promotions.selectors import collect_promotions, price_cart
    from marketplace.promotions.services.redemption import redeem_promotions

    gql.as_user(staff).execute(
        VOUCHER_CREATE,
        {
            "input": {
                "code": "LAPOR",
                "name": "a",
                "type": "FIXED",
                "value": "15000",
                "usageLimit": 10,
                **window(),
            }
        },
    )
    voucher = Voucher.objects.get()
    for i, email in enumerate(["a@example.id", "b@example.id", "a@example.id"]):
        context = collect_promotions(variant_ids=[shop.variant.pk])
        cart = price_cart(
            lines=[context.line(shop.variant.pk, 1)],
            voucher_code="lapor",
            customer=Customer(email),
            context=context,
        )
        redeem_promotions(order_ref=f"ORD-{i}", priced_cart=cart, customer=Customer(email))
    query = """query($id: ID!) { voucherUsage(id: $id) { usedCount remaining redemptionCount
      uniqueCustomers discountTotal { amount } } }"""
    usage = gql.as_user(staff).data(query, {"id": gid("Voucher", voucher.pk)})["voucherUsage"]
    assert usage == {
        "usedCount": 3,
        "remaining": 7,
        "redemptionCount": 3,
        "uniqueCustomers": 2,
        "discountTotal": {"amount": "45000"},
    }
    assert (
        gql.as_user(shop.owner).execute(query, {"id": gid("Voucher", voucher.pk)})["errors"][0][
            "extensions"
        ]["code"]
        == "NOT_FOUND"
    )


FREE_SHIPPING_CREATE = """
mutation($input: FreeShippingPromotionInput!) {
  freeShippingPromotionCreate(input: $input) {
    promotion { id scope fundedBy threshold { amount } maxDiscount { amount } vendorId }
    errors { field code message }
  }
}"""


def test_free_shipping_promotions_for_vendor_groups_and_the_hub(gql, staff, shop):
    payload = gql.as_user(staff).execute(
        FREE_SHIPPING_CREATE,
        {
            "input": {
                "name": "Gratis ongkir hub",
                "threshold": "150000",
                "maxDiscount": "20000",
                "scope": "HUB",
                **window(),
            }
        },
    )["data"]["freeShippingPromotionCreate"]
    assert payload["errors"] == []
    assert payload["promotion"]["scope"] == "HUB" and payload["promotion"]["fundedBy"] == "PLATFORM"
    own = gql.as_user(shop.owner).execute(
        FREE_SHIPPING_CREATE,
        {
            "input": {
                "name": "Ongkir toko",
                "threshold": "100000",
                "vendorId": gid("Vendor", shop.vendor.pk),
                "scope": "VENDOR_GROUPS",
                **window(),
            }
        },
    )["data"]["freeShippingPromotionCreate"]
    assert own["errors"] == [] and own["promotion"]["fundedBy"] == "VENDOR"
    bad = gql.as_user(shop.owner).execute(
        FREE_SHIPPING_CREATE,
        {
            "input": {
                "name": "x",
                "threshold": "-1",
                "vendorId": gid("Vendor", shop.vendor.pk),
                "scope": "HUB",
                **window(),
            }
        },
    )["data"]["freeShippingPromotionCreate"]
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("threshold", "OUT_OF_RANGE"),
        ("scope", "INVALID"),
    }


SALE_UPDATE = """
mutation($id: ID!, $input: SaleInput!) {
  saleUpdate(id: $id, input: $input) { sale { id name } errors { field code message } }
}"""
SALE_DELETE = "mutation($id: ID!) { saleDelete(id: $id) { sale { status } errors { field code } } }"


def test_sale_update_and_delete_respect_ownership_and_change_the_price(gql, shop, other_shop):
    owner = gql.as_user(shop.owner)
    created = owner.execute(
        SALE_CREATE,
        {
            "input": {
                "name": "Diskon",
                "type": "PERCENTAGE",
                "value": "10",
                "vendorId": gid("Vendor", shop.vendor.pk),
                **window(),
            }
        },
    )["data"]["saleCreate"]["sale"]
    variant = gid("ProductVariant", shop.variant.pk)
    assert (
        gql.data(PRICES, {"ids": [variant]})["promotionPrices"][0]["current"]["amount"] == "315000"
    )
    stranger = gql.as_user(other_shop.owner).execute(
        SALE_UPDATE, {"id": created["id"], "input": {"value": "99"}}
    )
    assert stranger["data"]["saleUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    bad = owner.execute(SALE_UPDATE, {"id": created["id"], "input": {"value": "150"}})["data"][
        "saleUpdate"
    ]
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [("value", "OUT_OF_RANGE")]
    assert (
        gql.data(PRICES, {"ids": [variant]})["promotionPrices"][0]["current"]["amount"] == "315000"
    )
    ok = owner.execute(SALE_UPDATE, {"id": created["id"], "input": {"value": "30"}})["data"][
        "saleUpdate"
    ]
    assert ok["errors"] == []
    assert (
        gql.data(PRICES, {"ids": [variant]})["promotionPrices"][0]["current"]["amount"] == "245000"
    )
    assert (
        gql.as_user(other_shop.owner).execute(SALE_DELETE, {"id": created["id"]})["data"][
            "saleDelete"
        ]["errors"][0]["code"]
        == "NOT_FOUND"
    )
    deleted = owner.execute(SALE_DELETE, {"id": created["id"]})["data"]["saleDelete"]
    assert deleted == {"sale": {"status": "DELETED"}, "errors": []}
    prices = gql.data(PRICES, {"ids": [variant]})["promotionPrices"][0]
    assert (prices["current"]["amount"], prices["onSale"]) == ("350000", False)


def test_promotion_prices_stay_private_for_unpublished_products(gql, shop):
    shop.product.status = "DRAFT"
    shop.product.save()
    assert (
        gql.data(PRICES, {"ids": [gid("ProductVariant", shop.variant.pk)]})["promotionPrices"] == []
    )
    body = gql.execute(PRICES, {"ids": ["bukan-id"]})
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
