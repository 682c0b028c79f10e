"""Global Relay ids: `base64("TypeName:pk")`, decoded with a coded error, never a crash."""

from __future__ import annotations

from graphql_relay import from_global_id, to_global_id

from marketplace.core.exceptions import DomainError, NotFound

from .errors import query_error


def decode_id(global_id: str | None, expected_type: str, *, field: str = "id") -> int:
    """The primary key of a global id of `expected_type`, or a coded DomainError."""
    if not global_id:
        raise DomainError("Wajib diisi.", code="REQUIRED", field=field)
    try:
        type_name, raw_pk = from_global_id(global_id)
        pk = int(raw_pk)
    except Exception:
        raise DomainError("ID tidak valid.", code="INVALID", field=field)
    if type_name != expected_type or pk <= 0 or pk > 2**63 - 1:
        # A well-formed id of the wrong type is treated as unknown, not as a different object.
        raise NotFound("Tidak ditemukan.", field=field)
    return pk


def decode_ids(global_ids: list[str] | None, expected_type: str, *, field: str) -> list[int]:
    return [decode_id(gid, expected_type, field=field) for gid in (global_ids or [])]


def decode_query_id(global_id: str | None, expected_type: str, *, field: str) -> int:
    """`decode_id` for a query argument: queries have no `errors` payload, so a bad id is a
    top-level error carrying the same code and field."""
    try:
        return decode_id(global_id, expected_type, field=field)
    except DomainError as exc:
        raise query_error(exc.errors[0].message, code=exc.code, field=field)


def managed_object(getter, user, global_id: str | None, expected_type: str, *, field: str = "id"):
    """The object a global id names, fetched by the app's access-checked `getter(user, pk,
    field=…)`, which answers NOT_FOUND to callers who may not manage it exactly as to an id that
    does not exist. The id is decoded first, so a malformed id is INVALID whoever asks."""
    return getter(user, decode_id(global_id, expected_type, field=field), field=field)


def encode_id(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)
