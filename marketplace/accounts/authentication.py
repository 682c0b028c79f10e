"""JWT access tokens (15 minutes) for API clients.

Access tokens are short-lived and stateless (HS256 with `JWT_SIGNING_KEY`); refresh tokens are
stored (hashed) and revocable, see `marketplace.accounts.services.tokens`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import jwt
from django.conf import settings
from django.db.models import F

ALGORITHM = "HS256"
ACCESS = "access"


class InvalidToken(Exception):
    pass


def create_access_token(user) -> str:
    now = datetime.now(UTC)
    payload = {
        "sub": str(user.pk),
        "type": ACCESS,
        "iat": int(now.timestamp()),
        "exp": int((now + settings.JWT_ACCESS_TTL).timestamp()),
        "jti": uuid.uuid4().hex,
        "staff": bool(user.is_staff),
    }
    return jwt.encode(payload, settings.JWT_SIGNING_KEY, algorithm=ALGORITHM)


def decode_access_token(token: str) -> dict:
    try:
        payload = jwt.decode(
            token,
            settings.JWT_SIGNING_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("Token kedaluwarsa.")
    except jwt.PyJWTError:
        raise InvalidToken("Token tidak valid.")
    if payload.get("type") != ACCESS:
        raise InvalidToken("Token tidak valid.")
    return payload


def authenticate_bearer(request):
    """The user named by `Authorization: Bearer <token>`, None without the header."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Header Authorization harus berbentuk 'Bearer <token>'.")
    payload = decode_access_token(token.strip())
    from .models import User

    # One query for the user and their vendor memberships (a LEFT JOIN: one row per membership),
    # so permission checks later in the request need no query of their own.
    rows = list(
        User.objects.filter(pk=payload["sub"], is_active=True).annotate(
            member_vendor_id=F("vendor_memberships__vendor_id"),
            member_role=F("vendor_memberships__role"),
        )
    )
    if not rows:
        raise InvalidToken("Token tidak valid.")
    user = rows[0]
    user._vendor_roles = {
        row.member_vendor_id: row.member_role for row in rows if row.member_vendor_id is not None
    }
    return user
