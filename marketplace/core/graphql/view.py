"""The `/graphql/` endpoint.

On top of graphene-django's view it adds what the catalogue's speed depends on:
- parsed and validated documents are cached per process (parsing and validating a catalogue
  query costs ~4.5 ms, more than executing it from cache);
- depth and cost limits (`QUERY_TOO_COMPLEX`) are checked before any resolver runs;
- anonymous catalogue queries are answered from a shared cache keyed on the catalogue version,
  which every price, stock or publication change bumps after commit;
- `Authorization: Bearer <jwt>` authenticates API clients; browsers use the session cookie, and
  then CSRF is enforced as for any other cookie-authenticated POST.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as GrapheneView
from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from marketplace.core.cache import get_catalog_version

from .complexity import TooComplex, measure

# Root fields whose anonymous answers depend only on the catalogue version.
CACHEABLE_ROOT_FIELDS = frozenset(
    {"products", "product", "categories", "category", "vendors", "vendor", "__typename"}
)
DOCUMENT_CACHE_SIZE = 512


@dataclass
class Document:
    document: object = None
    operation: OperationDefinitionNode | None = None
    errors: list[GraphQLError] = field(default_factory=list)
    root_fields: frozenset = frozenset()


_documents: OrderedDict[tuple[str, str | None], Document] = OrderedDict()
_documents_lock = threading.Lock()


def get_document(schema, query: str, operation_name: str | None) -> Document:
    key = (query, operation_name)
    with _documents_lock:
        found = _documents.get(key)
        if found is not None:
            _documents.move_to_end(key)
            return found
    try:
        document = parse(query)
    except GraphQLError as error:
        return Document(errors=[error])
    errors = validate(schema, document)
    operation = get_operation_ast(document, operation_name)
    if operation is None and not errors:
        errors = [GraphQLError("Operasi tidak ditemukan; sebutkan operationName.")]
    roots = frozenset()
    if operation is not None:
        names = set()
        for selection in operation.selection_set.selections:
            names.add(selection.name.value if isinstance(selection, FieldNode) else "<fragment>")
        roots = frozenset(names)
    info = Document(document=document, operation=operation, errors=list(errors), root_fields=roots)
    with _documents_lock:
        _documents[key] = info
        while len(_documents) > DOCUMENT_CACHE_SIZE:
            _documents.popitem(last=False)
    return info


def _sees_public_catalogue(user) -> bool:
    """Anonymous callers and plain shoppers see exactly the same catalogue, so they share the
    cache; marketplace staff and vendor members also see drafts and private fields."""
    if user is None or not user.is_authenticated:
        return True
    if user.is_staff:
        return False
    from vendors.permissions import member_vendor_ids

    return not member_vendor_ids(user)


def _error_response(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status=status
    )


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(GrapheneView):
    graphiql = False  # set from settings.DEBUG in urls.py

    def dispatch(self, request, *args, **kwargs):
        from marketplace.accounts.authentication import InvalidToken, authenticate_bearer

        request.is_bearer = False
        try:
            user = authenticate_bearer(request)
        except InvalidToken as exc:
            return _error_response(str(exc), "INVALID_TOKEN", 401)
        if user is not None:
            request.user = user
            request.is_bearer = True
        elif (
            request.method == "POST"
            and getattr(request, "user", None)
            and request.user.is_authenticated
        ):
            # Cookie-authenticated browser request: CSRF applies as for any form post.
            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                return _error_response("CSRF token tidak valid.", "PERMISSION_DENIED", 403)
        return super().dispatch(request, *args, **kwargs)

    # --- response cache for anonymous catalogue queries ------------------------------------
    def get_response(self, request, data, show_graphiql=False):
        query, variables, operation_name, _id = self.get_graphql_params(request, data)
        cache_key = self._cache_key(request, query, variables, operation_name)
        if cache_key:
            cached = cache.get(cache_key)
            if cached is not None:
                return cached, 200
        result, status = super().get_response(request, data, show_graphiql)
        if cache_key and status == 200 and result and '"errors"' not in result:
            cache.set(cache_key, result, settings.GRAPHQL_RESPONSE_CACHE_SECONDS)
        return result, status

    def _cache_key(self, request, query, variables, operation_name) -> str | None:
        if not query or request.method != "POST" or settings.GRAPHQL_RESPONSE_CACHE_SECONDS <= 0:
            return None
        if not _sees_public_catalogue(getattr(request, "user", None)):
            return None
        doc = get_document(self.schema.graphql_schema, query, operation_name)
        if (
            doc.errors
            or doc.operation is None
            or doc.operation.operation != OperationType.QUERY
            or not doc.root_fields <= CACHEABLE_ROOT_FIELDS
        ):
            return None
        try:
            variables_text = json.dumps(variables or {}, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return None
        digest = hashlib.sha256(
            "\x1f".join(
                [query, operation_name or "", variables_text, translation.get_language() or ""]
            ).encode()
        ).hexdigest()
        return f"gql:{get_catalog_version()}:{digest}"

    # --- execution with cached documents and complexity limits -----------------------------
    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            if show_graphiql:
                return None
            return ExecutionResult(errors=[GraphQLError("Kueri wajib diisi.")])
        schema = self.schema.graphql_schema
        doc = get_document(schema, query, operation_name)
        if doc.errors:
            return ExecutionResult(data=None, errors=doc.errors)
        if request.method.lower() == "get" and doc.operation.operation != OperationType.QUERY:
            return ExecutionResult(errors=[GraphQLError("Mutasi hanya lewat POST.")])
        try:
            measure(
                doc.document,
                doc.operation,
                variables or {},
                max_depth=settings.GRAPHQL_MAX_DEPTH,
                max_cost=settings.GRAPHQL_MAX_COST,
            )
        except TooComplex as exc:
            return ExecutionResult(
                data=None,
                errors=[GraphQLError(str(exc), extensions={"code": "QUERY_TOO_COMPLEX"})],
            )
        try:
            return execute(
                schema,
                doc.document,
                root_value=None,
                context_value=request,
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
            )
        except Exception as exc:  # a bug, not bad input: logged, answered generically
            import logging

            logging.getLogger(__name__).exception("GraphQL execution failed")
            return ExecutionResult(errors=[GraphQLError(f"Internal error: {type(exc).__name__}")])

    @staticmethod
    def format_error(error):
        formatted = GrapheneView.format_error(error)
        if isinstance(formatted, dict):
            extensions = formatted.setdefault("extensions", {})
            extensions.setdefault("code", "GRAPHQL_ERROR")
            if not settings.DEBUG:
                extensions.pop("exception", None)
        return formatted
