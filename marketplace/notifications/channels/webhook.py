"""Vendor webhooks: a signed JSON POST (shared/API.md).

Headers: `X-Galeri-Event`, `X-Galeri-Delivery` (the same on every retry) and
`X-Galeri-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. Targets that resolve to
loopback/private addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS (tests, demo).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from ..rendering import webhook_body
from ..signing import sign
from .base import NotificationChannel, SendResult, result_for_http_status

USER_AGENT = "GaleriIKM-Webhooks/1.0"


def target_is_private(url: str) -> bool:
    """True if the URL's host is (or resolves to) a loopback, private or link-local address."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # unresolvable now: the send will fail (and be retried) on its own
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            return True
    return False


def post_signed(
    *, url: str, secret: str, body: bytes, headers: dict[str, str], timeout: float
) -> SendResult:
    """POST `body` signed with `secret`; a transport error or 5xx is transient."""
    all_headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Galeri-Signature": sign(secret, body),
        **headers,
    }
    try:
        response = httpx.post(
            url, content=body, headers=all_headers, timeout=timeout, follow_redirects=False
        )
    except httpx.TransportError as exc:
        return SendResult.retry(f"{type(exc).__name__}: {exc}")
    return result_for_http_status(response.status_code, response.text[:200])


class WebhookChannel(NotificationChannel):
    name = "webhook"

    def send(self, delivery) -> SendResult:
        webhook = delivery.webhook
        if webhook is None:
            return SendResult.skip("the webhook was deleted")
        if not webhook.is_active:
            return SendResult.fail("the webhook is disabled")
        if webhook.vendor_id != delivery.event.vendor_id:
            # Never send one vendor's event to another vendor's endpoint, whatever happened.
            return SendResult.skip("event of another vendor")
        if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS and target_is_private(webhook.target_url):
            return SendResult.fail("target address is private or loopback")
        return post_signed(
            url=webhook.target_url,
            secret=webhook.secret,
            body=webhook_body(delivery.event),
            headers={
                "X-Galeri-Event": delivery.event.kind,
                "X-Galeri-Delivery": str(delivery.delivery_id),
            },
            timeout=settings.NOTIFICATION_HTTP_TIMEOUT,
        )
