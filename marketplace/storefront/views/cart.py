"""The cart, grouped by vendor. Every change goes through `marketplace.checkout.services.cart`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.checkout.pricing import price_checkout
from marketplace.checkout.services.cart import (
    LineInput,
    add_lines,
    create_checkout,
    delete_line,
    update_lines,
)
from marketplace.core.exceptions import DomainError

from ..cart import get_cart
from ..errors import error_messages


def _positive_int(value, default=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number


@require_POST
def cart_add(request):
    if not request.user.is_authenticated:
        messages.info(request, _("Silakan masuk dulu untuk berbelanja."))
        back = request.META.get("HTTP_REFERER") or reverse("storefront:home")
        return redirect(f"{reverse('storefront:login')}?next={back}")
    variant_id = _positive_int(request.POST.get("variant"))
    quantity = _positive_int(request.POST.get("quantity"), 1)
    back = request.META.get("HTTP_REFERER") or reverse("storefront:cart")
    if variant_id is None:
        messages.error(request, _("Pilih varian terlebih dahulu."))
        return redirect(back)
    lines = [LineInput(variant_id=variant_id, quantity=quantity)]
    try:
        checkout = get_cart(request)
        if checkout is None:
            create_checkout(user=request.user, email=request.user.email, lines=lines)
        else:
            add_lines(checkout=checkout, lines=lines)
    except DomainError as exc:
        for message in error_messages(exc):
            messages.error(request, _(message))
        return redirect(back)
    messages.success(request, _("Produk masuk keranjang."))
    if request.POST.get("buy_now"):
        return redirect("storefront:checkout")
    return redirect("storefront:cart")


@login_required
def cart_view(request):
    checkout = get_cart(request)
    pricing = price_checkout(checkout) if checkout is not None else None
    return render(request, "storefront/cart.html", {"checkout": checkout, "pricing": pricing})


@login_required
@require_POST
def cart_update(request):
    checkout = get_cart(request)
    if checkout is None:
        return redirect("storefront:cart")
    try:
        if "remove" in request.POST:
            delete_line(checkout=checkout, line_id=_positive_int(request.POST.get("remove"), 0))
        else:
            lines = []
            for line in checkout.lines.all():
                quantity = _positive_int(request.POST.get(f"qty-{line.pk}"), line.quantity)
                if quantity is not None and quantity <= 0:
                    delete_line(checkout=checkout, line_id=line.pk)
                    continue
                lines.append(LineInput(variant_id=line.variant_id, quantity=quantity))
            if lines:
                update_lines(checkout=checkout, lines=lines)
    except DomainError as exc:
        for message in error_messages(exc):
            messages.error(request, _(message))
    else:
        messages.success(request, _("Keranjang diperbarui."))
    return redirect("storefront:cart")
