"""Reads of promotions: what is running now, turned into the engine's rules.

- `current_prices(variant_ids, *, now)`: old and new unit price of each variant for the catalogue
  (2 queries whatever the number of variants).
- `collect_promotions(*, variant_ids, now)`: everything the checkout needs to price a cart
  (3 queries): variants with their product/vendor/category chain and best running flash sale,
  matching sales, running free-shipping promotions.
- `price_cart(...)`: the checkout's one call: collect, look up the voucher and the customer's
  usage, run `engine.price_lines`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from marketplace.catalog.models import ProductVariant

from . import engine
from .models import (
    FlashSale,
    FlashSaleCustomerUsage,
    FreeShippingPromotion,
    Sale,
    Voucher,
    VoucherRedemption,
)

# --- rules from rows ---------------------------------------------------------------------------


def _with_scope_ids(queryset):
    if connection.vendor != "postgresql":
        return queryset  # the embedded SQLite default: rules read their scope row by row
    return queryset.annotate(
        scope_category_ids=ArrayAgg("categories__id", distinct=True, default=[]),
        scope_product_ids=ArrayAgg("products__id", distinct=True, default=[]),
    )


def _row_scope(promotion: Sale | Voucher) -> engine.Scope:
    """A sale's or voucher's scope: from the ids `_with_scope_ids` annotated (one query for a
    whole list on PostgreSQL), else from the row's own category and product links."""
    category_ids = getattr(promotion, "scope_category_ids", None)
    product_ids = getattr(promotion, "scope_product_ids", None)
    if category_ids is None:
        category_ids = list(promotion.categories.values_list("pk", flat=True))
        product_ids = list(promotion.products.values_list("pk", flat=True))
    return engine.Scope(
        vendor_id=promotion.vendor_id,
        category_ids=frozenset(i for i in (category_ids or []) if i is not None),
        product_ids=frozenset(i for i in (product_ids or []) if i is not None),
    )


def sale_rule(sale: Sale) -> engine.SaleRule:
    return engine.SaleRule(
        id=sale.pk,
        name=sale.name,
        type=sale.type,
        value=sale.value,
        scope=_row_scope(sale),
        funded_by=sale.funded_by,
        starts_at=sale.starts_at,
        ends_at=sale.ends_at,
    )


def voucher_rule(voucher: Voucher) -> engine.VoucherRule:
    return engine.VoucherRule(
        id=voucher.pk,
        code=voucher.code,
        type=voucher.type,
        value=voucher.value,
        scope=_row_scope(voucher),
        funded_by=voucher.funded_by,
        min_spend=voucher.min_spend,
        max_discount=voucher.max_discount,
        usage_limit=voucher.usage_limit,
        used_count=voucher.used_count,
        usage_limit_per_customer=voucher.usage_limit_per_customer,
        starts_at=voucher.starts_at,
        ends_at=voucher.ends_at,
    )


def free_shipping_rule(promo: FreeShippingPromotion) -> engine.FreeShippingRule:
    return engine.FreeShippingRule(
        id=promo.pk,
        name=promo.name,
        threshold=promo.threshold,
        funded_by=promo.funded_by,
        max_discount=promo.max_discount,
        vendor_id=promo.vendor_id,
        scope=promo.scope,
        starts_at=promo.starts_at,
        ends_at=promo.ends_at,
    )


# --- variants with their best running flash sale (one query) -----------------------------------


@dataclass(frozen=True)
class VariantInfo:
    variant_id: int
    product_id: int
    vendor_id: int
    category_ids: frozenset[int]
    price: Decimal


_VARIANT_ROW_KEYS = (
    "pk",
    "price",
    "product_id",
    "vendor_id",
    "product__category_id",
    "product__category__parent_id",
    "product__category__parent__parent_id",
    "flash_id",
    "flash_price",
    "flash_quantity",
    "flash_sold",
    "flash_limit",
    "flash_funded_by",
    "flash_name",
    "flash_starts_at",
    "flash_ends_at",
)


def _variant_rows(variant_ids: Iterable[int], now: datetime):
    """Each variant's product, vendor and category chain with its best running flash sale
    (cheapest below the variant's price with units left, then lowest id), in one query."""
    if connection.vendor == "postgresql":
        return _variant_rows_sql(variant_ids, now)
    return _variant_rows_orm(variant_ids, now)


