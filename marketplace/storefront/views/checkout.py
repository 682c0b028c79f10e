"""Checkout: address (province → city → district → village), delivery per vendor, voucher,
payment. Each step is one POST to the checkout services, then a redirect back (PRG), so a
refresh never repeats an action; "Bayar" carries an idempotency key made when the page rendered.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.checkout.pricing import price_checkout
from marketplace.checkout.services.cart import update_delivery_method, update_shipping_address
from marketplace.core import regions
from marketplace.core.exceptions import DomainError

from ..cart import get_cart
from ..errors import apply_domain_error, error_messages
from ..forms import AddressForm, VoucherForm
from .regions import code_for_names

REGION_LEVELS = [
    ("province", "city"),
    ("city", "district"),
    ("district", "subdistrict"),
    ("subdistrict", None),
]
REGION_LEVELS_ORDER = ["province", "city", "district", "subdistrict"]
PAYMENT_METHODS = [
    ("stripe", "Kartu kredit/debit"),
    ("bank_transfer", "Transfer virtual account"),
    ("cod", "Bayar di tempat (COD)"),
]


def address_region_fields(form: AddressForm) -> list[tuple]:
    """(level, bound field with `.region_options`, next level) for the chained selects."""
    values = {name: (form[name].value() or "") for name in ("province", "city", "district")}
    codes = code_for_names(values["province"], values["city"], values["district"])
    parents = {
        "province": "",
        "city": codes["province"],
        "district": codes["city"],
        "subdistrict": codes["district"],
    }
    fields = []
    for level, next_level in REGION_LEVELS:
        bound = form[level]
        parent = parents[level]
        bound.region_options = (
            regions.children_of(parent) if (level == "province" or parent) else []
        )
        bound.next_id = form[next_level].auto_id if next_level else ""
        bound.reset_ids = [
            form[name].auto_id
            for name in ("district", "subdistrict")
            if name != next_level
            and REGION_LEVELS_ORDER.index(name) > REGION_LEVELS_ORDER.index(level) + 1
        ]
        fields.append((level, bound, next_level))
    form.region_include = ", ".join(
        f"#{form[name].auto_id}" for name in ("province", "city", "district")
    )
    return fields


def _initial_address(checkout, user) -> dict:
    if checkout.shipping_address:
        return dict(checkout.shipping_address)
    last = user.addresses.order_by("-created_at").first()
    if last is not None:
        return last.as_data()
    return {"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone}


def _payment_methods():
    from payments.models import Gateway

    return [(value, label) for value, label in PAYMENT_METHODS if value in Gateway.values]


@login_required
def checkout_view(request):
    checkout = get_cart(request)
    if checkout is None or not checkout.lines.exists():
        messages.info(request, _("Keranjang Anda kosong."))
        return redirect("storefront:cart")
    action = request.POST.get("action") if request.method == "POST" else None
    address_form = AddressForm(
        request.POST if action == "address" else None,
        initial=_initial_address(checkout, request.user),
    )
    voucher_form = VoucherForm(
        request.POST if action == "voucher" else None, initial={"code": checkout.voucher_code}
    )
    delivery_errors: dict[int, str] = {}
    pay_errors: list[str] = []

    if action == "address" and address_form.is_valid():
        try:
            update_shipping_address(checkout=checkout, shipping_address=address_form.address_data())
        except DomainError as exc:
            apply_domain_error(address_form, exc)
        else:
            messages.success(request, _("Alamat pengiriman tersimpan."))
            return redirect("storefront:checkout")
    elif action == "delivery":
        changed = False
        for vendor_id, option_id in _delivery_choices_in_order(request.POST, checkout):
            try:
                update_delivery_method(
                    checkout=checkout, vendor_id=vendor_id, shipping_option_id=option_id
                )
                changed = True
            except DomainError as exc:
                delivery_errors[vendor_id] = " ".join(_(m) for m in error_messages(exc))
        if changed and not delivery_errors:
            messages.success(request, _("Pilihan pengiriman tersimpan."))
            return redirect("storefront:checkout")
    elif action in ("voucher", "voucher-remove"):
        response = _voucher_action(request, checkout, voucher_form, action)
        if response is not None:
            return response

    pricing = price_checkout(checkout)
    for group in pricing.vendor_groups:
        group.error = delivery_errors.get(group.vendor.pk, "")
    ready = bool(checkout.shipping_address) and all(
        g.selected_option for g in pricing.vendor_groups
    )
    context = {
        "checkout": checkout,
        "pricing": pricing,
        "address_form": address_form,
        "region_fields": address_region_fields(address_form),
        "show_address_form": action == "address"
        or not checkout.shipping_address
        or request.GET.get("ubah") == "alamat",
        "voucher_form": voucher_form,
        "payment_methods": _payment_methods(),
        "selected_payment": request.POST.get("payment_gateway", "stripe"),
        "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
        "ready_to_pay": ready,
        "pay_errors": pay_errors,
    }
    return render(
        request,
        "storefront/checkout/checkout.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _voucher_action(request, checkout, voucher_form, action):
    """Apply or remove a voucher through the promotions service (`checkoutVoucherApply`)."""
    from marketplace.promotions.services.checkout_vouchers import (
        apply_voucher_to_checkout,
        remove_voucher_from_checkout,
    )

    try:
        if action == "voucher-remove":
            remove_voucher_from_checkout(token=checkout.pk, user=request.user)
            messages.success(request, _("Voucher dilepas."))
            return redirect("storefront:checkout")
        if voucher_form.is_valid():
            apply_voucher_to_checkout(
                token=checkout.pk, user=request.user, code=voucher_form.cleaned_data["code"]
            )
            messages.success(request, _("Voucher dipakai."))
            return redirect("storefront:checkout")
    except DomainError as exc:
        apply_domain_error(voucher_form, exc, field_map={"code": "code", "voucherCode": "code"})
    return None


@login_required
def checkout_pay(request):
    """ "Bayar": complete the checkout through the same service as `checkoutComplete`.

    The idempotency key was generated when the checkout page rendered, so a double click, a
    refresh or a retried request all answer the same order (the service stores the key)."""
    if request.method != "POST":
        return redirect("storefront:checkout")
    from marketplace.checkout.services.complete import complete_checkout
    from payments.services.payments import start_provider_payment

    key = (request.POST.get("idempotency_key") or "").strip()[:128]
    gateway = request.POST.get("payment_gateway") or ""
    if not key:
        messages.error(request, _("Permintaan tidak lengkap, silakan coba lagi."))
        return redirect("storefront:checkout")
    checkout = get_cart(request)
    # A double click's second request finds the cart already completed: the key it carries
    # names that checkout, and the service answers it with the same order.
    token = checkout.pk if checkout is not None else _checkout_token_for_key(request, key)
    if token is None:
        return redirect("storefront:cart")
    try:
        result = complete_checkout(
            token=token, user=request.user, payment_gateway=gateway, idempotency_key=key
        )
    except DomainError as exc:
        for message in error_messages(exc):
            messages.error(request, _(message))
        return redirect("storefront:checkout")
    try:
        # After the order's transaction (never under row locks); safe on every retry.
        start_provider_payment(result.payment)
    except DomainError as exc:
        for message in error_messages(exc):
            messages.warning(request, _(message))
    order = result.order
    placed = request.session.get("placed_orders", [])
    request.session["placed_orders"] = [*placed[-19:], order.number]
    return redirect("storefront:order-confirmation", number=order.number)


def _checkout_token_for_key(request, key: str):
    from marketplace.checkout.services.complete import OPERATION
    from marketplace.orders.models import IdempotencyKey

    row = IdempotencyKey.objects.filter(operation=OPERATION, key=key, user=request.user).first()
    return (row.response or {}).get("checkout_token") if row else None


def _delivery_choices_in_order(post, checkout) -> list[tuple[int, str]]:
    """The form posts every vendor group's choice at once, but the hub option is one choice for
    all gallery tenants (choosing it for one chooses it for all; leaving it for one leaves it for
    all). Apply the choices so that what the shopper changed wins: joining the hub is applied
    last, leaving it is applied after the unchanged hub choices."""
    from fulfillment.api import HUB_OPTION_ID

    choices = []
    for key, option_id in post.items():
        if key.startswith("delivery-"):
            raw = key.removeprefix("delivery-")
            choices.append((int(raw) if raw.isdigit() else 0, option_id))
    hub_selected_now = checkout.deliveries.filter(shipping_option_id=HUB_OPTION_ID).exists()
    hub = [c for c in choices if c[1] == HUB_OPTION_ID]
    other = [c for c in choices if c[1] != HUB_OPTION_ID]
    if hub_selected_now:
        return hub[:1] + other  # a tenant switched away: its new choice comes last and wins
    return other + hub[:1]  # a tenant chose the hub: it comes last and applies to all tenants
