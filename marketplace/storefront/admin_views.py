"""Staff pages inside the Django admin's look: curation queues with the rubric, a voucher form,
and a dashboard with charts. Each decision calls the same service as the GraphQL API
(`review_vendor`, `product_review`, `create_voucher`); the pages only collect the input.

Mounted under /staf/ (storefront urls) and wrapped by `admin.site.admin_view`, so they need a
staff login like every admin page; templates/admin/index.html links to them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, F, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.catalog.models import Product, ProductStatus
from marketplace.core.exceptions import DomainError
from vendors.models import Sentra, Vendor, VendorReview, VendorStatus
from vendors.permissions import is_marketplace_staff, require_staff

from .errors import apply_domain_error

SCORES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class VendorReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[
            (VendorReview.Decision.APPROVE, gettext_lazy("Setujui")),
            (VendorReview.Decision.REJECT, gettext_lazy("Tolak")),
        ],
    )
    product_quality = forms.TypedChoiceField(
        label=gettext_lazy("Mutu produk"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    materials_finishing = forms.TypedChoiceField(
        label=gettext_lazy("Bahan dan finishing"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    photos = forms.TypedChoiceField(
        label=gettext_lazy("Foto"), choices=SCORES, coerce=int, empty_value=None, required=False
    )
    legality = forms.TypedChoiceField(
        label=gettext_lazy("Legalitas (NIB, P-IRT, halal, BPOM, SNI)"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Catatan untuk penjual"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class ProductReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[("APPROVE", gettext_lazy("Setujui")), ("REJECT", gettext_lazy("Tolak"))],
    )
    reason = forms.CharField(
        label=gettext_lazy("Catatan untuk penjual"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class VoucherForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Kode"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Nama promo"), max_length=120)
    type = forms.ChoiceField(
        label=gettext_lazy("Jenis"),
        choices=[
            ("PERCENTAGE", gettext_lazy("Persentase")),
            ("FIXED", gettext_lazy("Potongan tetap")),
            ("FREE_SHIPPING", gettext_lazy("Gratis ongkir")),
        ],
    )
    value = forms.DecimalField(
        label=gettext_lazy("Nilai (persen atau Rupiah)"), required=False, min_value=0
    )
    min_spend = forms.DecimalField(
        label=gettext_lazy("Minimal belanja (Rp)"), required=False, min_value=0, decimal_places=0
    )
    max_discount = forms.DecimalField(
        label=gettext_lazy("Maksimal potongan (Rp)"), required=False, min_value=0, decimal_places=0
    )
    usage_limit = forms.IntegerField(label=gettext_lazy("Kuota total"), required=False, min_value=1)
    usage_limit_per_customer = forms.IntegerField(
        label=gettext_lazy("Kuota per pembeli"), required=False, min_value=1
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Mulai"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Berakhir"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


def _context(request, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def vendor_queue(request):
    """Vendors waiting for review, oldest first, each with the rubric form."""
    pending = list(
        Vendor.objects.filter(status=VendorStatus.PENDING)
        .select_related("address")
        .prefetch_related("documents", "members__user")
        .order_by("applied_at", "pk")
    )
    forms_by_vendor = {vendor.pk: VendorReviewForm(prefix=f"v{vendor.pk}") for vendor in pending}
    if request.method == "POST":
        vendor = get_object_or_404(Vendor, pk=request.POST.get("vendor"))
        form = VendorReviewForm(request.POST, prefix=f"v{vendor.pk}")
        forms_by_vendor[vendor.pk] = form
        if form.is_valid():
            from vendors.services.applications import review_vendor

            data = form.cleaned_data
            try:
                review_vendor(
                    actor=request.user,
                    vendor_id=vendor.pk,
                    decision=data["decision"],
                    reason=data["reason"],
                    rubric={
                        k: data[k]
                        for k in ("product_quality", "materials_finishing", "photos", "legality")
                    },
                )
            except DomainError as exc:
                apply_domain_error(
                    form,
                    exc,
                    field_map={
                        "productQuality": "product_quality",
                        "materialsFinishing": "materials_finishing",
                    },
                )
            else:
                messages.success(
                    request, _("Keputusan untuk %(name)s tersimpan.") % {"name": vendor.name}
                )
                return redirect("storefront:staff-vendor-queue")
    for vendor in pending:
        vendor.review_form = forms_by_vendor[vendor.pk]
    return render(
        request,
        "admin/galeri/vendor_queue.html",
        _context(request, _("Kurasi toko"), vendors=pending),
    )


def product_queue(request):
    in_review = list(
        Product.objects.filter(status=ProductStatus.IN_REVIEW)
        .select_related("vendor", "category")
        .prefetch_related("variants", "images")
        .order_by("updated_at", "pk")
    )
    forms_by_product = {p.pk: ProductReviewForm(prefix=f"p{p.pk}") for p in in_review}
    if request.method == "POST":
        product = get_object_or_404(Product, pk=request.POST.get("product"))
        form = ProductReviewForm(request.POST, prefix=f"p{product.pk}")
        forms_by_product[product.pk] = form
        if form.is_valid():
            from marketplace.catalog.services.curation import product_review

            try:
                require_staff(request.user, "manage_products")
                product_review(
                    product=product,
                    actor=request.user,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request, _("Keputusan untuk %(name)s tersimpan.") % {"name": product.name}
                )
                return redirect("storefront:staff-product-queue")
    for product in in_review:
        product.review_form = forms_by_product[product.pk]
    return render(
        request,
        "admin/galeri/product_queue.html",
        _context(request, _("Kurasi produk"), products=in_review),
    )


def voucher_create(request):
    form = VoucherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from marketplace.promotions.services.vouchers import create_voucher

        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            voucher = create_voucher(actor=request.user, funded_by="PLATFORM", **data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Voucher %(code)s dibuat.") % {"code": voucher.code})
            return redirect("storefront:staff-voucher-create")
    from marketplace.promotions.models import Voucher

    recent = Voucher.objects.order_by("-created_at")[:10]
    return render(
        request,
        "admin/galeri/voucher_form.html",
        _context(request, _("Buat voucher"), form=form, vouchers=recent),
    )


def _bars(rows: list[tuple[str, Decimal]]) -> list[dict]:
    top = max((value for _label, value in rows), default=Decimal(0)) or Decimal(1)
    return [
        {"label": label, "value": value, "percent": int(value * 100 / top)} for label, value in rows
    ]


def dashboard(request):
    """Sales per sector and per vendor (paid vendor orders, last 30 days) and on-time delivery."""
    from marketplace.orders.models import VendorOrder

    since = timezone.now() - timedelta(days=int(request.GET.get("hari", 30) or 30))
    paid = VendorOrder.objects.filter(paid_at__gte=since).exclude(status__in=["CANCELLED"])
    sentra_labels = dict(Sentra.choices)
    per_sector = [
        (
            sentra_labels.get(row["vendor__sentra"], row["vendor__sentra"]),
            row["total"] or Decimal(0),
        )
        for row in paid.values("vendor__sentra").annotate(total=Sum("total")).order_by("-total")
    ]
    per_vendor = [
        (row["vendor__name"], row["total"] or Decimal(0))
        for row in paid.values("vendor__name").annotate(total=Sum("total")).order_by("-total")[:10]
    ]
    delivered = VendorOrder.objects.filter(
        delivered_at__gte=since, promised_delivery_date__isnull=False
    )
    counts = delivered.aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(delivered_at__date__lte=F("promised_delivery_date"))),
    )
    on_time_percent = int(counts["on_time"] * 100 / counts["total"]) if counts["total"] else None
    queues = {
        "vendors": Vendor.objects.filter(status=VendorStatus.PENDING).count(),
        "products": Product.objects.filter(status=ProductStatus.IN_REVIEW).count(),
    }
    return render(
        request,
        "admin/galeri/dashboard.html",
        _context(
            request,
            _("Dasbor Galeri IKM"),
            per_sector=_bars(per_sector),
            per_vendor=_bars(per_vendor),
            on_time=counts,
            on_time_percent=on_time_percent,
            queues=queues,
            since=since,
        ),
    )


def staff_view(view):
    """Admin login + marketplace staff, like any admin page."""

    def wrapped(request, *args, **kwargs):
        if not is_marketplace_staff(request.user):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path(), "admin:login")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return admin.site.admin_view(wrapped)
