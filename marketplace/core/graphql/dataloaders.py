"""Per-request DataLoaders, synchronous.

graphql-core runs our resolvers synchronously, so instead of promises a loader batches by
*siblings*: whenever a list of objects is resolved (a connection page, or a loader's own result),
their keys are registered on the request; the first `load()` of one key then fetches the keys of
all its siblings in one query. A page of 20 products with their variants, stock and vendor is
therefore a fixed number of queries whatever the page size.

Usage in a resolver:  `VariantsByProductIdLoader(info).load(product.pk)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any, ClassVar

_MISSING = object()


def _registry(context) -> dict:
    registry = getattr(context, "_galeri_loaders", None)
    if registry is None:
        registry = {"loaders": {}, "siblings": defaultdict(set)}
        context._galeri_loaders = registry
    return registry


def register_siblings(context, objects: Iterable[Any]) -> None:
    """Remember the primary keys of objects that were resolved together (a page, a batch)."""
    siblings = _registry(context)["siblings"]
    for obj in objects:
        pk = getattr(obj, "pk", None)
        if pk is not None:
            siblings[type(obj)._meta.label_lower].add(pk)


class DataLoader(ABC):
    """Subclass with `batch_load(keys) -> dict[key, value]` and, for sibling batching,
    `sibling_model = "app_label.model"` (the model whose primary keys are this loader's keys)."""

    sibling_model: ClassVar[str | None] = None
    default: ClassVar[Any] = None

    def __new__(cls, info_or_context):
        context = getattr(info_or_context, "context", info_or_context)
        loaders = _registry(context)["loaders"]
        loader = loaders.get(cls)
        if loader is None:
            loader = super().__new__(cls)
            loader.context = context
            loader.cache = {}
            loaders[cls] = loader
        return loader

    def __init__(self, info_or_context) -> None:  # noqa: B027 - state lives in __new__ (one per request)
        """Nothing to do: `__new__` returns the request's one instance with its cache."""

    @abstractmethod
    def batch_load(self, keys: list[Hashable]) -> dict[Hashable, Any]:
        """Values for `keys` in as few queries as possible; missing keys get `default`."""

    def prime(self, key: Hashable, value: Any) -> None:
        self.cache[key] = value

    def load(self, key: Hashable) -> Any:
        value = self.cache.get(key, _MISSING)
        if value is _MISSING:
            self._fetch({key})
            value = self.cache.get(key, self.default)
        return value

    def load_many(self, keys: Iterable[Hashable]) -> list[Any]:
        keys = list(keys)
        missing = {k for k in keys if k not in self.cache}
        if missing:
            self._fetch(missing)
        return [self.cache.get(k, self.default) for k in keys]

    def _fetch(self, keys: set) -> None:
        if self.sibling_model:
            keys = keys | _registry(self.context)["siblings"].get(self.sibling_model, set())
        keys = [k for k in keys if k not in self.cache]
        results = self.batch_load(sorted(keys, key=str))
        for key in keys:
            value = results.get(key, self.default)
            self.cache[key] = value
            if isinstance(value, list):
                register_siblings(self.context, value)
            elif value is not None and hasattr(value, "_meta"):
                register_siblings(self.context, [value])
