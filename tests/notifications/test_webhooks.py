"""Vendor webhooks: managed over GraphQL by the vendor's members, signed, retried, isolated."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.core.graphql.ids import encode_id
from marketplace.notifications.models import (
    Delivery,
    DeliveryStatus,
    OutboxEvent,
    WebhookSubscription,
)
from marketplace.notifications.outbox import emit_event
from marketplace.notifications.scheduled import retry_due_deliveries
from tests.factories import StaffFactory, UserFactory, VendorFactory, VendorMemberFactory

SECRET = "rahasia-webhook-0123456789"

CREATE = """
mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) {
    webhook { id vendorId targetUrl events isActive }
    errors { field code message }
  }
}"""

DELIVERIES = """
query($id: ID!) {
  webhookDeliveries(webhookId: $id, first: 10) {
    totalCount
    edges { node { id deliveryId event status attempts lastStatusCode
      attemptLog { number outcome statusCode } } }
  }
}"""

RETRY = """
mutation($id: ID!) { webhookDeliveryRetry(id: $id) { delivery { status } errors { field code message } } }
"""


def create_webhook(gql, user, vendor, url, events=("order.placed",), secret=SECRET):
    return gql.as_user(user).execute(
        CREATE,
        {
            "input": {
                "vendorId": encode_id("Vendor", vendor.pk),
                "targetUrl": url,
                "events": list(events),
                "secret": secret,
            }
        },
    )["data"]["webhookCreate"]


@pytest.mark.django_db
def test_member_creates_a_webhook_and_outsiders_get_not_found(gql, receiver):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    payload = create_webhook(gql, owner, vendor, receiver.url + "/hook")
    assert payload["errors"] == []
    assert payload["webhook"]["events"] == ["order.placed"] and payload["webhook"]["isActive"]
    assert "secret" not in payload["webhook"]

    outsider = UserFactory()
    denied = create_webhook(gql, outsider, vendor, receiver.url)
    assert denied["webhook"] is None
    assert [(e["field"], e["code"]) for e in denied["errors"]] == [("vendorId", "NOT_FOUND")]
    assert WebhookSubscription.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "events", "secret", "field", "code"),
    [
        ("ftp://example.id/hook", ["order.placed"], SECRET, "targetUrl", "INVALID"),
        ("not a url", ["order.placed"], SECRET, "targetUrl", "INVALID"),
        ("http://user:pw@example.id/", ["order.placed"], SECRET, "targetUrl", "INVALID"),
        ("https://example.id/hook", [], SECRET, "events", "REQUIRED"),
        ("https://example.id/hook", ["order.exploded"], SECRET, "events", "INVALID"),
        ("https://example.id/hook", ["order.placed"], "short", "secret", "INVALID"),
    ],
)
def test_invalid_webhook_input_answers_a_code_and_creates_nothing(
    gql, url, events, secret, field, code
):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    payload = create_webhook(gql, owner, vendor, url, events, secret)
    assert payload["webhook"] is None
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in payload["errors"]
    ]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_private_targets_are_refused_in_production(gql, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    payload = create_webhook(gql, owner, vendor, "http://127.0.0.1:9/hook")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("targetUrl", "INVALID")]


@pytest.mark.django_db
def test_signature_verifies_with_the_documented_algorithm(
    gql, receiver, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    create_webhook(gql, owner, vendor, receiver.url + "/hook", events=["vendor_order.accepted"])
    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event(
            "vendor_order.accepted", {"vendor_order_id": 7, "number": "GI-7-A"}, vendor_id=vendor.pk
        )

    assert receiver.count() == 1
    request = receiver.requests[0]
    delivery = Delivery.objects.get(event=event, channel="webhook")
    assert request.headers["x-galeri-event"] == "vendor_order.accepted"
    assert request.headers["x-galeri-delivery"] == str(delivery.delivery_id)
    # Verify exactly as a vendor would, from API.md: t=<unix>,v1=<hex HMAC-SHA256("<t>.<raw body>")>.
    parts = dict(item.split("=", 1) for item in request.headers["x-galeri-signature"].split(","))
    expected = hmac.new(
        SECRET.encode(), f"{parts['t']}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert abs(int(parts["t"]) - timezone.now().timestamp()) < 60
    tampered = hmac.new(
        SECRET.encode(), f"{parts['t']}.".encode() + request.body + b" ", hashlib.sha256
    ).hexdigest()
    assert tampered != parts["v1"]
    body = request.json()
    assert body["event"] == "vendor_order.accepted" and body["data"]["number"] == "GI-7-A"
    assert body["id"] == str(event.pk)
    assert delivery.status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_vendor_b_never_receives_vendor_a_events(gql, django_capture_on_commit_callbacks):
    from .receiver import Receiver

    receiver_a, receiver_b = Receiver().start(), Receiver().start()
    try:
        vendor_a, vendor_b = VendorFactory(), VendorFactory()
        owner_a = VendorMemberFactory(vendor=vendor_a).user
        owner_b = VendorMemberFactory(vendor=vendor_b).user
        create_webhook(gql, owner_a, vendor_a, receiver_a.url, events=["order.placed", "stock.low"])
        create_webhook(gql, owner_b, vendor_b, receiver_b.url, events=["order.placed", "stock.low"])
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(3):
                emit_event("order.placed", {"number": f"A-{n}"}, vendor_id=vendor_a.pk)
            emit_event("stock.low", {"sku": "A-SKU"}, vendor_id=vendor_a.pk)
            emit_event("order.placed", {"number": "B-1"}, vendor_id=vendor_b.pk)
            emit_event("order.placed", {"number": "NOBODY"})  # no vendor: no webhook at all

        a_numbers = [
            r.json()["data"].get("number") or r.json()["data"].get("sku")
            for r in receiver_a.requests
        ]
        b_numbers = [r.json()["data"].get("number") for r in receiver_b.requests]
        assert sorted(a_numbers) == ["A-0", "A-1", "A-2", "A-SKU"]
        assert b_numbers == ["B-1"]
        assert all(r.json()["vendorId"] == vendor_b.pk for r in receiver_b.requests)
    finally:
        receiver_a.stop()
        receiver_b.stop()


@pytest.mark.django_db
def test_a_failing_receiver_gets_retries_with_growing_delays_then_the_webhook_is_disabled(
    gql, failing_receiver, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    create_webhook(gql, owner, vendor, failing_receiver.url, events=["payout.sent"])
    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event("payout.sent", {"amount": "100000"}, vendor_id=vendor.pk)
    delivery = Delivery.objects.get(event=event, channel="webhook")
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1

    # Run the retry sweep as beat would, each time at the moment the next attempt falls due.
    delays = []
    while delivery.status == DeliveryStatus.RETRYING:
        previous = delivery.last_attempt_at
        delays.append((delivery.next_attempt_at - previous).total_seconds())
        with django_capture_on_commit_callbacks(execute=True):
            retry_due_deliveries.apply(kwargs={"now": delivery.next_attempt_at.isoformat()})
        delivery.refresh_from_db()
        assert len(delays) < 40

    # Growing delays (exponential with jitter) until the cap, spread over the 24-hour window.
    growing = delays[:9]
    assert all(later > earlier for earlier, later in zip(growing, growing[1:], strict=False)), (
        delays
    )
    assert delays[0] <= 60
    assert max(delays) <= 6 * 3600
    total = (delivery.last_attempt_at - delivery.created_at).total_seconds()
    assert 24 * 3600 - 60 <= total <= 24 * 3600  # the last try is at the end of the 24-hour window
    assert delivery.status == DeliveryStatus.FAILED
    assert failing_receiver.count() == delivery.attempts == len(delays) + 1
    assert (
        len(set(failing_receiver.header_values("x-galeri-delivery"))) == 1
    )  # same id on every retry
    assert (
        list(delivery.attempt_log.values_list("status_code", flat=True))
        == [500] * delivery.attempts
    )

    webhook = WebhookSubscription.objects.get(vendor=vendor)
    assert not webhook.is_active and webhook.disabled_at is not None
    disabled = OutboxEvent.objects.get(kind="webhook.disabled")
    assert disabled.vendor_id == vendor.pk
    assert Delivery.objects.filter(
        event=disabled, recipient=owner.email, status=DeliveryStatus.SENT
    ).exists()


@pytest.mark.django_db
def test_webhook_is_disabled_after_repeated_failures_across_deliveries(
    gql, failing_receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    create_webhook(gql, owner, vendor, failing_receiver.url, events=["stock.low"])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            emit_event("stock.low", {"sku": f"S{n}"}, vendor_id=vendor.pk)
    webhook = WebhookSubscription.objects.get()
    assert not webhook.is_active
    assert failing_receiver.count() == 3  # the fourth found the webhook disabled
    assert Delivery.objects.filter(channel="webhook", status=DeliveryStatus.FAILED).count() == 1


@pytest.mark.django_db
def test_deliveries_are_listed_for_members_and_staff_can_redeliver(
    gql, settings, django_capture_on_commit_callbacks
):
    from .receiver import Receiver

    flaky = Receiver(statuses=[404, 200]).start()
    try:
        vendor = VendorFactory()
        owner = VendorMemberFactory(vendor=vendor).user
        webhook_id = create_webhook(gql, owner, vendor, flaky.url, events=["shipment.delivered"])[
            "webhook"
        ]["id"]
        with django_capture_on_commit_callbacks(execute=True):
            emit_event("shipment.delivered", {"number": "GI-9"}, vendor_id=vendor.pk)

        listing = gql.as_user(owner).execute(DELIVERIES, {"id": webhook_id})["data"][
            "webhookDeliveries"
        ]
        node = listing["edges"][0]["node"]
        assert listing["totalCount"] == 1
        assert (
            node["status"] == "FAILED" and node["lastStatusCode"] == 404
        )  # 4xx: permanent, no retry
        assert node["attemptLog"] == [{"number": 1, "outcome": "PERMANENT", "statusCode": 404}]

        outsider = gql.as_user(UserFactory()).execute(DELIVERIES, {"id": webhook_id})
        assert outsider["errors"][0]["extensions"]["code"] == "NOT_FOUND"

        denied = gql.as_user(owner).execute(RETRY, {"id": node["id"]})["data"][
            "webhookDeliveryRetry"
        ]
        assert denied["errors"][0]["code"] == "PERMISSION_DENIED"

        with django_capture_on_commit_callbacks(execute=True):
            retried = gql.as_user(StaffFactory()).execute(RETRY, {"id": node["id"]})["data"][
                "webhookDeliveryRetry"
            ]
        assert retried["errors"] == []
        delivery = Delivery.objects.get(channel="webhook")
        assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
        assert flaky.distinct("x-galeri-delivery") == 1 and flaky.count() == 2
    finally:
        flaky.stop()


@pytest.mark.django_db
def test_update_and_delete_are_for_members_only(gql, receiver):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    webhook_id = create_webhook(gql, owner, vendor, receiver.url)["webhook"]["id"]
    update = """mutation($id: ID!, $input: WebhookUpdateInput!) {
      webhookUpdate(id: $id, input: $input) { webhook { events isActive } errors { field code } } }"""
    delete = """mutation($id: ID!) { webhookDelete(id: $id) { deletedId errors { field code } } }"""

    outsider = gql.as_user(UserFactory()).execute(
        update, {"id": webhook_id, "input": {"isActive": False}}
    )
    assert outsider["data"]["webhookUpdate"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    bad = gql.as_user(owner).execute(
        update, {"id": webhook_id, "input": {"targetUrl": "gopher://x"}}
    )
    assert bad["data"]["webhookUpdate"]["errors"] == [{"field": "targetUrl", "code": "INVALID"}]
    ok = gql.as_user(owner).execute(
        update,
        {"id": webhook_id, "input": {"events": ["stock.low", "payout.sent"], "isActive": False}},
    )
    assert ok["data"]["webhookUpdate"]["webhook"] == {
        "events": ["payout.sent", "stock.low"],
        "isActive": False,
    }

    assert (
        gql.as_user(UserFactory()).execute(delete, {"id": webhook_id})["data"]["webhookDelete"][
            "errors"
        ][0]["code"]
        == "NOT_FOUND"
    )
    assert (
        gql.as_user(owner).execute(delete, {"id": webhook_id})["data"]["webhookDelete"]["errors"]
        == []
    )
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_stale_sending_delivery_is_picked_up_by_the_sweep(
    gql, receiver, settings, django_capture_on_commit_callbacks
):
    """A worker died mid-send: the row stays SENDING; the sweep sends it again with the same id."""
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    create_webhook(gql, owner, vendor, receiver.url, events=["stock.low"])
    with django_capture_on_commit_callbacks(execute=False):
        event = emit_event("stock.low", {"sku": "Z"}, vendor_id=vendor.pk)
    from marketplace.notifications.services.dispatch import dispatch_event as dispatch

    with django_capture_on_commit_callbacks(execute=False):
        dispatch(event_id=event.pk)
    delivery = Delivery.objects.get(event=event, channel="webhook")
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, last_attempt_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_due_deliveries.apply().get() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert receiver.header_values("x-galeri-delivery") == [str(delivery.delivery_id)]
    assert json.loads(receiver.requests[0].body)["event"] == "stock.low"
