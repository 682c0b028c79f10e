"""Registration and login, shared by the GraphQL API and the browser pages.

Login attempts are throttled per account and per client IP *before* the password is checked, so
a spent limit answers TOO_MANY_REQUESTS without revealing whether the password was right.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError, ErrorCollector

from ..models import User
from . import throttle

LANGUAGES = ("id", "en")
MAX_PASSWORD_LENGTH = 256
REGISTER_RATE_LIMIT_PER_IP = "30/minute"


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _too_many() -> DomainError:
    return DomainError(
        "Terlalu banyak percobaan. Silakan coba lagi beberapa saat lagi.", code="TOO_MANY_REQUESTS"
    )


def register_user(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language_code: str | None = "id",
    ip: str | None = None,
) -> User:
    """Create a shopper account. Every invalid field is reported at once."""
    if ip and not throttle.hit(
        "register-ip",
        ip,
        getattr(settings, "REGISTER_RATE_LIMIT_PER_IP", REGISTER_RATE_LIMIT_PER_IP),
    ):
        raise _too_many()
    errors = ErrorCollector()
    email = normalize_email(email)
    first_name = (first_name or "").strip()
    last_name = (last_name or "").strip()
    language_code = (language_code or "id").strip().lower()
    password = password or ""

    if not email:
        errors.add("email", "REQUIRED", "Email wajib diisi.")
    elif len(email) > 254:
        errors.add("email", "MAX_LENGTH", "Maksimal 254 karakter.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", "INVALID", "Alamat email tidak valid.")
    for name, value in (("firstName", first_name), ("lastName", last_name)):
        if len(value) > 150:
            errors.add(name, "MAX_LENGTH", "Maksimal 150 karakter.")
    if language_code not in LANGUAGES:
        errors.add("languageCode", "INVALID", "Bahasa harus 'id' atau 'en'.")
    if not password:
        errors.add("password", "REQUIRED", "Kata sandi wajib diisi.")
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors.add("password", "MAX_LENGTH", f"Maksimal {MAX_PASSWORD_LENGTH} karakter.")
    else:
        candidate = User(email=email, first_name=first_name, last_name=last_name)
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            errors.add("password", "PASSWORD_TOO_WEAK", " ".join(exc.messages))
    errors.raise_if_any()

    duplicate = DomainError(
        "Email ini tidak dapat dipakai untuk mendaftar. Jika ini email Anda, silakan masuk.",
        code="UNIQUE",
        field="email",
    )
    if User.objects.filter(email__iexact=email).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                language_code=language_code,
            )
    except IntegrityError:  # a concurrent registration of the same email won the race
        raise duplicate


def authenticate_user(email: str, password: str, *, ip: str | None = None, request=None) -> User:
    """The active user with these credentials, or INVALID_CREDENTIALS / TOO_MANY_REQUESTS.

    Every call is one attempt against both limits (LOGIN_RATE_LIMIT_PER_IP, _PER_ACCOUNT).
    """
    email = normalize_email(email)
    if ip and not throttle.hit("login-ip", ip, settings.LOGIN_RATE_LIMIT_PER_IP):
        raise _too_many()
    if email and not throttle.hit("login-account", email, settings.LOGIN_RATE_LIMIT_PER_ACCOUNT):
        raise _too_many()
    user = None
    if email and password and len(password) <= MAX_PASSWORD_LENGTH:
        # ModelBackend runs the hasher even for unknown emails (no timing oracle) and refuses
        # inactive users; it also upgrades an old hash to the current hasher.
        user = authenticate(request, email=email, password=password)
    if user is None:
        raise DomainError("Email atau kata sandi salah.", code="INVALID_CREDENTIALS", field=None)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return user
