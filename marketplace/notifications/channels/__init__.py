"""Notification channels behind one interface (`base.NotificationChannel`)."""

from __future__ import annotations

from .base import NotificationChannel, SendResult


def get_channel(name: str) -> NotificationChannel:
    from .chat import ChatChannel
    from .email import EmailChannel
    from .webhook import WebhookChannel

    channels: dict[str, type[NotificationChannel]] = {
        "email": EmailChannel,
        "webhook": WebhookChannel,
        "chat": ChatChannel,
    }
    return channels[name]()


__all__ = ["NotificationChannel", "SendResult", "get_channel"]