def _variant_rows_sql(variant_ids: Iterable[int], now: datetime) -> list[dict]:
    """`_variant_rows_orm` as one plain statement with a LATERAL join: the same rows, without
    building nine correlated subqueries through the ORM on every checkout pricing."""
    from marketplace.catalog.models import Category, Product

    ids = sorted({int(i) for i in variant_ids})
    if not ids:
        return []
    sql = f"""
        SELECT v.id, v.price, v.product_id, v.vendor_id,
               p.category_id, c1.parent_id, c2.parent_id,
               f.id, f.price, f.quantity, f.sold_count, f.per_customer_limit, f.funded_by,
               f.name, f.starts_at, f.ends_at
        FROM {ProductVariant._meta.db_table} v
        INNER JOIN {Product._meta.db_table} p ON p.id = v.product_id
        LEFT OUTER JOIN {Category._meta.db_table} c1 ON c1.id = p.category_id
        LEFT OUTER JOIN {Category._meta.db_table} c2 ON c2.id = c1.parent_id
        LEFT JOIN LATERAL (
            SELECT fs.id, fs.price, fs.quantity, fs.sold_count, fs.per_customer_limit,
                   fs.funded_by, fs.name, fs.starts_at, fs.ends_at
            FROM {FlashSale._meta.db_table} fs
            WHERE fs.variant_id = v.id
              AND fs.is_active AND fs.starts_at <= %s
              AND (fs.ends_at IS NULL OR fs.ends_at > %s)
              AND fs.sold_count < fs.quantity
              AND fs.price < v.price
            ORDER BY fs.price ASC, fs.id ASC
            LIMIT 1
        ) f ON TRUE
        WHERE v.id = ANY(%s)
        ORDER BY v.sort_order ASC, v.id ASC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, ids])
        return [dict(zip(_VARIANT_ROW_KEYS, row, strict=True)) for row in cursor.fetchall()]


def _variant_rows_orm(variant_ids: Iterable[int], now: datetime):
    running_flash = (
        FlashSale.objects.active_at(now)
        .filter(
            variant_id=OuterRef("pk"), sold_count__lt=F("quantity"), price__lt=OuterRef("price")
        )
        .order_by("price", "pk")
    )

    def best(column):
        return Subquery(running_flash.values(column)[:1])

    return (
        ProductVariant.objects.filter(pk__in=set(variant_ids))
        .annotate(
            flash_id=best("pk"),
            flash_price=best("price"),
            flash_quantity=best("quantity"),
            flash_sold=best("sold_count"),
            flash_limit=best("per_customer_limit"),
            flash_funded_by=best("funded_by"),
            flash_name=best("name"),
            flash_starts_at=best("starts_at"),
            flash_ends_at=best("ends_at"),
        )
        .values(*_VARIANT_ROW_KEYS)
    )


def _split_rows(rows) -> tuple[dict[int, VariantInfo], list[engine.FlashSaleRule]]:
    infos: dict[int, VariantInfo] = {}
    flash: list[engine.FlashSaleRule] = []
    for row in rows:
        categories = frozenset(
            c
            for c in (
                row["product__category_id"],
                row["product__category__parent_id"],
                row["product__category__parent__parent_id"],
            )
            if c is not None
        )
        infos[row["pk"]] = VariantInfo(
            row["pk"], row["product_id"], row["vendor_id"], categories, row["price"]
        )
        if row["flash_id"] is not None:
            flash.append(
                engine.FlashSaleRule(
                    id=row["flash_id"],
                    variant_id=row["pk"],
                    price=row["flash_price"],
                    remaining=row["flash_quantity"] - row["flash_sold"],
                    per_customer_limit=row["flash_limit"],
                    funded_by=row["flash_funded_by"],
                    starts_at=row["flash_starts_at"],
                    ends_at=row["flash_ends_at"],
                    name=row["flash_name"],
                )
            )
    return infos, flash


def _running_sales(infos: Mapping[int, VariantInfo], now: datetime) -> list[engine.SaleRule]:
    if not infos:
        return []
    vendor_ids = {i.vendor_id for i in infos.values()}
    product_ids = {i.product_id for i in infos.values()}
    category_ids = set().union(*(i.category_ids for i in infos.values()))
    if connection.vendor == "postgresql":
        sales = _running_sales_sql(vendor_ids, product_ids, category_ids, now)
        return [sale_rule(s) for s in sales]
    candidates = (
        Sale.objects.active_at(now)
        .filter(Q(vendor_id__in=vendor_ids) | Q(vendor__isnull=True))
        .filter(
            Q(products__in=product_ids)
            | Q(categories__in=category_ids)
            | (Q(products__isnull=True) & Q(categories__isnull=True))
        )
        .values_list("pk", flat=True)
    )
    sales = _with_scope_ids(Sale.objects.filter(pk__in=candidates)).order_by("pk")
    return [sale_rule(s) for s in sales]


def _running_sales_sql(vendor_ids, product_ids, category_ids, now: datetime):
    """The ORM query of `_running_sales` (with `_with_scope_ids`) written out once: the same
    statement and rows, without compiling the subquery and aggregates on every pricing."""
    sale = Sale._meta.db_table
    sale_categories = Sale.categories.through._meta.db_table
    sale_products = Sale.products.through._meta.db_table
    columns = ", ".join(f'"{sale}"."{f.column}"' for f in Sale._meta.concrete_fields)
    sql = f"""
        SELECT {columns},
               COALESCE(ARRAY_AGG(DISTINCT sc.category_id), '{{}}'::bigint[]) AS scope_category_ids,
               COALESCE(ARRAY_AGG(DISTINCT sp.product_id), '{{}}'::bigint[]) AS scope_product_ids
        FROM "{sale}"
        LEFT OUTER JOIN "{sale_categories}" sc ON ("{sale}"."id" = sc.sale_id)
        LEFT OUTER JOIN "{sale_products}" sp ON ("{sale}"."id" = sp.sale_id)
        WHERE "{sale}"."id" IN (
            SELECT u0.id FROM "{sale}" u0
            LEFT OUTER JOIN "{sale_products}" u2 ON (u0.id = u2.sale_id)
            LEFT OUTER JOIN "{sale_categories}" u4 ON (u0.id = u4.sale_id)
            WHERE u0.is_active AND u0.starts_at <= %s
              AND (u0.ends_at IS NULL OR u0.ends_at > %s)
              AND (u0.vendor_id = ANY(%s) OR u0.vendor_id IS NULL)
              AND (
                u2.product_id = ANY(%s)
                OR u4.category_id = ANY(%s)
                OR (u2.product_id IS NULL AND u4.category_id IS NULL)
              )
        )
        GROUP BY "{sale}"."id"
        ORDER BY "{sale}"."id" ASC
    """
    params = [now, now, sorted(vendor_ids), sorted(product_ids), sorted(category_ids)]
    return list(Sale.objects.raw(sql, params))


@dataclass(frozen=True)
class CurrentPrice:
    undiscounted: Decimal
    current: Decimal
    promotion_label: str | None
    ends_at: datetime | None
    kind: str | None = None  # SALE | FLASH_SALE
    promotion_id: int | None = None
    flash_sale_remaining: int | None = None

    @property
    def on_sale(self) -> bool:
        return self.current < self.undiscounted


def current_prices(
    variant_ids: Iterable[int], *, now: datetime | None = None
) -> dict[int, CurrentPrice]:
    """variant id → old and new unit price, the promotion's label and when it ends (for the
    storefront's countdown). Unknown ids are left out. Two queries."""
    now = now or timezone.now()
    infos, flash = _split_rows(_variant_rows(variant_ids, now))
    sales = _running_sales(infos, now)
    flash_by_variant = {f.variant_id: f for f in flash}
    out: dict[int, CurrentPrice] = {}
    for variant_id, info in infos.items():
        line = engine.PricingLine(
            variant_id, info.product_id, info.vendor_id, info.category_ids, 1, info.price
        )
        priced = engine.price_lines([line], sales=sales, flash_sales=flash, now=now).lines[0]
        discount = priced.discounts[0] if priced.discounts else None
        ends_at = None
        remaining = None
        if discount is not None and discount.kind == engine.FLASH_SALE:
            f = flash_by_variant[variant_id]
            ends_at, remaining = f.ends_at, f.remaining
        elif discount is not None:
            ends_at = next(s.ends_at for s in sales if s.id == discount.promotion_id)
        out[variant_id] = CurrentPrice(
            undiscounted=info.price,
            current=priced.total,
            promotion_label=discount.label if discount else None,
            ends_at=ends_at,
            kind=discount.kind if discount else None,
            promotion_id=discount.promotion_id if discount else None,
            flash_sale_remaining=remaining,
        )
    return out


