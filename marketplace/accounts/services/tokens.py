"""Refresh tokens: stored as SHA-256, rotated on every use, with reuse detection.

A refresh token is a random secret shown to the client once. Refreshing marks the old row as
revoked and `replaced_by` the new one; presenting a token that was already rotated means two
parties hold it (a stolen token or a replay), so the whole family (the login session) is revoked
and both parties must log in again.

The reuse branch must *commit* the revocation while answering an error, so `refresh_tokens` runs
its own transaction and raises only after it has committed; its mutation sets `atomic = False`.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.core.exceptions import DomainError

from ..authentication import create_access_token
from ..models import RefreshToken, User


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    user: User


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _invalid(message: str = "Refresh token tidak valid.") -> DomainError:
    return DomainError(message, code="INVALID_TOKEN", field="refreshToken")


def _new_refresh_row(
    *, user: User, family, user_agent: str, ip: str | None
) -> tuple[RefreshToken, str]:
    raw = secrets.token_urlsafe(48)
    row = RefreshToken.objects.create(
        user=user,
        token_hash=hash_token(raw),
        family=family,
        expires_at=timezone.now() + settings.JWT_REFRESH_TTL,
        user_agent=(user_agent or "")[:255],
        ip_address=ip or None,
    )
    return row, raw


def issue_tokens(*, user: User, user_agent: str = "", ip: str | None = None) -> TokenPair:
    """A new login session: an access token and the first refresh token of a new family."""
    with transaction.atomic():
        _row, raw = _new_refresh_row(user=user, family=uuid.uuid4(), user_agent=user_agent, ip=ip)
    return TokenPair(access_token=create_access_token(user), refresh_token=raw, user=user)


def _revoke_family(family, now) -> int:
    return RefreshToken.objects.filter(family=family, revoked_at__isnull=True).update(
        revoked_at=now
    )


def refresh_tokens(*, refresh_token: str, user_agent: str = "", ip: str | None = None) -> TokenPair:
    """Rotate `refresh_token`: a new pair, the old token unusable from now on."""
    if not refresh_token:
        raise DomainError("Wajib diisi.", code="REQUIRED", field="refreshToken")
    now = timezone.now()
    reused = False
    with transaction.atomic():
        row = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=hash_token(refresh_token))
            .first()
        )
        if row is None:
            raise _invalid()
        if row.replaced_by_id is not None:
            _revoke_family(row.family, now)
            reused = True
        elif row.revoked_at is not None or row.expires_at <= now or not row.user.is_active:
            raise _invalid()
        else:
            new_row, raw = _new_refresh_row(
                user=row.user, family=row.family, user_agent=user_agent, ip=ip
            )
            row.revoked_at = now
            row.replaced_by = new_row
            row.save(update_fields=["revoked_at", "replaced_by"])
    if reused:
        # Committed above: the family stays revoked although we answer an error.
        raise _invalid("Refresh token sudah dipakai; semua sesi terkait telah dicabut.")
    return TokenPair(access_token=create_access_token(row.user), refresh_token=raw, user=row.user)


def revoke_refresh_token(*, refresh_token: str) -> None:
    """Log out: revoke the session (the token's whole family). Revoking twice is harmless."""
    if not refresh_token:
        raise DomainError("Wajib diisi.", code="REQUIRED", field="refreshToken")
    with transaction.atomic():
        row = RefreshToken.objects.filter(token_hash=hash_token(refresh_token)).first()
        if row is None:
            raise _invalid()
        _revoke_family(row.family, timezone.now())


def revoke_all_tokens(*, user: User) -> int:
    """Log out everywhere (after a password change, for instance)."""
    return RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
