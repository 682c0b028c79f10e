"""`POST /stock/channels/<code>/events/`: signed stock events from the Galeri POS or a channel.

Answers JSON: 200 applied/conflict (and replays, with `"replay": true`), 422 a recorded refusal
(unknown SKU, adjustment below allocated), 400 a malformed body (not recorded), 401 a bad or
stale signature (nothing recorded, nothing changed), 404 an unknown or inactive channel.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.core.exceptions import DomainError, NotFound

from .models import InboundStatus
from .services.inbound import InvalidSignature, receive_channel_event

MAX_BODY_BYTES = 64 * 1024


@csrf_exempt
@require_POST
def channel_event(request, code: str):
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse(
            {"code": "FILE_TOO_LARGE", "message": "Badan permintaan terlalu besar."}, status=413
        )
    try:
        result = receive_channel_event(
            code=code,
            raw_body=request.body,
            signature=request.headers.get("X-Galeri-Signature", ""),
        )
    except NotFound as exc:
        return JsonResponse({"code": "NOT_FOUND", "message": str(exc)}, status=404)
    except InvalidSignature as exc:
        return JsonResponse({"code": "INVALID_SIGNATURE", "message": str(exc)}, status=401)
    except DomainError as exc:
        return JsonResponse({"code": exc.code, "field": exc.field, "message": str(exc)}, status=400)
    status = 422 if result.event.status == InboundStatus.REJECTED else 200
    return JsonResponse(result.as_dict(), status=status)
