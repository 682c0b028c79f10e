"""HTTP endpoints of payments: provider webhooks and the vendor statement CSV. Thin."""

from __future__ import annotations

import logging
from datetime import date

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from marketplace.core.exceptions import DomainError

from .gateways import GatewayError, WebhookRejected
from .services import ledger
from .services.payments import handle_webhook

logger = logging.getLogger(__name__)


def _webhook(request, gateway_id: str):
    try:
        outcome = handle_webhook(gateway_id, request.headers, request.body)
    except WebhookRejected as exc:
        logger.warning("%s webhook rejected: %s", gateway_id, exc)
        return JsonResponse({"error": "invalid signature or body"}, status=400)
    except DomainError as exc:
        return JsonResponse({"error": exc.errors[0].message, "code": exc.code}, status=400)
    except GatewayError as exc:
        # The provider could not be asked for the current state: let it deliver again later.
        logger.warning("%s webhook could not be applied: %s", gateway_id, exc)
        return JsonResponse({"error": "try again"}, status=503)
    return JsonResponse({"status": outcome})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    return _webhook(request, "stripe")


@csrf_exempt
@require_POST
def bank_transfer_callback(request):
    return _webhook(request, "bank_transfer")


@require_GET
def vendor_statement_csv(request, vendor_id: int):
    """The statement as CSV for a vendor's members (session or Bearer token) and payout staff."""
    from marketplace.accounts.authentication import InvalidToken, authenticate_bearer
    from vendors.permissions import require_vendor_access

    from .graphql.schema import parse_period

    user = request.user
    try:
        bearer = authenticate_bearer(request)
    except InvalidToken:
        return JsonResponse({"error": "invalid token"}, status=401)
    if bearer is not None:
        user = bearer
    try:
        require_vendor_access(user, vendor_id, staff_permission="manage_payouts")
        start, end = parse_period(
            date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None,
            date.fromisoformat(request.GET["to"]) if request.GET.get("to") else None,
        )
    except DomainError:
        return JsonResponse({"error": "not found"}, status=404)
    except ValueError:
        return JsonResponse({"error": "from/to must be YYYY-MM-DD"}, status=400)
    statement = ledger.vendor_statement(vendor_id=vendor_id, date_from=start, date_to=end)
    response = HttpResponse(ledger.statement_csv(statement), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-{vendor_id}.csv"'
    return response
