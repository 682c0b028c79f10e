"""Idempotency keys for money-moving mutations (DESIGN.md: stored by us, never the provider's).

`claim_key` runs inside the caller's transaction and INSERTs the (operation, key) row first:

- the first caller inserts and goes on to do the work in the same transaction;
- a concurrent caller's INSERT … ON CONFLICT DO NOTHING waits on the unique index until the first
  transaction ends: if it committed, the row is there and the caller gets the winner's result;
  if it rolled back (bad input, out of stock), the caller inserts and does the work itself;
- a later retry finds the committed row at once.

A key reused with a different request (another fingerprint) is refused with IDEMPOTENCY_KEY_REUSED.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from marketplace.core.exceptions import DomainError

from .models import IdempotencyKey

MAX_KEY_LENGTH = 128


def fingerprint(payload: dict) -> str:
    """SHA-256 of the request normalised as sorted JSON."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def validate_key(key: str | None, *, field: str = "idempotencyKey") -> str:
    key = (key or "").strip()
    if not key:
        raise DomainError("Kunci idempotensi wajib diisi.", code="REQUIRED", field=field)
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            f"Kunci idempotensi paling panjang {MAX_KEY_LENGTH} karakter.",
            code="MAX_LENGTH",
            field=field,
        )
    return key


@dataclass
class Claim:
    record: IdempotencyKey
    is_new: bool


def claim_key(
    *,
    operation: str,
    key: str,
    request_fingerprint: str,
    user=None,
    response: dict | None = None,
    field: str = "idempotencyKey",
) -> Claim:
    """Insert the key (or wait for and read a concurrent winner's). `response` is stored with the
    claim when the caller already knows how to find its result (e.g. the checkout token)."""
    response = response or {}
    table = IdempotencyKey._meta.db_table
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (operation, key, fingerprint, user_id, response, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (operation, key) DO NOTHING RETURNING id",
            [operation, key, request_fingerprint, user_id, json.dumps(response), timezone.now()],
        )
        row = cursor.fetchone()
    if row is not None:
        return Claim(
            IdempotencyKey(
                pk=row[0],
                operation=operation,
                key=key,
                fingerprint=request_fingerprint,
                user_id=user_id,
                response=response,
            ),
            True,
        )
    record = IdempotencyKey.objects.get(operation=operation, key=key)
    if record.fingerprint != request_fingerprint:
        raise DomainError(
            "Kunci idempotensi ini sudah dipakai untuk permintaan lain.",
            code="IDEMPOTENCY_KEY_REUSED",
            field=field,
        )
    return Claim(record, False)


def record_result(claim: Claim, *, order=None, response: dict | None = None) -> None:
    changes = {}
    if order is not None:
        changes["order"] = order
    if response is not None:
        changes["response"] = response
    if changes:
        IdempotencyKey.objects.filter(pk=claim.record.pk).update(**changes)
