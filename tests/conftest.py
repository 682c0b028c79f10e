"""Shared fixtures: a GraphQL client that goes through the real HTTP stack, and factories."""

from __future__ import annotations

import json
import os

import pytest
from django.core.cache import cache
from django.test import Client

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    raise pytest.UsageError(
        "The suite runs against PostgreSQL and Redis: use `make test` (see README.md)."
    )


class GraphQLClient:
    """POSTs to /graphql/ like any API client; `as_user(user)` sends a Bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def as_user(self, user) -> GraphQLClient:
        from marketplace.accounts.authentication import create_access_token

        return GraphQLClient(create_access_token(user) if user is not None else None)

    def post(self, query: str, variables: dict | None = None, **extra):
        headers = {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        headers.update(extra)
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        return response

    def execute(self, query: str, variables: dict | None = None, **extra) -> dict:
        response = self.post(query, variables, **extra)
        body = response.json()
        return body

    def data(self, query: str, variables: dict | None = None) -> dict:
        """The `data` of a query that must not fail."""
        body = self.execute(query, variables)
        assert not body.get("errors"), body.get("errors")
        return body["data"]


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
