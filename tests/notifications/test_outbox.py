"""The outbox: an event is written in the business transaction and delivered after commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from marketplace.notifications.models import Delivery, DeliveryAttempt, DeliveryStatus, OutboxEvent
from marketplace.notifications.outbox import emit_event
from marketplace.notifications.scheduled import sweep_outbox
from marketplace.notifications.tasks import dispatch_event
from tests.factories import ProductFactory, UserFactory, VendorFactory, VendorMemberFactory


@pytest.mark.django_db
def test_committed_event_is_emailed_once_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    shopper = UserFactory(first_name="Rina", language_code="id")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            event = emit_event(
                "account.created",
                {"user_id": shopper.pk},
                aggregate_type="user",
                aggregate_id=shopper.pk,
            )

    event.refresh_from_db()
    assert event.published_at is not None and event.dispatched_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [shopper.email]
    assert message.subject == "Selamat datang di Galeri IKM"
    assert "Halo Rina" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="id">' in html
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    assert message.extra_headers["X-Galeri-Delivery"] == str(delivery.delivery_id)
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [
        DeliveryAttempt.Outcome.SENT
    ]


@pytest.mark.django_db
def test_english_speaker_gets_english_email(django_capture_on_commit_callbacks):
    shopper = UserFactory(first_name="Anna", language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        emit_event("account.created", {"user_id": shopper.pk})
    assert mail.outbox[0].subject == "Welcome to Galeri IKM"
    assert "Hello Anna" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_publishes_and_sends_nothing(receiver):
    vendor = VendorFactory()
    VendorMemberFactory(vendor=vendor)
    from marketplace.notifications.models import WebhookSubscription

    WebhookSubscription.objects.create(
        vendor=vendor, target_url=receiver.url, events=["stock.low"], secret="s" * 20
    )

    with pytest.raises(RuntimeError), transaction.atomic():
        emit_event("stock.low", {"sku": "X"}, vendor_id=vendor.pk)
        raise RuntimeError("the business change failed")

    sweep_outbox.apply()
    assert OutboxEvent.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert mail.outbox == []
    assert receiver.count() == 0


@pytest.mark.django_db
def test_dispatching_twice_never_duplicates_a_delivery(django_capture_on_commit_callbacks):
    vendor = VendorFactory()
    owner = VendorMemberFactory(vendor=vendor).user
    staff_member = VendorMemberFactory(vendor=vendor, role="STAFF").user
    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event("payout.sent", {"amount": "250000"}, vendor_id=vendor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_event.apply(args=[str(event.pk)])
        dispatch_event.apply(args=[str(event.pk)])

    deliveries = Delivery.objects.filter(event=event)
    assert sorted(deliveries.values_list("recipient", flat=True)) == sorted(
        [owner.email, staff_member.email]
    )
    assert all(d.status == DeliveryStatus.SENT and d.attempts == 1 for d in deliveries)
    assert len(mail.outbox) == 2
    assert "Rp 250.000" in mail.outbox[0].body


@pytest.mark.django_db
def test_event_whose_object_was_deleted_is_skipped_not_crashed(django_capture_on_commit_callbacks):
    vendor = VendorFactory()
    VendorMemberFactory(vendor=vendor)
    product = ProductFactory(vendor=vendor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = emit_event("product.approved", {"product_id": product.pk}, vendor_id=vendor.pk)
    product.delete()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    delivery = Delivery.objects.get(event=event)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "no longer exists" in delivery.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_order_placed_goes_to_the_shopper_and_each_vendor_copy_to_its_vendor(
    django_capture_on_commit_callbacks,
):
    shopper = UserFactory()
    vendor_a, vendor_b = VendorFactory(), VendorFactory()
    seller_a = VendorMemberFactory(vendor=vendor_a).user
    seller_b = VendorMemberFactory(vendor=vendor_b).user
    with django_capture_on_commit_callbacks(execute=True):
        emit_event("order.placed", {"user_id": shopper.pk, "number": "GI-1001", "total": "475000"})
        emit_event(
            "order.placed", {"user_id": shopper.pk, "number": "GI-1001-A"}, vendor_id=vendor_a.pk
        )
        emit_event(
            "order.placed", {"user_id": shopper.pk, "number": "GI-1001-B"}, vendor_id=vendor_b.pk
        )

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {shopper.email, seller_a.email, seller_b.email}
    assert by_recipient[shopper.email].subject == "Pesanan GI-1001 diterima"
    assert "Rp 475.000" in by_recipient[shopper.email].body
    assert by_recipient[seller_a.email].subject == "Pesanan baru GI-1001-A"
    assert by_recipient[seller_b.email].subject == "Pesanan baru GI-1001-B"


@pytest.mark.django_db
def test_unknown_kind_is_recorded_without_recipients(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = emit_event("something.new", {"x": 1})
    event.refresh_from_db()
    assert event.dispatched_at is not None and event.last_error == "no recipients"
    assert not Delivery.objects.filter(event=event).exists()


@pytest.mark.django_db
def test_sweep_publishes_events_left_unpublished(settings, django_capture_on_commit_callbacks):
    """A crash between commit and publish: the row is committed, nothing was published."""
    settings.OUTBOX_PUBLISH_GRACE_SECONDS = 0
    user = UserFactory()
    event = OutboxEvent.objects.create(kind="account.created", payload={"user_id": user.pk})
    assert event.published_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox.apply().get() == 1
    event.refresh_from_db()
    assert event.published_at is not None and event.dispatched_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]
    # A second sweep finds nothing to do and sends nothing more.
    assert sweep_outbox.apply().get() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_camel_case_payloads_from_other_rooms_render(django_capture_on_commit_callbacks):
    shopper = UserFactory()
    vendor = VendorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        emit_event(
            "shipment.booked",
            {
                "userId": shopper.pk,
                "vendorOrderNumber": "GI-5-A",
                "carrier": "JNE",
                "trackingNumber": "JN0001",
            },
            vendor_id=vendor.pk,
        )
    assert [m.subject for m in mail.outbox] == ["Pesanan GI-5-A siap dikirim"]
    assert "JN0001" in mail.outbox[0].body and "JNE" in mail.outbox[0].body


@pytest.mark.django_db
def test_every_event_kind_has_both_languages_and_renders_cleanly():
    from marketplace.notifications.events import SPECS
    from marketplace.notifications.messages import MESSAGES
    from marketplace.notifications.rendering import render_email

    vendor = VendorFactory(name="Bandeng Juwana")
    user = UserFactory()
    product = ProductFactory(vendor=vendor)
    for kind in SPECS:
        assert kind in MESSAGES and set(MESSAGES[kind]) == {"id", "en"}, kind
        event = OutboxEvent(
            kind=kind,
            vendor_id=vendor.pk,
            payload={
                "user_id": user.pk,
                "product_id": product.pk,
                "number": "GI-1",
                "total": "1000",
                "amount": "5000",
            },
        )
        for language in ("id", "en"):
            for audience in ("shopper", "vendor", "staff"):
                rendered = render_email(event, language=language, audience=audience)
                assert (
                    rendered.subject and "{" not in rendered.subject and "{" not in rendered.text
                ), (kind, language)


@pytest.mark.django_db
def test_status_command_and_retention(settings, django_capture_on_commit_callbacks):
    import io
    import json as jsonlib
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from marketplace.notifications.scheduled import purge_old_notifications

    user = UserFactory()
    OutboxEvent.objects.create(
        kind="account.created", payload={"user_id": user.pk}
    )  # never published
    with django_capture_on_commit_callbacks(execute=True):
        done = emit_event("account.created", {"user_id": user.pk})
    out = io.StringIO()
    call_command("notifications_status", stdout=out)
    status = jsonlib.loads(out.getvalue())
    assert status["unpublished_events"] == 1 and status["deliveries"] == {"SENT": 1}

    OutboxEvent.objects.filter(pk=done.pk).update(
        created_at=timezone.now() - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS + 1)
    )
    assert purge_old_notifications.apply().get() == 1
    assert not OutboxEvent.objects.filter(pk=done.pk).exists() and not Delivery.objects.exists()
    assert OutboxEvent.objects.count() == 1  # the unpublished one is kept until it is sent
