"""Vendor webhook subscriptions: create, update, delete, disable, redeliver.

Only members of the vendor manage its webhooks (outsiders get NOT_FOUND); staff may redeliver.
The secret is write-only: it is never shown again after it was set.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, ErrorCollector, NotFound
from vendors.permissions import require_staff, require_vendor_access

from ..events import WEBHOOK_EVENT_KINDS
from ..models import Delivery, DeliveryStatus, WebhookSubscription
from ..outbox import emit_event

MAX_WEBHOOKS_PER_VENDOR = 10
SECRET_MIN_LENGTH = 16


def _clean_url(errors: ErrorCollector, url: str | None, *, field: str = "targetUrl") -> str:
    url = (url or "").strip()
    if not url:
        errors.add(field, "REQUIRED", "URL tujuan wajib diisi.")
        return ""
    if len(url) > 500:
        errors.add(field, "MAX_LENGTH", "URL tujuan paling panjang 500 karakter.")
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        errors.add(
            field, "INVALID", "URL tujuan harus berupa alamat http:// atau https:// yang valid."
        )
        return ""
    if parts.username or parts.password:
        errors.add(field, "INVALID", "URL tujuan tidak boleh memuat nama pengguna atau sandi.")
        return ""
    from django.conf import settings

    from ..channels.webhook import target_is_private

    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS and target_is_private(url):
        errors.add(field, "INVALID", "URL tujuan tidak boleh mengarah ke alamat lokal atau privat.")
        return ""
    return url


def _clean_events(errors: ErrorCollector, events, *, field: str = "events") -> list[str]:
    events = [e.strip() for e in (events or []) if isinstance(e, str) and e.strip()]
    if not events:
        errors.add(field, "REQUIRED", "Pilih minimal satu jenis peristiwa.")
        return []
    unknown = sorted(set(events) - set(WEBHOOK_EVENT_KINDS))
    if unknown:
        errors.add(field, "INVALID", f"Jenis peristiwa tidak dikenal: {', '.join(unknown)[:200]}.")
        return []
    return sorted(set(events))


def _clean_secret(errors: ErrorCollector, secret: str | None, *, field: str = "secret") -> str:
    secret = (secret or "").strip()
    if not secret:
        errors.add(field, "REQUIRED", "Kunci rahasia wajib diisi.")
    elif len(secret) < SECRET_MIN_LENGTH:
        errors.add(field, "INVALID", f"Kunci rahasia minimal {SECRET_MIN_LENGTH} karakter.")
    elif len(secret) > 128:
        errors.add(field, "MAX_LENGTH", "Kunci rahasia paling panjang 128 karakter.")
    return secret


def create_webhook(
    *, actor, vendor_id: int, target_url: str, events: list[str], secret: str
) -> WebhookSubscription:
    require_vendor_access(actor, vendor_id, field="vendorId")
    errors = ErrorCollector()
    url = _clean_url(errors, target_url)
    kinds = _clean_events(errors, events)
    secret = _clean_secret(errors, secret)
    errors.raise_if_any()
    with transaction.atomic():
        from vendors.models import Vendor

        Vendor.objects.select_for_update().filter(pk=vendor_id).first()  # serialise the quota check
        if (
            WebhookSubscription.objects.filter(vendor_id=vendor_id).count()
            >= MAX_WEBHOOKS_PER_VENDOR
        ):
            errors.add(
                "vendorId",
                "QUOTA_EXCEEDED",
                f"Paling banyak {MAX_WEBHOOKS_PER_VENDOR} webhook per usaha.",
            )
            errors.raise_if_any()
        return WebhookSubscription.objects.create(
            vendor_id=vendor_id, target_url=url, events=kinds, secret=secret, created_by=actor
        )


def _get_for_member(actor, webhook_id: int, *, field: str = "id") -> WebhookSubscription:
    webhook = WebhookSubscription.objects.filter(pk=webhook_id).first()
    if webhook is None:
        raise NotFound("Webhook tidak ditemukan.", field=field)
    require_vendor_access(actor, webhook.vendor_id, field=field)
    return webhook


def update_webhook(
    *,
    actor,
    webhook_id: int,
    target_url: str | None = None,
    events: list[str] | None = None,
    secret: str | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    _get_for_member(actor, webhook_id)
    errors = ErrorCollector()
    changes: dict = {}
    if target_url is not None:
        changes["target_url"] = _clean_url(errors, target_url)
    if events is not None:
        changes["events"] = _clean_events(errors, events)
    if secret is not None:
        changes["secret"] = _clean_secret(errors, secret)
    errors.raise_if_any()
    with transaction.atomic():
        webhook = WebhookSubscription.objects.select_for_update().get(pk=webhook_id)
        for key, value in changes.items():
            setattr(webhook, key, value)
        if is_active is True and not webhook.is_active:
            webhook.is_active = True
            webhook.consecutive_failures = 0
            webhook.disabled_at = None
            webhook.disabled_reason = ""
        elif is_active is False and webhook.is_active:
            webhook.is_active = False
            webhook.disabled_at = timezone.now()
            webhook.disabled_reason = "dinonaktifkan oleh penjual"
        webhook.save()
        return webhook


def delete_webhook(*, actor, webhook_id: int) -> int:
    webhook = _get_for_member(actor, webhook_id)
    webhook.delete()
    return webhook_id


def disable_webhook(*, webhook: WebhookSubscription, reason: str) -> None:
    """Called under the webhook's row lock when it keeps failing; the vendor hears about it."""
    webhook.is_active = False
    webhook.disabled_at = timezone.now()
    webhook.disabled_reason = reason[:255]
    webhook.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    emit_event(
        "webhook.disabled",
        {
            "webhook_id": webhook.pk,
            "target_url": webhook.target_url,
            "reason": webhook.disabled_reason,
        },
        vendor_id=webhook.vendor_id,
        aggregate_type="webhook",
        aggregate_id=webhook.pk,
    )


def deliveries_for_member(*, actor, webhook_id: int):
    webhook = _get_for_member(actor, webhook_id, field="webhookId")
    return Delivery.objects.filter(webhook=webhook).select_related("event")


def redeliver(*, delivery_id: int, actor=None, by_staff: bool = True) -> Delivery:
    """Send a delivery again by hand (same X-Galeri-Delivery id); staff only through the API."""
    if by_staff:
        require_staff(actor)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFound("Pengiriman tidak ditemukan.", field="id")
        if delivery.webhook_id and not delivery.webhook.is_active:
            raise DomainError(
                "Webhook ini nonaktif; aktifkan kembali sebelum mengirim ulang.",
                code="INVALID",
                field="id",
            )
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
        from .delivery import enqueue_delivery

        transaction.on_commit(lambda: enqueue_delivery(delivery.pk))
    return delivery
