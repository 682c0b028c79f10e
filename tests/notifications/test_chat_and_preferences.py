"""The chat-app channel (log-only for the demo, Meta Cloud API-shaped over HTTP) and preferences."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from marketplace.notifications.models import Delivery, DeliveryStatus, NotificationPreference
from marketplace.notifications.outbox import emit_event
from tests.factories import UserFactory, VendorFactory, VendorMemberFactory

UPDATE = """
mutation($input: NotificationPreferencesUpdateInput!) {
  notificationPreferencesUpdate(input: $input) {
    preferences { emailEnabled chatEnabled languageCode mutedKinds }
    errors { field code message }
  }
}"""


@pytest.mark.django_db
def test_chat_message_is_sent_like_a_meta_cloud_api_template(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.CHAT_BACKEND = "meta"
    settings.CHAT_API_BASE_URL = receiver.url + "/v21.0"
    settings.CHAT_ACCESS_TOKEN = "token-uji"
    settings.CHAT_PHONE_NUMBER_ID = "1234567890"
    shopper = UserFactory(phone="+6281234567890", language_code="id")
    NotificationPreference.objects.create(user=shopper, chat_enabled=True)

    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event(
            "shipment.ready_for_pickup",
            {"user_id": shopper.pk, "number": "GI-55", "pickup_point": "Galeri IKM Semarang"},
        )

    assert receiver.count() == 1
    request = receiver.requests[0]
    assert request.path == "/v21.0/1234567890/messages"
    assert request.headers["authorization"] == "Bearer token-uji"
    body = request.json()
    assert body["messaging_product"] == "whatsapp" and body["type"] == "template"
    assert body["to"] == "6281234567890"
    assert body["template"]["name"] == "galeri_ready_for_pickup"
    assert body["template"]["language"] == {"code": "id"}
    texts = [p["text"] for p in body["template"]["components"][0]["parameters"]]
    assert texts[0] == "Pesanan GI-55 siap diambil"
    chat = Delivery.objects.get(event=event, channel="chat")
    assert body["biz_opaque_callback_data"] == str(chat.delivery_id)
    assert chat.status == DeliveryStatus.SENT
    assert Delivery.objects.get(event=event, channel="email").status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_chat_api_errors_are_retried_only_when_transient(
    settings, django_capture_on_commit_callbacks
):
    from .receiver import Receiver

    for status, expected in (
        (503, DeliveryStatus.RETRYING),
        (429, DeliveryStatus.RETRYING),
        (400, DeliveryStatus.FAILED),
    ):
        server = Receiver(statuses=[status]).start()
        try:
            settings.CHAT_BACKEND = "meta"
            settings.CHAT_API_BASE_URL = server.url
            settings.CHAT_ACCESS_TOKEN = "token-uji"
            settings.CHAT_PHONE_NUMBER_ID = "555"
            shopper = UserFactory(phone=f"+62812000000{status}")
            NotificationPreference.objects.create(user=shopper, chat_enabled=True)
            with django_capture_on_commit_callbacks(execute=True):
                event = emit_event("shipment.delivered", {"user_id": shopper.pk, "number": "GI-1"})
            chat = Delivery.objects.get(event=event, channel="chat")
            assert chat.status == expected, chat.last_error
        finally:
            server.stop()


@pytest.mark.django_db
def test_log_only_chat_backend_for_the_demo(settings, caplog, django_capture_on_commit_callbacks):
    settings.CHAT_BACKEND = "log"
    vendor = VendorFactory()
    seller = VendorMemberFactory(vendor=vendor, user__phone="+6285700000001").user
    NotificationPreference.objects.create(user=seller, chat_enabled=True)
    with caplog.at_level(logging.INFO, logger="marketplace.notifications.channels.chat"):
        with django_capture_on_commit_callbacks(execute=True):
            event = emit_event("order.placed", {"number": "GI-77-A"}, vendor_id=vendor.pk)
    assert Delivery.objects.get(event=event, channel="chat").status == DeliveryStatus.SENT
    assert "+6285700000001" in caplog.text and "galeri_order_placed" in caplog.text


@pytest.mark.django_db
def test_preferences_turn_channels_off_and_choose_the_language(
    gql, django_capture_on_commit_callbacks
):
    shopper = UserFactory(language_code="id")
    client = gql.as_user(shopper)
    updated = client.execute(
        UPDATE, {"input": {"languageCode": "en", "mutedKinds": ["shipment.in_transit"]}}
    )
    assert updated["data"]["notificationPreferencesUpdate"]["preferences"] == {
        "emailEnabled": True,
        "chatEnabled": False,
        "languageCode": "en",
        "mutedKinds": ["shipment.in_transit"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        emit_event(
            "shipment.booked",
            {"user_id": shopper.pk, "number": "GI-3", "carrier": "JNE", "tracking_number": "JN123"},
        )
        muted = emit_event("shipment.in_transit", {"user_id": shopper.pk, "number": "GI-3"})
    assert [m.subject for m in mail.outbox] == ["Order GI-3 is ready to ship"]
    assert Delivery.objects.get(event=muted).status == DeliveryStatus.SKIPPED

    client.execute(UPDATE, {"input": {"emailEnabled": False}})
    with django_capture_on_commit_callbacks(execute=True):
        off = emit_event("shipment.delivered", {"user_id": shopper.pk, "number": "GI-3"})
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(event=off).status == DeliveryStatus.SKIPPED


@pytest.mark.django_db
def test_invalid_preferences_are_refused(gql):
    shopper = UserFactory(phone="")
    bad = gql.as_user(shopper).execute(
        UPDATE, {"input": {"languageCode": "fr", "chatEnabled": True, "mutedKinds": ["x.y"]}}
    )
    errors = {
        (e["field"], e["code"]) for e in bad["data"]["notificationPreferencesUpdate"]["errors"]
    }
    assert errors == {
        ("languageCode", "INVALID"),
        ("chatEnabled", "INVALID"),
        ("mutedKinds", "INVALID"),
    }
    assert not NotificationPreference.objects.exists()
    anonymous = gql.execute(UPDATE, {"input": {"emailEnabled": False}})
    assert (
        anonymous["data"]["notificationPreferencesUpdate"]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )


@pytest.mark.django_db
def test_unconfigured_chat_api_fails_without_retrying(settings, django_capture_on_commit_callbacks):
    settings.CHAT_BACKEND = "meta"
    settings.CHAT_ACCESS_TOKEN = ""
    shopper = UserFactory(phone="+6281299999999")
    NotificationPreference.objects.create(user=shopper, chat_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event("shipment.delivered", {"user_id": shopper.pk, "number": "GI-2"})
    chat = Delivery.objects.get(event=event, channel="chat")
    assert chat.status == DeliveryStatus.FAILED and "not configured" in chat.last_error