# --- the checkout's view ------------------------------------------------------------------------


@dataclass(frozen=True)
class PromotionContext:
    """Running promotions for a set of variants at `now`, ready for `engine.price_lines`."""

    now: datetime
    variants: Mapping[int, VariantInfo]
    sales: Sequence[engine.SaleRule]
    flash_sales: Sequence[engine.FlashSaleRule]
    free_shipping: Sequence[engine.FreeShippingRule] = field(default_factory=tuple)

    def line(
        self,
        variant_id: int,
        quantity: int,
        *,
        line_id: Hashable | None = None,
        shipping_group: Hashable | None = None,
        list_unit_price: Decimal | None = None,
    ) -> engine.PricingLine:
        info = self.variants[variant_id]
        return engine.PricingLine(
            variant_id=variant_id,
            product_id=info.product_id,
            vendor_id=info.vendor_id,
            category_ids=info.category_ids,
            quantity=quantity,
            list_unit_price=info.price if list_unit_price is None else list_unit_price,
            line_id=line_id,
            shipping_group=shipping_group,
        )


def collect_promotions(
    *, variant_ids: Iterable[int], now: datetime | None = None
) -> PromotionContext:
    now = now or timezone.now()
    infos, flash = _split_rows(_variant_rows(variant_ids, now))
    sales = _running_sales(infos, now)
    free = [
        free_shipping_rule(p) for p in FreeShippingPromotion.objects.active_at(now).order_by("pk")
    ]
    return PromotionContext(
        now=now, variants=infos, sales=sales, flash_sales=flash, free_shipping=free
    )


