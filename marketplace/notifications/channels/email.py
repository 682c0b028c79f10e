"""Email through Django's email backend, in the recipient's language, HTML + text.

The Message-ID is derived from the delivery id, so a copy sent again after a crash is
recognisable as the same message by mail systems that de-duplicate.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from ..rendering import ObjectGone, render_email
from .base import NotificationChannel, SendResult


class EmailChannel(NotificationChannel):
    name = "email"

    def send(self, delivery) -> SendResult:
        try:
            rendered = render_email(
                delivery.event,
                language=delivery.language,
                audience=_audience(delivery),
                name=delivery.user.get_short_name() if delivery.user_id and delivery.user else "",
            )
        except ObjectGone as exc:
            return SendResult.skip(str(exc))
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.recipient],
            headers={
                "Message-ID": f"<{delivery.delivery_id}@galeri-ikm.id>",
                "X-Galeri-Delivery": str(delivery.delivery_id),
                "X-Galeri-Event": delivery.event.kind,
            },
        )
        message.attach_alternative(rendered.html, "text/html")
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            return SendResult.fail(f"recipient refused: {exc}")
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            return SendResult.retry(f"{type(exc).__name__}: {exc}")
        return SendResult.sent()


def _audience(delivery) -> str:
    """Which wording: the vendor's copy of an order event differs from the shopper's."""
    return delivery.audience or "shopper"
