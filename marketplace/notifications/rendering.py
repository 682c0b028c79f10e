"""Turns an outbox event into what a channel sends: email (subject, text, HTML), chat template
parameters, or the webhook JSON body.

Rendering is defensive: ids in the payload are looked up where the event needs the object
(`EventSpec.requires`); a deleted object raises `ObjectGone`, which the delivery records as skipped.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from marketplace.core.money import format_money

from .events import get_spec
from .messages import LAYOUT, MESSAGES, STOCK_CONFLICT_ADVICE
from .models import OutboxEvent

LANGUAGES = ("id", "en")


class ObjectGone(Exception):
    """The object an event is about no longer exists; its deliveries are skipped."""


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _load(label: str, pk, *, what: str):
    model = _model(label)
    if model is None or pk in (None, ""):
        return None
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ObjectGone(f"{what} {pk} no longer exists")


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def normalized_payload(event: OutboxEvent) -> dict:
    """The payload with snake_case keys too (emitters write `orderId` or `order_id`)."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    result: dict = {}
    for key, value in payload.items():
        if isinstance(key, str):
            result.setdefault(_CAMEL.sub("_", key).lower(), value)
    for key, value in payload.items():
        if isinstance(key, str):
            result[key] = value
    return result


def _money(value, language: str) -> str:
    if value in (None, ""):
        return "-"
    try:
        return format_money(Decimal(str(value)), locale=language)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def build_context(event: OutboxEvent, *, language: str = "id") -> dict:
    """Display values for an event, from its payload and the objects it names."""
    payload = normalized_payload(event)
    spec = get_spec(event.kind)
    requires = spec.requires if spec else ()
    context: dict = dict(payload)
    if "user" in requires:
        user = _load("accounts.User", payload.get("user_id"), what="user")
        if user is None:
            raise ObjectGone("the event names no user")
        context.setdefault("name", user.get_short_name())
    vendor_id = event.vendor_id or payload.get("vendor_id")
    if "vendor" in requires and vendor_id is None:
        raise ObjectGone("the event names no vendor")
    if vendor_id is not None:
        vendor = _load("vendors.Vendor", vendor_id, what="vendor")
        if vendor is not None:
            context["vendor_name"] = vendor.name
    if "product" in requires:
        product = _load("catalog.Product", payload.get("product_id"), what="product")
        if product is not None:
            context["product_name"] = product.name
    order_id = payload.get("order_id")
    if order_id is not None:
        order = _load("orders.Order", order_id, what="order")
        if order is not None:
            context.setdefault("number", order.number)
            context.setdefault("total", order.total)
            context.setdefault("_order_email", order.email)
            context.setdefault("_order_user_id", order.user_id)
    for alias in ("order_number", "vendor_order_number"):
        if payload.get(alias):
            context.setdefault("number", payload[alias])
    if payload.get("ship_by_deadline"):
        context.setdefault("deadline", payload["ship_by_deadline"])
    for key in ("total", "amount"):
        if key in context:
            context[key] = _money(context[key], language)
    context.setdefault("vendor_name", payload.get("vendor_name") or payload.get("name") or "-")
    context.setdefault("product_name", payload.get("name") or "-")
    return context


def _format(template: str, context: dict) -> str:
    values = defaultdict(
        lambda: "-", {k: ("-" if v in (None, "") else v) for k, v in context.items()}
    )
    return template.format_map(values)


def _message(kind: str, language: str, audience: str) -> tuple[str, str]:
    entry = MESSAGES.get(f"{kind}@{audience}") or MESSAGES.get(kind)
    if entry is None:
        return (kind, "")
    return entry.get(language) or entry["id"]


def render_email(
    event: OutboxEvent, *, language: str, audience: str, name: str = ""
) -> RenderedEmail:
    language = language if language in LANGUAGES else "id"
    context = build_context(event, language=language)
    if event.kind == "stock.conflict":
        context.setdefault("advice", STOCK_CONFLICT_ADVICE[language])
    if event.kind == "stock.low_digest":
        items = context.get("items") or []
        if isinstance(items, list):
            context["items"] = "\n".join(
                f"- {item.get('sku', '-')}: {item.get('quantity', '-')}"
                for item in items
                if isinstance(item, dict)
            )
    context.setdefault("name", name or context.get("vendor_name", ""))
    subject_tpl, body_tpl = _message(event.kind, language, audience)
    subject = _format(subject_tpl, context).replace("\n", " ")[:200]
    body = _format(body_tpl, context)
    layout = LAYOUT[language]
    template_context = {
        "language": language,
        "subject": subject,
        "greeting": _format(layout["greeting"], {"name": name or context.get("name") or ""}),
        "paragraphs": [line for line in body.split("\n") if line.strip()],
        "action_label": layout["action"],
        "action_url": settings.SITE_URL,
        "footer": layout["footer"],
    }
    text = render_to_string("notifications/email/message.txt", template_context)
    html = render_to_string("notifications/email/message.html", template_context)
    return RenderedEmail(subject=subject, text=text, html=html)


def chat_parameters(event: OutboxEvent, *, language: str, audience: str) -> list[str]:
    """Body parameters of the chat template: the subject line and the message, rendered."""
    rendered = render_email(event, language=language, audience=audience)
    return [
        rendered.subject,
        " ".join(rendered.text.split("\n")[2:4]).strip()[:900] or rendered.subject,
    ]


def webhook_body(event: OutboxEvent) -> bytes:
    """The JSON a vendor webhook receives; the same bytes on every retry of a delivery."""
    body = {
        "id": str(event.pk),
        "event": event.kind,
        "createdAt": event.created_at.isoformat(),
        "vendorId": event.vendor_id,
        "aggregate": {"type": event.aggregate_type, "id": event.aggregate_id},
        "data": event.payload,
    }
    return json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":"), sort_keys=True).encode()
