"""Relay connections with `totalCount`, `first` required and capped (shared/API.md).

Cursors are opaque offsets. `first` outside 1..100 is a coded top-level error raised before any
data is read. `totalCount` is counted only when asked for.
"""

from __future__ import annotations

import base64

import graphene
from django.conf import settings
from graphene.relay import PageInfo

from .dataloaders import register_siblings
from .errors import query_error


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    @staticmethod
    def resolve_total_count(root, info):
        return root.count()


def connection_field(
    connection_type, description: str | None = None, **arguments
) -> graphene.Field:
    return graphene.Field(
        connection_type,
        first=graphene.Int(required=True, description="Page size, 1 to 100."),
        after=graphene.String(),
        description=description,
        **arguments,
    )


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        offset = int(value)
    except Exception:
        raise query_error("Kursor tidak valid.", code="INVALID", field="after")
    if kind != "o" or offset < 0:
        raise query_error("Kursor tidak valid.", code="INVALID", field="after")
    return offset


def validate_first(first: int | None) -> int:
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    if first is None:
        raise query_error("`first` wajib diisi.", code="REQUIRED", field="first")
    if first < 1 or first > limit:
        raise query_error(f"`first` harus antara 1 dan {limit}.", code="INVALID", field="first")
    return first


def paginate(
    queryset, *, info, first: int | None, after: str | None, connection_type, ordering=None
):
    """One page of `queryset` as `connection_type`; `ordering` must end with a unique key."""
    first = validate_first(first)
    offset = _decode_cursor(after)
    ordered = queryset.order_by(*(ordering or ["pk"]))
    rows = list(ordered[offset : offset + first + 1])
    has_next = len(rows) > first
    rows = rows[:first]
    register_siblings(info.context, rows)
    edges = [
        connection_type.Edge(node=row, cursor=_encode_cursor(offset + index + 1))
        for index, row in enumerate(rows)
    ]
    connection = connection_type(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
    connection.count = lambda: queryset.order_by().count()
    return connection


def paginate_list(items: list, *, info, first: int | None, after: str | None, connection_type):
    """The same over an already-loaded list (e.g. from a DataLoader)."""
    first = validate_first(first)
    offset = _decode_cursor(after)
    rows = items[offset : offset + first]
    edges = [
        connection_type.Edge(node=row, cursor=_encode_cursor(offset + index + 1))
        for index, row in enumerate(rows)
    ]
    connection = connection_type(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + first < len(items),
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
    connection.count = lambda: len(items)
    return connection
