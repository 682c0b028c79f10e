"""Payment gateway adapters behind one interface (DESIGN.md "payments adapter")."""

from __future__ import annotations

from .base import (
    GatewayError,
    GatewayResult,
    PaymentGateway,
    RefundResult,
    WebhookEvent,
    WebhookRejected,
)


def get_gateway(gateway_id: str) -> PaymentGateway:
    from .bank_transfer import BankTransferGateway
    from .cod import CashOnDeliveryGateway
    from .stripe import StripeGateway

    gateways = {
        "stripe": StripeGateway,
        "bank_transfer": BankTransferGateway,
        "cod": CashOnDeliveryGateway,
    }
    try:
        return gateways[gateway_id]()
    except KeyError:
        raise GatewayError(f"Unknown payment gateway {gateway_id!r}.", permanent=True)


__all__ = [
    "GatewayError",
    "GatewayResult",
    "PaymentGateway",
    "RefundResult",
    "WebhookEvent",
    "WebhookRejected",
    "get_gateway",
]
