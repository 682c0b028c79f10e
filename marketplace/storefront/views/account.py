"""Sign up, sign in, sign out and the account page (session + CSRF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.exceptions import DomainError

from ..errors import apply_domain_error
from ..forms import LoginForm, ProfileForm, RegisterForm


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from marketplace.accounts.services.auth import authenticate_user

        try:
            user = authenticate_user(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip=_client_ip(request),
                request=request,
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
    return render(
        request, "storefront/account/login.html", {"form": form, "next": _next_url(request, "")}
    )


def register_view(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from marketplace.accounts.services.auth import register_user

        try:
            user = register_user(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language_code=translation.get_language() or "id",
                ip=_client_ip(request),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Selamat datang di Galeri IKM!"))
            return redirect(_next_url(request))
    return render(
        request, "storefront/account/register.html", {"form": form, "next": _next_url(request, "")}
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("storefront:home")


@login_required
def account_view(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language_code": user.language_code,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        from marketplace.core.phone import normalize_phone

        try:
            phone = form.cleaned_data["phone"]
            if phone:
                phone = normalize_phone(phone, field="phone")
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            user.first_name = form.cleaned_data["first_name"]
            user.last_name = form.cleaned_data["last_name"]
            user.phone = phone
            user.language_code = form.cleaned_data["language_code"]
            user.save(
                update_fields=["first_name", "last_name", "phone", "language_code", "updated_at"]
            )
            messages.success(request, _("Profil tersimpan."))
            response = redirect("storefront:account")
            from django.conf import settings

            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language_code, samesite="Lax")
            return response
    addresses = user.addresses.order_by("-created_at")[:5]
    return render(
        request, "storefront/account/account.html", {"form": form, "addresses": addresses}
    )
