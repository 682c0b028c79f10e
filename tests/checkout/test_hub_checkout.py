"""Hub consolidation in the checkout: offered to the gallery tenants' groups only, one fee split
exactly between them, stored on their vendor orders, then delivered by the hub's one parcel;
the shopper follows every parcel on `order { vendorOrders { shipments } }`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from fulfillment.api import HUB_OPTION_ID, Destination, Parcel, hub_consolidation_option
from marketplace.orders.models import Order, VendorOrderStatus
from tests.factories import StaffFactory, UserFactory
from tests.fulfillment.conftest import hub, make_vendor, zones  # noqa: F401 - fixtures

from .support import DELIVERY_UPDATE, complete, create_checkout, gid, seller

pytestmark = pytest.mark.django_db

GROUPS = """
query($id: ID!) { checkout(id: $id) {
  vendorGroups { vendor { id } selectedShippingOption { id price { amount } }
    shippingOptions { id type carrier service price { amount } estimatedDeliveryDate }
    shippingPrice { amount } total { amount } }
  shippingTotal { amount } total { amount } } }"""
PAY = "mutation($id: ID!) { paymentConfirm(id: $id) { payment { status } errors { code } } }"
ACCEPT = "mutation($id: ID!) { vendorOrderAccept(id: $id) { errors { field code } } }"
CONFIRM = """mutation($vo: ID!) { hubDropOffConfirm(vendorOrderId: $vo, parcelCount: 1) {
  dropOff { consolidationStatus } errors { field code } } }"""
BOOK = """mutation($o: ID!) { hubOutboundBook(orderId: $o) {
  shipment { id carrier service trackingNumber status } errors { field code } } }"""
STATUS = """mutation($id: ID!, $s: ShipmentStatus!) { shipmentStatusUpdate(id: $id, status: $s) {
  errors { code } } }"""
CREATE_SHIPMENT = """mutation($vo: ID!, $option: String) {
  shipmentCreate(vendorOrderId: $vo, shippingOptionId: $option) {
    shipment { id trackingNumber status } errors { field code } } }"""
ORDER_SHIPMENTS = """query($id: ID!) { order(id: $id) { vendorOrders {
  vendor { id } status shippingOptionId shippingCarrier shippingPrice { amount }
  shipments { carrier trackingNumber status estimatedDeliveryDate isConsolidated
    events { status description occurredAt } } } } }"""


def _choose(client, checkout_id, vendor, option_id):
    body = client.execute(
        DELIVERY_UPDATE,
        {"id": checkout_id, "vendorId": gid("Vendor", vendor.pk), "optionId": option_id},
    )
    return body["data"]["checkoutDeliveryMethodUpdate"]


def _groups(client, checkout_id):
    checkout = client.data(GROUPS, {"id": checkout_id})["checkout"]
    return checkout, {g["vendor"]["id"]: g for g in checkout["vendorGroups"]}


@pytest.fixture
def cart(gql, zones, hub):  # noqa: F811 - the fulfilment fixtures
    """Two gallery tenants and one outside seller in one cart, delivered to Semarang."""
    owners = [UserFactory() for _ in range(3)]
    tenant_a = make_vendor(tenant=True, member=owners[0])
    tenant_b = make_vendor(tenant=True, handling_days=3, member=owners[1])
    outsider = make_vendor(member=owners[2])
    _, batik = seller(vendor=tenant_a)
    _, topeng = seller(vendor=tenant_b)
    _, bandeng = seller(vendor=outsider)
    shopper_user = UserFactory()
    shopper = gql.as_user(shopper_user)
    checkout = create_checkout(shopper, [(batik, 3), (topeng, 1), (bandeng, 1)])
    return {
        "shopper": shopper,
        "user": shopper_user,
        "id": checkout["id"],
        "vendors": (tenant_a, tenant_b, outsider),
        "owners": owners,
        "variants": (batik, topeng, bandeng),
    }


def test_hub_is_offered_to_the_tenants_only_and_its_fee_splits_exactly(cart):
    shopper, checkout_id = cart["shopper"], cart["id"]
    tenant_a, tenant_b, outsider = cart["vendors"]
    batik, topeng, _ = cart["variants"]
    _, groups = _groups(shopper, checkout_id)

    def hub_of(vendor):
        options = groups[gid("Vendor", vendor.pk)]["shippingOptions"]
        return next((o for o in options if o["id"] == HUB_OPTION_ID), None)

    assert hub_of(outsider) is None
    share_a, share_b = hub_of(tenant_a), hub_of(tenant_b)
    assert share_a["type"] == share_b["type"] == "hub"
    assert share_a["estimatedDeliveryDate"] == share_b["estimatedDeliveryDate"]
    # The same quote fulfilment makes for one parcel from the hub; the shares sum to its fee.
    expected = hub_consolidation_option(
        groups=[
            (
                tenant_a,
                [Parcel(batik.weight_grams * 3, batik.length_cm, batik.width_cm, batik.height_cm)],
            ),
            (
                tenant_b,
                [Parcel(topeng.weight_grams, topeng.length_cm, topeng.width_cm, topeng.height_cm)],
            ),
        ],
        destination=Destination(
            postal_code="50132",
            city="Kota Semarang",
            province="Jawa Tengah",
            district="Semarang Tengah",
        ),
    )
    amounts = [Decimal(str(share_a["price"]["amount"])), Decimal(str(share_b["price"]["amount"]))]
    assert sum(amounts) == expected.price > 0
    assert amounts == [Decimal(expected.meta["shares"][str(v.pk)]) for v in (tenant_a, tenant_b)]
    assert share_a["service"] == expected.service == expected.meta["outboundOptionId"]

    # The outsider cannot choose the hub; a tenant's choice is every tenant's choice.
    refused = _choose(shopper, checkout_id, outsider, HUB_OPTION_ID)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("shippingOptionId", "SHIPPING_NOT_AVAILABLE")
    ]
    assert _choose(shopper, checkout_id, tenant_a, HUB_OPTION_ID)["errors"] == []
    assert _choose(shopper, checkout_id, outsider, "table:regular")["errors"] == []
    checkout, groups = _groups(shopper, checkout_id)
    for vendor, amount in zip((tenant_a, tenant_b), amounts, strict=True):
        group = groups[gid("Vendor", vendor.pk)]
        assert group["selectedShippingOption"]["id"] == HUB_OPTION_ID
        assert Decimal(str(group["shippingPrice"]["amount"])) == amount
    outsider_price = Decimal(str(groups[gid("Vendor", outsider.pk)]["shippingPrice"]["amount"]))
    assert Decimal(str(checkout["shippingTotal"]["amount"])) == expected.price + outsider_price

    # Leaving the hub for one tenant withdraws it from the other (never half a consolidation).
    assert _choose(shopper, checkout_id, tenant_b, "table:regular")["errors"] == []
    _, groups = _groups(shopper, checkout_id)
    assert groups[gid("Vendor", tenant_a.pk)]["selectedShippingOption"] is None
    assert groups[gid("Vendor", tenant_b.pk)]["selectedShippingOption"]["id"] == "table:regular"
    body = complete(shopper, checkout_id, key="setengah")
    assert [e["code"] for e in body["errors"]] == ["SHIPPING_METHOD_REQUIRED"]


def test_hub_order_stores_the_shares_and_the_hub_delivers_both_tenants(gql, cart):
    shopper, checkout_id = cart["shopper"], cart["id"]
    tenant_a, tenant_b, outsider = cart["vendors"]
    _, groups = _groups(shopper, checkout_id)
    shares = {
        v.pk: next(
            Decimal(str(o["price"]["amount"]))
            for o in groups[gid("Vendor", v.pk)]["shippingOptions"]
            if o["id"] == HUB_OPTION_ID
        )
        for v in (tenant_a, tenant_b)
    }
    outbound = next(
        o["service"]
        for o in groups[gid("Vendor", tenant_a.pk)]["shippingOptions"]
        if o["id"] == HUB_OPTION_ID
    )
    assert _choose(shopper, checkout_id, tenant_b, HUB_OPTION_ID)["errors"] == []
    assert _choose(shopper, checkout_id, outsider, "table:regular")["errors"] == []

    result = complete(shopper, checkout_id, gateway="bank_transfer", key="hub-1")
    assert result["errors"] == []
    order = Order.objects.get(number=result["order"]["number"])
    vendor_orders = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    for vendor in (tenant_a, tenant_b):
        vo = vendor_orders[vendor.pk]
        assert vo.shipping_option_id == HUB_OPTION_ID
        assert vo.shipping_price == shares[vendor.pk]
        assert vo.shipping_carrier == outbound  # what hubOutboundBook books again
    assert vendor_orders[outsider.pk].shipping_option_id == "table:regular"
    assert order.shipping_total == sum(vo.shipping_price for vo in vendor_orders.values())

    # Paid, accepted by every seller; the tenants hand in at the hub, the outsider books a courier.
    staff = gql.as_user(StaffFactory())
    assert (
        staff.execute(PAY, {"id": result["payment"]["id"]})["data"]["paymentConfirm"]["errors"]
        == []
    )
    for owner, vendor in zip(cart["owners"], cart["vendors"], strict=True):
        vo_gid = to_global_id("VendorOrder", vendor_orders[vendor.pk].pk)
        body = gql.as_user(owner).execute(ACCEPT, {"id": vo_gid})
        assert body["data"]["vendorOrderAccept"]["errors"] == []
    own = gql.as_user(cart["owners"][2]).execute(
        CREATE_SHIPMENT,
        {"vo": to_global_id("VendorOrder", vendor_orders[outsider.pk].pk), "option": None},
    )["data"]["shipmentCreate"]
    assert own["errors"] == [] and own["shipment"]["status"] == "BOOKED"

    statuses = []
    for vendor in (tenant_a, tenant_b):
        vo_gid = to_global_id("VendorOrder", vendor_orders[vendor.pk].pk)
        statuses.append(
            staff.execute(CONFIRM, {"vo": vo_gid})["data"]["hubDropOffConfirm"]["dropOff"][
                "consolidationStatus"
            ]
        )
    assert statuses == ["EXPECTING", "READY"]
    booked = staff.execute(BOOK, {"o": result["order"]["id"]})["data"]["hubOutboundBook"]
    assert booked["errors"] == [] and booked["shipment"]["status"] == "BOOKED"
    assert booked["shipment"]["service"] == outbound.split(":", 1)[1]

    # The shopper sees every parcel: the outsider's own and the hub's one for both tenants.
    seen = shopper.data(ORDER_SHIPMENTS, {"id": result["order"]["id"]})["order"]["vendorOrders"]
    by_vendor = {vo["vendor"]["id"]: vo for vo in seen}
    hub_parcels = [by_vendor[gid("Vendor", v.pk)]["shipments"] for v in (tenant_a, tenant_b)]
    assert hub_parcels[0] == hub_parcels[1] and len(hub_parcels[0]) == 1
    parcel = hub_parcels[0][0]
    assert parcel["isConsolidated"] and parcel["status"] == "BOOKED"
    assert parcel["trackingNumber"] == booked["shipment"]["trackingNumber"]
    assert parcel["estimatedDeliveryDate"] and parcel["events"][0]["status"] == "BOOKED"
    assert by_vendor[gid("Vendor", tenant_a.pk)]["shippingCarrier"] == outbound
    direct = by_vendor[gid("Vendor", outsider.pk)]["shipments"]
    assert [s["trackingNumber"] for s in direct] == [own["shipment"]["trackingNumber"]]
    assert direct[0]["carrier"] == "table" and not direct[0]["isConsolidated"]

    for status in ["PICKED_UP", "IN_TRANSIT", "DELIVERED"]:
        body = staff.execute(STATUS, {"id": booked["shipment"]["id"], "s": status})
        assert body["data"]["shipmentStatusUpdate"]["errors"] == []
    for vendor in (tenant_a, tenant_b):
        vendor_orders[vendor.pk].refresh_from_db()
        assert vendor_orders[vendor.pk].status == VendorOrderStatus.DELIVERED
    seen = shopper.data(ORDER_SHIPMENTS, {"id": result["order"]["id"]})["order"]["vendorOrders"]
    parcel = {vo["vendor"]["id"]: vo for vo in seen}[gid("Vendor", tenant_b.pk)]["shipments"][0]
    assert parcel["status"] == "DELIVERED"
    assert [e["status"] for e in parcel["events"]][-1] == "DELIVERED"


def test_shipments_of_a_page_of_vendor_orders_load_in_one_query(cart):
    """`VendorOrder.shipments` is batched over the order's vendor orders (sibling DataLoader)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shopper, checkout_id = cart["shopper"], cart["id"]
    for vendor in cart["vendors"]:
        assert _choose(shopper, checkout_id, vendor, "table:regular")["errors"] == []
    result = complete(shopper, checkout_id, key="satu-query")
    assert result["errors"] == []
    query = "query($id: ID!) { order(id: $id) { vendorOrders { number SHIPMENTS } } }"
    with CaptureQueriesContext(connection) as without:
        shopper.data(query.replace("SHIPMENTS", ""), {"id": result["order"]["id"]})
    with CaptureQueriesContext(connection) as with_shipments:
        shopper.data(query.replace("SHIPMENTS", "shipments { id }"), {"id": result["order"]["id"]})
    # Own shipments and consolidated ones: two queries for all three vendor orders.
    assert len(with_shipments) - len(without) == 2


