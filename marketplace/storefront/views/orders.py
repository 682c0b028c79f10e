"""Order confirmation, order history with a tracking timeline, and public order tracking."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..forms import TrackForm

# What the shopper reads for each step of a vendor order, in order.
VENDOR_ORDER_STEPS = [
    ("created_at", gettext_lazy("Pesanan dibuat")),
    ("paid_at", gettext_lazy("Pembayaran diterima")),
    ("accepted_at", gettext_lazy("Diterima penjual")),
    ("packed_at", gettext_lazy("Dikemas")),
    ("shipped_at", gettext_lazy("Diserahkan ke kurir")),
    ("delivered_at", gettext_lazy("Sampai tujuan")),
    ("completed_at", gettext_lazy("Selesai")),
]


def _orders_queryset():
    from marketplace.orders.models import Order, VendorOrder

    return Order.objects.select_related("shipping_address").prefetch_related(
        Prefetch(
            "vendor_orders",
            queryset=VendorOrder.objects.select_related("vendor").prefetch_related("lines"),
        ),
        "payments",
    )


def _shipments(vendor_order) -> list:
    manager = getattr(vendor_order, "shipments", None)
    if manager is None:
        return []
    shipments = list(manager.all())
    for shipment in shipments:
        events = getattr(shipment, "events", None) or getattr(shipment, "tracking_events", None)
        shipment.timeline = (
            list(events.all().order_by("-occurred_at")) if events is not None else []
        )
    return shipments


def timeline_for(vendor_order) -> list[dict]:
    steps = []
    for attribute, label in VENDOR_ORDER_STEPS:
        when = getattr(vendor_order, attribute, None)
        steps.append({"label": label, "at": when, "done": when is not None})
    if vendor_order.cancelled_at:
        steps.append({"label": _("Dibatalkan"), "at": vendor_order.cancelled_at, "done": True})
    return steps


def _decorate(order):
    for vendor_order in order.vendor_orders.all():
        vendor_order.timeline = timeline_for(vendor_order)
        vendor_order.shipment_list = _shipments(vendor_order)
    payments = list(order.payments.all())
    order.latest_payment = payments[-1] if payments else None
    return order


@login_required
def order_list(request):
    orders = _orders_queryset().filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(orders, 10).get_page(request.GET.get("halaman"))
    return render(
        request, "storefront/orders/list.html", {"page": page, "orders": page.object_list}
    )


@login_required
def order_detail(request, number: str):
    order = _orders_queryset().filter(number=number).first()
    if order is None or (order.user_id != request.user.pk and not request.user.is_staff):
        raise Http404(_("Pesanan tidak ditemukan."))
    return render(
        request, "storefront/orders/detail.html", {"order": _decorate(order), "confirmation": False}
    )


def order_confirmation(request, number: str):
    """The page after "Bayar": reachable by the order's owner, or by the guest whose session
    placed it (the session remembers the numbers it placed)."""
    order = _orders_queryset().filter(number=number).first()
    placed_here = number in request.session.get("placed_orders", [])
    owner = order is not None and request.user.is_authenticated and order.user_id == request.user.pk
    if order is None or not (placed_here or owner):
        raise Http404(_("Pesanan tidak ditemukan."))
    from django.conf import settings

    return render(
        request,
        "storefront/orders/detail.html",
        {
            "order": _decorate(order),
            "confirmation": True,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        },
    )


def track(request):
    """Public tracking: order number + the email it was placed with (no account needed)."""
    form = TrackForm(request.GET or None)
    order = None
    if form.is_bound and form.is_valid():
        from fulfillment.services.public_tracking import find_order_for_tracking

        found = find_order_for_tracking(
            number=form.cleaned_data["number"], email=form.cleaned_data["email"]
        )
        order = _orders_queryset().filter(pk=found.pk).first() if found is not None else None
        if order is None:
            form.add_error(None, _("Pesanan dengan nomor dan email itu tidak ditemukan."))
        else:
            _decorate(order)
    return render(request, "storefront/orders/track.html", {"form": form, "order": order})


def _own_order(request, number: str):
    order = _orders_queryset().filter(number=number).first()
    placed_here = number in request.session.get("placed_orders", [])
    owner = order is not None and request.user.is_authenticated and order.user_id == request.user.pk
    if order is None or not (placed_here or owner):
        raise Http404
    return order


@require_POST
def order_card_payment(request, number: str):
    """Stripe.js made a card token; the payments service attaches it to the order's
    PaymentIntent and confirms it (`payments.services.payments.confirm_card_payment`)."""
    from django.http import JsonResponse

    from marketplace.core.exceptions import DomainError
    from payments.services import payments as payment_services

    order = _own_order(request, number)
    payment = order.payments.filter(gateway="stripe").order_by("-pk").first()
    token = (request.POST.get("token") or "").strip()
    if payment is None or not token:
        return JsonResponse({"message": _("Pembayaran kartu tidak ditemukan.")}, status=400)
    confirm = getattr(payment_services, "confirm_card_payment", None)
    if confirm is None:
        return JsonResponse({"message": _("Pembayaran kartu belum tersedia.")}, status=503)
    try:
        payment = confirm(payment, card_token=token)
    except DomainError as exc:
        return JsonResponse({"message": " ".join(_(e.message) for e in exc.errors)}, status=400)
    return JsonResponse(
        {
            "status": payment.status,
            "requires_action": bool(getattr(payment, "requires_action", False)),
        }
    )


def order_payment_refresh(request, number: str):
    """After Stripe.js confirmed a card payment: ask the provider where the payment stands
    (`payments.services.payments.reconcile_payment`, the same call the beat task makes)."""
    from django.http import HttpResponseNotAllowed, JsonResponse

    from payments.services.payments import reconcile_payment

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    order = _own_order(request, number)
    payment = order.payments.order_by("-pk").first()
    if payment is not None:
        from marketplace.core.exceptions import DomainError

        with contextlib.suppress(DomainError):
            payment = reconcile_payment(payment)
    order.refresh_from_db()
    return JsonResponse({"order": order.status, "payment": payment.status if payment else None})
