"""The product curation workflow.

    DRAFT ──submit──▶ IN_REVIEW ──approve──▶ PUBLISHED
    REJECTED ─submit─▶    │      ──reject───▶ REJECTED
    PUBLISHED ──edit of name/description/photos──▶ IN_REVIEW (see products.send_back_to_review)

A product may be submitted when it has a name, a category, a description, at least one active
variant (with a price, which the model guarantees) and at least one photo: what a curator needs to
judge it and a shopper needs to buy it. Every step is a `ProductCurationEvent`; approval and
rejection are outbox events (`product.approved`, `product.rejected`) for the vendor.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.core.cache import bump_catalog_version
from marketplace.core.exceptions import DomainError, ErrorCollector, InvalidTransition
from marketplace.notifications.outbox import emit_event

from ..models import Product, ProductStatus
from .products import record_curation_event
from .validation import REASON_MAX

SUBMITTABLE = (ProductStatus.DRAFT, ProductStatus.REJECTED)


class Decision:
    APPROVE = "APPROVE"
    REJECT = "REJECT"


def submission_problems(product: Product) -> ErrorCollector:
    errors = ErrorCollector()
    if not product.description.strip():
        errors.add("description", "REQUIRED", "Deskripsi produk wajib diisi sebelum diajukan.")
    if not product.variants.filter(is_active=True).exists():
        errors.add("variants", "REQUIRED", "Tambahkan minimal satu varian dengan harga.")
    if not product.images.exists():
        errors.add("images", "REQUIRED", "Tambahkan minimal satu foto produk.")
    return errors


@transaction.atomic
def product_submit_for_review(*, product: Product, actor) -> Product:
    if product.status not in SUBMITTABLE:
        raise InvalidTransition(
            f"Produk berstatus {product.get_status_display()} tidak bisa diajukan.", field="id"
        )
    submission_problems(product).raise_if_any()
    record_curation_event(
        product=product, actor=actor, from_status=product.status, to_status=ProductStatus.IN_REVIEW
    )
    product.status = ProductStatus.IN_REVIEW
    product.save(update_fields=["status", "updated_at"])
    return product


@transaction.atomic
def product_review(*, product: Product, actor, decision: str, reason: str = "") -> Product:
    """A curator's decision on a product IN_REVIEW; rejecting needs a reason for the seller."""
    reason = (reason or "").strip()
    if decision not in (Decision.APPROVE, Decision.REJECT):
        raise DomainError("Keputusan tidak dikenal.", code="INVALID", field="decision")
    if len(reason) > REASON_MAX:
        raise DomainError(
            f"Alasan maksimal {REASON_MAX} karakter.", code="MAX_LENGTH", field="reason"
        )
    if product.status != ProductStatus.IN_REVIEW:
        raise InvalidTransition(
            f"Hanya produk dalam tinjauan yang bisa diputuskan (status: {product.get_status_display()}).",
            field="id",
        )
    if decision == Decision.REJECT and not reason:
        raise DomainError("Alasan penolakan wajib diisi.", code="REQUIRED", field="reason")
    previous = product.status
    if decision == Decision.APPROVE:
        product.status = ProductStatus.PUBLISHED
        product.published_at = timezone.now()
        product.review_feedback = reason
        kind = "product.approved"
    else:
        product.status = ProductStatus.REJECTED
        product.review_feedback = reason
        kind = "product.rejected"
    product.save(update_fields=["status", "published_at", "review_feedback", "updated_at"])
    record_curation_event(
        product=product, actor=actor, from_status=previous, to_status=product.status, reason=reason
    )
    emit_event(
        kind,
        {"product_id": product.pk, "slug": product.slug, "name": product.name, "reason": reason},
        vendor_id=product.vendor_id,
        aggregate_type="product",
        aggregate_id=product.pk,
    )
    bump_catalog_version()
    return product