def find_voucher(code: str | None) -> Voucher | None:
    code = (code or "").strip()
    if not code:
        return None
    return _with_scope_ids(Voucher.objects.filter(code__iexact=code, is_active=True)).first()


def customer_usage(
    *, customer: engine.Customer | None, voucher_id: int | None, flash_sale_ids: Iterable[int]
) -> engine.CustomerUsage:
    if customer is None or not customer.key:
        return engine.CustomerUsage()
    voucher_uses = {}
    if voucher_id is not None:
        voucher_uses[voucher_id] = VoucherRedemption.objects.filter(
            voucher_id=voucher_id, customer_email=customer.key, released_at__isnull=True
        ).count()
    ids = list(flash_sale_ids)
    flash_units = {}
    if ids:
        flash_units = dict(
            FlashSaleCustomerUsage.objects.filter(
                flash_sale_id__in=ids, customer_email=customer.key
            ).values_list("flash_sale_id", "quantity")
        )
    return engine.CustomerUsage(voucher_uses=voucher_uses, flash_sale_units=flash_units)


def price_cart(
    *,
    lines: Sequence[engine.PricingLine],
    voucher_code: str | None = None,
    customer: engine.Customer | None = None,
    shipping_by_group: Mapping[Hashable, Decimal] | None = None,
    context: PromotionContext | None = None,
    now: datetime | None = None,
) -> engine.PricedCart:
    """Price the checkout's lines with everything running now. An unusable voucher does not fail:
    the cart is priced without it and says why (`voucher_rejection`)."""
    now = now or (context.now if context else timezone.now())
    if context is None:
        context = collect_promotions(variant_ids=[line.variant_id for line in lines], now=now)
    voucher = find_voucher(voucher_code)
    usage = customer_usage(
        customer=customer,
        voucher_id=voucher.pk if voucher else None,
        flash_sale_ids=[f.id for f in context.flash_sales],
    )
    priced = engine.price_lines(
        list(lines),
        sales=context.sales,
        flash_sales=context.flash_sales,
        voucher=voucher_rule(voucher) if voucher else None,
        shipping_by_group=shipping_by_group,
        free_shipping=context.free_shipping,
        customer_usage=usage,
        now=now,
    )
    if voucher_code and (voucher_code or "").strip() and voucher is None:
        priced = dataclasses.replace(priced, voucher_rejection="UNKNOWN")
    return priced
