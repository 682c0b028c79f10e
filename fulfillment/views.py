"""HTTP endpoints of fulfilment: carrier webhooks and printable labels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from marketplace.core.exceptions import DomainError, NotFound

from .carriers.base import WebhookRejected
from .services.access import get_visible_shipment
from .services.labels import label_context
from .services.tracking import UnknownShipment, receive_webhook

MAX_WEBHOOK_BYTES = 256 * 1024


@csrf_exempt
@require_POST
def carrier_webhook(request: HttpRequest, code: str) -> HttpResponse:
    """Signed tracking events; a replay answers 200 and changes nothing."""
    if len(request.body) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "payload too large"}, status=413)
    headers = request.headers  # case-insensitive
    try:
        applied = receive_webhook(carrier_code=code, headers=headers, raw_body=request.body)
    except WebhookRejected as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except UnknownShipment:
        # Possibly booked a moment ago and not committed yet: ask the carrier to retry.
        return JsonResponse({"error": "unknown shipment"}, status=404)
    except NotFound:
        return JsonResponse({"error": "unknown carrier"}, status=404)
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"ok": True, "applied": applied})


@login_required
@require_GET
def shipment_label(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A6 label: waybill (as text and barcode), sender and recipient addresses."""
    try:
        shipment = get_visible_shipment(request.user, pk)
    except NotFound:
        raise Http404
    if not shipment.tracking_number:
        raise Http404
    return render(request, "fulfillment/label.html", label_context(shipment))
