"""The payment adapter interface. Amounts are whole Rupiah; each gateway converts at its edge.

Every call that moves money takes our idempotency key; a gateway must make a repeated call with
the same key return the same result (Stripe does it itself; the offline gateways are pure).
Async is the normal case: `create_payment` answers PENDING plus a next action (a client secret
for card confirmation, VA instructions), and the outcome arrives by webhook or callback.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal


class GatewayError(Exception):
    """The provider could not be reached, or refused the call.

    `permanent` says whether asking again can help. Transient (False, the default): the network,
    a 5xx, a rate limit, our own credentials; the same call with the same idempotency key may
    succeed later. Permanent (True): the provider understood the call and refused it (charge
    disputed or already refunded, amount too large, unknown object); repeating it changes nothing.
    """

    def __init__(self, message: str = "", *, permanent: bool = False, code: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code  # the provider's error code when it gave one ("charge_disputed")


class WebhookRejected(Exception):
    """A webhook that must not be trusted (bad signature, stale timestamp, malformed body)."""


@dataclass
class GatewayResult:
    status: str  # our PaymentStatus value: PENDING, AUTHORIZED, CAPTURED, FAILED, CANCELLED, ...
    reference: str = ""
    amount: Decimal | None = None  # whole Rupiah the provider reports (captured or requested)
    client_secret: str = ""
    instructions: dict = field(default_factory=dict)
    failure_message: str = ""
    raw: dict = field(default_factory=dict)


@dataclass
class RefundResult:
    status: str  # SUCCESS | PENDING (accepted, still on its way) | FAILED (for good)
    reference: str = ""  # the provider's refund id (Stripe: re_…)
    failure_message: str = ""


@dataclass
class WebhookEvent:
    event_id: str
    type: str
    reference: str  # the payment's provider reference (PaymentIntent id, VA number)
    amount: Decimal | None = None
    payload: dict = field(default_factory=dict)
    # Set when the event is about one refund (Stripe refund.*): its id and its state as sent.
    refund: RefundResult | None = None


class PaymentGateway(ABC):
    id: str = ""
    is_async: bool = True

    @abstractmethod
    def create_payment(
        self,
        *,
        order_ref: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
        expires_in: timedelta | None,
        metadata: dict,
    ) -> GatewayResult: ...

    @abstractmethod
    def get_payment(self, reference: str) -> GatewayResult: ...

    @abstractmethod
    def capture(
        self, reference: str, *, amount: Decimal, idempotency_key: str
    ) -> GatewayResult: ...

    @abstractmethod
    def cancel(self, reference: str, *, idempotency_key: str) -> GatewayResult: ...

    @abstractmethod
    def refund(
        self, reference: str, *, amount: Decimal, idempotency_key: str, reason: str = ""
    ) -> RefundResult: ...

    @abstractmethod
    def parse_webhook(self, headers, raw_body: bytes) -> WebhookEvent: ...
