"""Commission rates: the vendor's plan (or the default plan), with per-category overrides."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from marketplace.core.money import quantize_rupiah
from vendors.models import CommissionPlan

from ..models import CategoryCommissionRate

# A vendor on no plan while no plan is marked default pays the CommissionPlan field default.
FALLBACK_RATE = CommissionPlan._meta.get_field("default_rate").default


def commission_rates_for(variants) -> dict[int, Decimal]:
    """variant id → commission rate, in two queries whatever the number of variants.

    A rate for the product's category wins over one for its parent category, which wins over
    the plan's default rate."""
    variants = list(variants)
    plan_ids = {v.product.vendor.commission_plan_id for v in variants} - {None}
    plans = {
        p.pk: p for p in CommissionPlan.objects.filter(Q(pk__in=plan_ids) | Q(is_default=True))
    }
    default_plan = next((p for p in plans.values() if p.is_default), None)
    categories = set()
    for variant in variants:
        categories.add(variant.product.category_id)
        if (
            getattr(variant.product, "category", None) is not None
            and variant.product.category.parent_id
        ):
            categories.add(variant.product.category.parent_id)
    overrides = {
        (r.plan_id, r.category_id): r.rate
        for r in CategoryCommissionRate.objects.filter(
            plan_id__in=list(plans), category_id__in=categories
        )
    }
    rates: dict[int, Decimal] = {}
    for variant in variants:
        plan = plans.get(variant.product.vendor.commission_plan_id) or default_plan
        if plan is None:
            rates[variant.pk] = Decimal(FALLBACK_RATE)
            continue
        category = variant.product.category
        rate = overrides.get((plan.pk, category.pk))
        if rate is None and category.parent_id:
            rate = overrides.get((plan.pk, category.parent_id))
        rates[variant.pk] = rate if rate is not None else plan.default_rate
    return rates


def commission_amount(total: Decimal, rate: Decimal) -> Decimal:
    return quantize_rupiah(total * rate)
