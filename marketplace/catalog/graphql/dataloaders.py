"""Per-request loaders for the catalogue (see marketplace.core.graphql.dataloaders).

Loaders keyed on a product or variant primary key batch over their siblings (the page of
products, the variants of those products). Loaders keyed on a foreign key (vendor, category) batch
over the foreign keys of the sibling rows: `remember_rows` keeps the rows of a page on the request
so their `vendor_id`s are known without a query; for rows registered by other code (pks only) one
query maps them. Pages that `select_related` vendor/category prime these loaders, costing nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from marketplace.core.graphql.dataloaders import DataLoader, _registry, register_siblings

from ..models import Category, Product, ProductImage, ProductVariant


def _rows(context) -> dict[str, dict[int, Any]]:
    rows = getattr(context, "_galeri_rows", None)
    if rows is None:
        rows = defaultdict(dict)
        context._galeri_rows = rows
    return rows


def remember_rows(info_or_context, rows: Iterable[Any]) -> list[Any]:
    """Register rows as siblings and keep them, priming the vendor/category loaders when the
    rows were fetched with `select_related`."""
    context = getattr(info_or_context, "context", info_or_context)
    rows = list(rows)
    register_siblings(context, rows)
    store = _rows(context)
    for row in rows:
        store[type(row)._meta.label_lower][row.pk] = row
        if isinstance(row, Product):
            state = row._state.fields_cache
            if "vendor" in state and state["vendor"] is not None:
                VendorByIdLoader(context).prime(row.vendor_id, state["vendor"])
            if "category" in state and state["category"] is not None:
                CategoryByIdLoader(context).prime(row.category_id, state["category"])
    return rows


class ForeignKeyLoader(DataLoader):
    """Keys are values of `source_fk` on rows of `source_model`; a miss loads the foreign keys
    of every sibling row at once."""

    source_model: ClassVar[str] = ""
    source_fk: ClassVar[str] = ""

    def _fetch(self, keys: set) -> None:
        registry = _registry(self.context)
        sibling_pks = registry["siblings"].get(self.source_model, set())
        known = _rows(self.context).get(self.source_model, {})
        extra = {getattr(known[pk], self.source_fk) for pk in sibling_pks if pk in known}
        unknown = [pk for pk in sibling_pks if pk not in known]
        if unknown:
            from django.apps import apps

            model = apps.get_model(self.source_model)
            extra |= set(
                model.objects.filter(pk__in=unknown).values_list(self.source_fk, flat=True)
            )
        extra.discard(None)
        super()._fetch(set(keys) | extra)


class VendorByIdLoader(ForeignKeyLoader):
    source_model = "catalog.product"
    source_fk = "vendor_id"

    def batch_load(self, keys):
        from vendors.models import Vendor

        return {v.pk: v for v in Vendor.objects.filter(pk__in=keys)}


class CategoryByIdLoader(ForeignKeyLoader):
    source_model = "catalog.product"
    source_fk = "category_id"

    def batch_load(self, keys):
        return {c.pk: c for c in Category.objects.filter(pk__in=keys)}


class ProductByIdLoader(ForeignKeyLoader):
    """Products of sibling variants (e.g. a checkout's lines); visibility is the caller's job."""

    source_model = "catalog.productvariant"
    source_fk = "product_id"

    def batch_load(self, keys):
        return {p.pk: p for p in Product.objects.filter(pk__in=keys)}


class VariantsByProductIdLoader(DataLoader):
    """Every variant of each product (active or not); resolvers hide inactive ones from shoppers."""

    sibling_model = "catalog.product"
    default: ClassVar[Any] = ()

    def batch_load(self, keys):
        found: dict[int, list[ProductVariant]] = defaultdict(list)
        variants = ProductVariant.objects.filter(product_id__in=keys).order_by("sort_order", "pk")
        for variant in variants:
            found[variant.product_id].append(variant)
        remember_rows(self.context, [v for rows in found.values() for v in rows])
        return dict(found)


class ImagesByProductIdLoader(DataLoader):
    sibling_model = "catalog.product"
    default: ClassVar[Any] = ()

    def batch_load(self, keys):
        found: dict[int, list[ProductImage]] = defaultdict(list)
        for image in ProductImage.objects.filter(product_id__in=keys).order_by("sort_order", "pk"):
            found[image.product_id].append(image)
        return dict(found)


class AvailableQuantityByVariantIdLoader(DataLoader):
    sibling_model = "catalog.productvariant"
    default: ClassVar[Any] = 0

    def batch_load(self, keys):
        from marketplace.inventory.services.stock import get_available_quantities

        return get_available_quantities(keys)


class CurrentPriceByVariantIdLoader(DataLoader):
    """Old and new unit price of each variant of the page (sales, flash sales): 2 queries."""

    sibling_model = "catalog.productvariant"

    def batch_load(self, keys):
        from marketplace.promotions.selectors import current_prices

        return current_prices(keys)


class StocksByVariantIdLoader(DataLoader):
    sibling_model = "catalog.productvariant"
    default: ClassVar[Any] = ()

    def batch_load(self, keys):
        from marketplace.inventory.models import Stock

        found: dict[int, list] = defaultdict(list)
        for stock in (
            Stock.objects.filter(variant_id__in=keys).select_related("warehouse").order_by("pk")
        ):
            found[stock.variant_id].append(stock)
        return dict(found)
