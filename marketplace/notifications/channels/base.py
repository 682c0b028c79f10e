"""The interface every notification channel implements.

`send(delivery)` makes one attempt and answers a `SendResult`; it never touches the delivery
row (the caller records the attempt). `transient=True` means "try again later" (network error,
timeout, HTTP 5xx/408/429); a permanent failure is not retried. Every message carries the
delivery's `delivery_id` so the receiver can drop a copy sent again after a crash.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

TRANSIENT_HTTP_STATUSES = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class SendResult:
    ok: bool
    transient: bool = False
    status_code: int | None = None
    error: str = ""
    skipped: bool = False

    @classmethod
    def sent(cls, status_code: int | None = None) -> SendResult:
        return cls(ok=True, status_code=status_code)

    @classmethod
    def retry(cls, error: str, status_code: int | None = None) -> SendResult:
        return cls(ok=False, transient=True, error=error, status_code=status_code)

    @classmethod
    def fail(cls, error: str, status_code: int | None = None) -> SendResult:
        return cls(ok=False, transient=False, error=error, status_code=status_code)

    @classmethod
    def skip(cls, reason: str) -> SendResult:
        return cls(ok=False, skipped=True, error=reason)


def result_for_http_status(status_code: int, body_excerpt: str = "") -> SendResult:
    if 200 <= status_code < 300:
        return SendResult.sent(status_code)
    message = f"HTTP {status_code} {body_excerpt[:200]}".strip()
    if status_code in TRANSIENT_HTTP_STATUSES or status_code >= 500:
        return SendResult.retry(message, status_code)
    return SendResult.fail(message, status_code)


class NotificationChannel(abc.ABC):
    name: str = ""

    @abc.abstractmethod
    def send(self, delivery) -> SendResult:
        """Make one attempt at sending `delivery` (a `Delivery` with its event loaded)."""