def test_the_checkout_page_joins_and_leaves_the_hub_for_all_tenants_in_one_post(cart, client):
    """The page posts every group's radio at once; what the shopper changed must win."""
    from marketplace.checkout.models import CheckoutDelivery

    tenant_a, tenant_b, outsider = cart["vendors"]
    _, groups = _groups(cart["shopper"], cart["id"])
    regular = {
        vendor.pk: next(
            o["id"]
            for o in groups[gid("Vendor", vendor.pk)]["shippingOptions"]
            if o["type"] != "hub"
        )
        for vendor in (tenant_a, tenant_b, outsider)
    }
    client.force_login(cart["user"])

    def post(choices):
        data = {"action": "delivery"}
        data.update({f"delivery-{vendor.pk}": option for vendor, option in choices})
        assert client.post("/checkout/", data).status_code == 302
        return dict(
            CheckoutDelivery.objects.filter(checkout__user=cart["user"]).values_list(
                "vendor_id", "shipping_option_id"
            )
        )

    chosen = post([(v, regular[v.pk]) for v in (tenant_a, tenant_b, outsider)])
    assert chosen == {v.pk: regular[v.pk] for v in (tenant_a, tenant_b, outsider)}
    # Joining: tenant A's radio moves to the hub, tenant B's still shows its old choice.
    chosen = post(
        [
            (tenant_a, HUB_OPTION_ID),
            (tenant_b, regular[tenant_b.pk]),
            (outsider, regular[outsider.pk]),
        ]
    )
    assert chosen[tenant_a.pk] == chosen[tenant_b.pk] == HUB_OPTION_ID
    assert chosen[outsider.pk] == regular[outsider.pk]
    # Leaving: tenant B's radio moves away, tenant A's still shows the hub.
    chosen = post(
        [
            (tenant_a, HUB_OPTION_ID),
            (tenant_b, regular[tenant_b.pk]),
            (outsider, regular[outsider.pk]),
        ]
    )
    assert chosen.get(tenant_b.pk) == regular[tenant_b.pk]
    assert chosen.get(tenant_a.pk) != HUB_OPTION_ID
