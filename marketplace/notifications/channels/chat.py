"""The chat-app channel (WhatsApp-style), behind a small client interface.

- `LogChatClient` (CHAT_BACKEND=log, the demo): writes the message to the log, sends nothing.
- `MetaCloudChatClient` (CHAT_BACKEND=meta): a template message shaped like the Meta Cloud API's
  `POST {base}/{phone_number_id}/messages` with a Bearer token:
  `{"messaging_product": "whatsapp", "to": "<digits>", "type": "template",
    "template": {"name": ..., "language": {"code": "id"|"en"},
                 "components": [{"type": "body", "parameters": [{"type": "text", "text": ...}]}]},
    "biz_opaque_callback_data": "<delivery id>"}`.
Only events with a `chat_template` (events.py) and people who opted in receive chat messages.
"""

from __future__ import annotations

import abc
import logging

import httpx
from django.conf import settings

from ..events import get_spec
from ..rendering import ObjectGone, chat_parameters
from .base import NotificationChannel, SendResult, result_for_http_status

logger = logging.getLogger(__name__)


class ChatClient(abc.ABC):
    @abc.abstractmethod
    def send_template(
        self, *, to: str, template: str, language: str, parameters: list[str], reference: str
    ) -> SendResult:
        """Send one template message to `to` (E.164)."""


class LogChatClient(ChatClient):
    def send_template(self, *, to, template, language, parameters, reference) -> SendResult:
        logger.info(
            "chat message to %s template=%s lang=%s ref=%s params=%s",
            to,
            template,
            language,
            reference,
            parameters,
        )
        return SendResult.sent()


class MetaCloudChatClient(ChatClient):
    def __init__(
        self, *, base_url: str, access_token: str, phone_number_id: str, timeout: float
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        self.timeout = timeout

    def send_template(self, *, to, template, language, parameters, reference) -> SendResult:
        if not (self.access_token and self.phone_number_id):
            return SendResult.fail(
                "chat API not configured (CHAT_ACCESS_TOKEN, CHAT_PHONE_NUMBER_ID)"
            )
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": p} for p in parameters],
                    }
                ],
            },
            "biz_opaque_callback_data": reference,
        }
        try:
            response = httpx.post(
                f"{self.base_url}/{self.phone_number_id}/messages",
                json=body,
                headers={"Authorization": f"Bearer {self.access_token}"},
                timeout=self.timeout,
            )
        except httpx.LocalProtocolError as exc:  # our request is malformed: retrying cannot help
            return SendResult.fail(f"{type(exc).__name__}: {exc}")
        except httpx.TransportError as exc:
            return SendResult.retry(f"{type(exc).__name__}: {exc}")
        return result_for_http_status(response.status_code, response.text[:200])


def get_chat_client() -> ChatClient:
    if settings.CHAT_BACKEND == "meta":
        return MetaCloudChatClient(
            base_url=settings.CHAT_API_BASE_URL,
            access_token=settings.CHAT_ACCESS_TOKEN,
            phone_number_id=settings.CHAT_PHONE_NUMBER_ID,
            timeout=settings.NOTIFICATION_HTTP_TIMEOUT,
        )
    return LogChatClient()


class ChatChannel(NotificationChannel):
    name = "chat"

    def send(self, delivery) -> SendResult:
        spec = get_spec(delivery.event.kind)
        if spec is None or not spec.chat_template:
            return SendResult.skip("no chat template for this event")
        try:
            parameters = chat_parameters(
                delivery.event, language=delivery.language, audience=delivery.audience
            )
        except ObjectGone as exc:
            return SendResult.skip(str(exc))
        return get_chat_client().send_template(
            to=delivery.recipient,
            template=f"galeri_{spec.chat_template}",
            language=delivery.language,
            parameters=parameters,
            reference=str(delivery.delivery_id),
        )
