"""Dispatch: turn one outbox event into its deliveries (who hears about it, on which channel).

Idempotent: deliveries are unique per (event, channel, recipient), so dispatching an event twice
(a redelivered task, the sweep) creates nothing new; every delivery still pending is (re)queued
after commit, which is how a delivery whose message was lost gets sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..events import get_spec
from ..models import Delivery, DeliveryStatus, OutboxEvent, WebhookSubscription
from ..rendering import ObjectGone, build_context, normalized_payload

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    channel: str
    address: str
    audience: str
    language: str = "id"
    user_id: int | None = None
    webhook_id: int | None = None
    skip_reason: str = ""


def _preference(user):
    from ..models import NotificationPreference

    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return None


def _person_recipients(
    user, *, kind: str, audience: str, chat_template: str, language_hint: str = ""
) -> list[Recipient]:
    if user is None or not user.is_active:
        return []
    pref = _preference(user)
    language = (
        (pref.language_code if pref and pref.language_code else "")
        or user.language_code
        or language_hint
        or "id"
    )
    muted = bool(pref and kind in (pref.muted_kinds or []))
    recipients = []
    email_off = muted or (pref is not None and not pref.email_enabled)
    recipients.append(
        Recipient(
            channel="email",
            address=user.email.lower(),
            audience=audience,
            language=language,
            user_id=user.pk,
            skip_reason="dimatikan oleh pengguna" if email_off else "",
        )
    )
    if chat_template and pref is not None and pref.chat_enabled and user.phone and not muted:
        recipients.append(
            Recipient(
                channel="chat",
                address=user.phone,
                audience=audience,
                language=language,
                user_id=user.pk,
            )
        )
    return recipients


def resolve_recipients(event: OutboxEvent) -> list[Recipient]:
    """Everyone who must hear about `event`, per channel, with their language."""
    from marketplace.accounts.models import User
    from vendors.models import VendorMember

    spec = get_spec(event.kind)
    if spec is None:
        logger.warning(
            "outbox event %s has an unknown kind %r: nobody is notified", event.pk, event.kind
        )
        return []
    payload = normalized_payload(event)
    recipients: list[Recipient] = []
    chat = spec.chat_template

    if spec.shopper and not (spec.shopper_without_vendor_only and event.vendor_id):
        try:
            context = build_context(event)
        except ObjectGone:
            context = {}
        user_id = payload.get("user_id") or context.get("_order_user_id")
        try:
            user = User.objects.filter(pk=int(user_id)).first() if user_id else None
        except (TypeError, ValueError):
            user = None
        if user is not None:
            recipients += _person_recipients(
                user, kind=event.kind, audience="shopper", chat_template=chat
            )
        else:
            email = payload.get("email") or context.get("_order_email")
            if isinstance(email, str) and "@" in email:
                recipients.append(
                    Recipient(
                        channel="email",
                        address=email.strip().lower(),
                        audience="shopper",
                        language=payload.get("language_code")
                        if payload.get("language_code") in ("id", "en")
                        else "id",
                    )
                )
    if spec.vendor and event.vendor_id:
        members = (
            VendorMember.objects.filter(vendor_id=event.vendor_id, user__is_active=True)
            .select_related("user", "user__notification_preference")
            .order_by("pk")
        )
        for member in members:
            recipients += _person_recipients(
                member.user, kind=event.kind, audience="vendor", chat_template=chat
            )
    if spec.staff:
        staff = (
            User.objects.filter(is_staff=True, is_active=True)
            .select_related("notification_preference")
            .order_by("pk")
        )
        for user in staff:
            recipients += _person_recipients(
                user, kind=event.kind, audience="staff", chat_template=""
            )
    if spec.webhook and event.vendor_id:
        # At most a handful per vendor: filter the kinds here (JSON containment is PostgreSQL-only
        # and the embedded default runs on SQLite).
        subscriptions = WebhookSubscription.objects.filter(
            vendor_id=event.vendor_id, is_active=True
        ).order_by("pk")
        for webhook in subscriptions:
            if event.kind not in (webhook.events or []):
                continue
            recipients.append(
                Recipient(
                    channel="webhook",
                    address=f"webhook:{webhook.pk}",
                    audience="webhook",
                    webhook_id=webhook.pk,
                )
            )
    # One message per (channel, address), even if a person is both staff and a vendor member.
    unique: dict[tuple[str, str], Recipient] = {}
    for recipient in recipients:
        unique.setdefault((recipient.channel, recipient.address), recipient)
    return list(unique.values())


def dispatch_event(*, event_id) -> list[int]:
    """Create the deliveries of an event (once) and queue every one still pending; returns their ids."""
    from .delivery import enqueue_delivery

    with transaction.atomic():
        event = OutboxEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            logger.warning("outbox event %s vanished before dispatch", event_id)
            return []
        if event.dispatched_at is None:
            recipients = resolve_recipients(event)
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        event=event,
                        channel=r.channel,
                        recipient=r.address[:320],
                        user_id=r.user_id,
                        webhook_id=r.webhook_id,
                        audience=r.audience,
                        language=r.language,
                        status=DeliveryStatus.SKIPPED if r.skip_reason else DeliveryStatus.PENDING,
                        last_error=r.skip_reason,
                    )
                    for r in recipients
                ],
                ignore_conflicts=True,
            )
            event.dispatched_at = timezone.now()
            if not recipients:
                event.last_error = "no recipients"
            event.save(update_fields=["dispatched_at", "last_error"])
        pending = list(
            Delivery.objects.filter(event=event, status=DeliveryStatus.PENDING).values_list(
                "pk", flat=True
            )
        )
        for delivery_pk in pending:
            transaction.on_commit(lambda pk=delivery_pk: enqueue_delivery(pk))
    return pending
