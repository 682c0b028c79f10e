"""The seller dashboard at /seller/: application status, products, stock, orders to process.

Thin views over the same services as the GraphQL API (vendors.services, catalog services,
inventory services, orders/fulfilment services); permission checks are the services' own
(`require_vendor_access`), so an outsider gets 404 and never learns a vendor id exists.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.catalog.models import Category, Product, ProductStatus
from marketplace.core.exceptions import DomainError
from marketplace.storefront.errors import apply_domain_error
from marketplace.storefront.forms import AddressForm
from marketplace.storefront.views.checkout import address_region_fields

from .models import Sentra, Vendor, VendorMember, VendorStatus
from .permissions import require_vendor_access


class VendorApplyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama usaha"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Cerita usaha"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    phone = forms.CharField(
        label=gettext_lazy("Nomor HP/WhatsApp usaha"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    sentra = forms.ChoiceField(label=gettext_lazy("Sentra/sektor"), choices=Sentra.choices)
    is_gallery_tenant = forms.BooleanField(
        label=gettext_lazy("Saya tenant Galeri IKM (punya stan di Galeri)"), required=False
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama produk"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Deskripsi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Kategori"), queryset=Category.objects.all()
    )
    halal_number = forms.CharField(
        label=gettext_lazy("No. sertifikat halal (opsional)"), max_length=64, required=False
    )
    pirt_number = forms.CharField(
        label=gettext_lazy("No. P-IRT (opsional)"), max_length=64, required=False
    )
    sku = forms.CharField(label=gettext_lazy("SKU"), max_length=64)
    variant_name = forms.CharField(
        label=gettext_lazy("Nama varian (mis. ukuran/warna)"), max_length=200, required=False
    )
    price = forms.IntegerField(label=gettext_lazy("Harga (Rp)"), min_value=1)
    weight_grams = forms.IntegerField(label=gettext_lazy("Berat (gram)"), min_value=1)
    stock = forms.IntegerField(label=gettext_lazy("Stok awal"), min_value=0, initial=0)
    image = forms.ImageField(label=gettext_lazy("Foto produk"), required=False)
    submit_for_review = forms.BooleanField(
        label=gettext_lazy("Langsung ajukan untuk dikurasi"), required=False, initial=True
    )


def _member_vendors(user):
    return Vendor.objects.filter(members__user=user).order_by("pk")


def _vendor_for(request, vendor_id: int) -> Vendor:
    try:
        require_vendor_access(request.user, vendor_id)
    except DomainError:
        raise Http404(_("Toko tidak ditemukan."))
    return get_object_or_404(Vendor, pk=vendor_id)


@login_required
def home(request):
    vendors = list(_member_vendors(request.user))
    if len(vendors) == 1 and vendors[0].status == VendorStatus.APPROVED:
        return redirect("seller:dashboard", vendor_id=vendors[0].pk)
    return render(request, "seller/home.html", {"vendors": vendors})


@login_required
def apply(request):
    form = VendorApplyForm(request.POST or None)
    address_form = AddressForm(request.POST or None, prefix="address")
    if request.method == "POST" and form.is_valid() & address_form.is_valid():
        from .services.applications import apply_for_vendor

        data = {**form.cleaned_data, "address": address_form.address_data()}
        try:
            vendor = apply_for_vendor(actor=request.user, data=data)
        except DomainError as exc:
            _split_errors(exc, form, address_form)
        else:
            messages.success(
                request, _("Pengajuan terkirim. Tim Galeri akan meninjau dalam 2 hari kerja.")
            )
            return redirect("seller:dashboard", vendor_id=vendor.pk)
    return render(
        request,
        "seller/apply.html",
        {
            "form": form,
            "address_form": address_form,
            "region_fields": address_region_fields(address_form),
        },
    )


def _split_errors(exc: DomainError, form, address_form) -> None:
    own, address = [], []
    for error in exc.errors:
        (address if (error.field or "").startswith("address.") else own).append(error)
    if own:
        apply_domain_error(form, DomainError(errors=own))
    if address:
        apply_domain_error(address_form, DomainError(errors=address))


@login_required
def dashboard(request, vendor_id: int):
    vendor = _vendor_for(request, vendor_id)
    products = Product.objects.filter(vendor=vendor)
    counts = {status: products.filter(status=status).count() for status in ProductStatus.values}
    to_process = 0
    try:
        from marketplace.orders.models import VendorOrder, VendorOrderStatus

        to_process = processable(
            VendorOrder.objects.filter(
                vendor=vendor,
                status__in=[
                    VendorOrderStatus.PENDING,
                    VendorOrderStatus.ACCEPTED,
                    VendorOrderStatus.PACKED,
                ],
            )
        ).count()
    except ImportError:  # pragma: no cover
        pass
    latest_review = vendor.reviews.first()
    return render(
        request,
        "seller/dashboard.html",
        {
            "vendor": vendor,
            "counts": counts,
            "to_process": to_process,
            "latest_review": latest_review,
        },
    )


@login_required
def product_list(request, vendor_id: int):
    vendor = _vendor_for(request, vendor_id)
    products = (
        Product.objects.filter(vendor=vendor)
        .prefetch_related("variants", "images")
        .order_by("-created_at")
    )
    return render(request, "seller/products.html", {"vendor": vendor, "products": products})


def _ensure_warehouse(request, vendor: Vendor):
    """The vendor's first active warehouse; the first product creates one at the business address."""
    warehouse = vendor.warehouses.filter(is_active=True).order_by("pk").first()
    if warehouse is not None or vendor.address is None:
        return warehouse
    from .services.warehouses import create_warehouse

    return create_warehouse(
        actor=request.user,
        vendor_id=vendor.pk,
        data={"name": _("Gudang utama"), "address": vendor.address.as_data()},
    )


@login_required
def product_create(request, vendor_id: int):
    vendor = _vendor_for(request, vendor_id)
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from marketplace.catalog.services.curation import product_submit_for_review
        from marketplace.catalog.services.images import image_create
        from marketplace.catalog.services.products import product_create as create_product
        from marketplace.catalog.services.variants import variant_create
        from marketplace.inventory.services.stock import set_variant_stocks

        data = form.cleaned_data
        certifications = [
            {"kind": kind, "number": data[key]}
            for kind, key in (("HALAL", "halal_number"), ("PIRT", "pirt_number"))
            if data.get(key)
        ]
        try:
            # One transaction: a bad image or SKU leaves no half-made product behind.
            with transaction.atomic():
                product = create_product(
                    vendor=vendor,
                    actor=request.user,
                    name=data["name"],
                    category_id=data["category"].pk,
                    description=data["description"],
                    certifications=certifications,
                )
                variant = variant_create(
                    product=product,
                    actor=request.user,
                    sku=data["sku"],
                    price=data["price"],
                    weight_grams=data["weight_grams"],
                    name=data["variant_name"],
                )
                warehouse = _ensure_warehouse(request, vendor)
                if warehouse is not None:
                    set_variant_stocks(
                        variant=variant,
                        quantities=[(warehouse.pk, data["stock"])],
                        actor=request.user,
                    )
                if data.get("image"):
                    image_create(
                        product=product,
                        actor=request.user,
                        data=data["image"].read(),
                        alt=data["name"],
                    )
                if data.get("submit_for_review"):
                    product_submit_for_review(product=product, actor=request.user)
        except DomainError as exc:
            apply_domain_error(
                form,
                exc,
                field_map={"categoryId": "category", "name": "name", "weightGrams": "weight_grams"},
            )
        else:
            messages.success(request, _("Produk tersimpan."))
            return redirect("seller:product", vendor_id=vendor.pk, product_id=product.pk)
    return render(request, "seller/product_form.html", {"vendor": vendor, "form": form})


@login_required
def product_detail(request, vendor_id: int, product_id: int):
    vendor = _vendor_for(request, vendor_id)
    product = get_object_or_404(
        Product.objects.prefetch_related("variants", "images", "curation_events"),
        pk=product_id,
        vendor=vendor,
    )
    variant_form = VariantForm(request.POST if request.POST.get("action") == "variant" else None)
    if request.method == "POST":
        from marketplace.catalog.services.curation import product_submit_for_review
        from marketplace.catalog.services.images import image_create

        action = request.POST.get("action")
        try:
            if action == "submit":
                product_submit_for_review(product=product, actor=request.user)
                messages.success(request, _("Produk diajukan untuk dikurasi."))
            elif action == "image" and request.FILES.get("image"):
                image_create(
                    product=product,
                    actor=request.user,
                    data=request.FILES["image"].read(),
                    alt=product.name,
                )
                messages.success(request, _("Foto ditambahkan."))
            elif action == "variant":
                if not variant_form.is_valid():
                    raise _FormInvalid
                _add_variant(request, vendor, product, variant_form.cleaned_data)
                messages.success(request, _("Varian ditambahkan."))
        except _FormInvalid:
            pass
        except DomainError as exc:
            if action == "variant":
                apply_domain_error(variant_form, exc, field_map={"weightGrams": "weight_grams"})
            else:
                for error in exc.errors:
                    messages.error(request, _(error.message))
                return redirect("seller:product", vendor_id=vendor.pk, product_id=product.pk)
        else:
            return redirect("seller:product", vendor_id=vendor.pk, product_id=product.pk)
    from marketplace.inventory.services.stock import get_available_quantities

    variants = list(product.variants.all())
    available = get_available_quantities([v.pk for v in variants]) if variants else {}
    for variant in variants:
        variant.available = available.get(variant.pk, 0)
    return render(
        request,
        "seller/product_detail.html",
        {"vendor": vendor, "product": product, "variants": variants, "variant_form": variant_form},
        status=400 if variant_form.is_bound and variant_form.errors else 200,
    )


class _FormInvalid(Exception):
    """The page's own form check failed; its errors are already on the form."""


class VariantForm(forms.Form):
    sku = forms.CharField(label=gettext_lazy("SKU"), max_length=64)
    name = forms.CharField(
        label=gettext_lazy("Nama varian (mis. ukuran/warna)"), max_length=200, required=False
    )
    price = forms.IntegerField(label=gettext_lazy("Harga (Rp)"), min_value=1)
    weight_grams = forms.IntegerField(label=gettext_lazy("Berat (gram)"), min_value=1)
    stock = forms.IntegerField(label=gettext_lazy("Stok awal"), min_value=0, initial=0)


def _add_variant(request, vendor: Vendor, product, data: dict) -> None:
    """A variant and its first count, in one transaction (a taken SKU leaves nothing behind)."""
    from marketplace.catalog.services.variants import variant_create
    from marketplace.inventory.services.stock import set_variant_stocks

    with transaction.atomic():
        variant = variant_create(
            product=product,
            actor=request.user,
            sku=data["sku"],
            price=data["price"],
            weight_grams=data["weight_grams"],
            name=data["name"],
        )
        warehouse = _ensure_warehouse(request, vendor)
        if warehouse is not None:
            set_variant_stocks(
                variant=variant, quantities=[(warehouse.pk, data["stock"])], actor=request.user
            )


def memberships(user):
    return VendorMember.objects.filter(user=user).select_related("vendor")


# --- orders to process ------------------------------------------------------------------------

ORDER_TABS = {
    "proses": ("PENDING", "ACCEPTED", "PACKED"),
    "dikirim": ("SHIPPED",),
    "selesai": ("DELIVERED", "COMPLETED"),
    "batal": ("CANCELLED", "RETURNED"),
}


def processable(queryset):
    """Vendor orders a seller should work on: paid, or cash on delivery (paid at the door)."""
    return queryset.filter(Q(order__paid_at__isnull=False) | Q(order__payment_gateway="cod"))


@login_required
def order_queue(request, vendor_id: int):
    """The "orders to process" queue: paid (or COD) orders waiting for accept, pack, courier."""
    from marketplace.orders.selectors import vendor_orders_actionable_by

    vendor = _vendor_for(request, vendor_id)
    tab = request.GET.get("tab", "proses")
    statuses = ORDER_TABS.get(tab, ORDER_TABS["proses"])
    queryset = (
        processable(
            vendor_orders_actionable_by(request.user).filter(vendor=vendor, status__in=statuses)
        )
        .select_related("order__shipping_address")
        .prefetch_related("lines", "shipments")
        .order_by("promised_delivery_date", "created_at", "pk")
    )
    vendor_orders = list(queryset[:100])
    for vendor_order in vendor_orders:
        shipments = [s for s in vendor_order.shipments.all() if s.status != "cancelled"]
        vendor_order.live_shipment = shipments[0] if shipments else None
        vendor_order.is_hub = vendor_order.shipping_option_id.startswith("hub:")
        vendor_order.is_pickup = vendor_order.shipping_option_id.startswith("pickup:")
    return render(
        request,
        "seller/orders.html",
        {
            "vendor": vendor,
            "vendor_orders": vendor_orders,
            "tab": tab,
            "tabs": ORDER_TABS.keys(),
            "section": "orders",
        },
    )


@login_required
def order_action(request, vendor_id: int, vendor_order_id: int):
    """One button of the queue: accept, pack, book the courier. Each is the API's own service."""
    from marketplace.orders.selectors import vendor_orders_actionable_by
    from marketplace.orders.services import transitions

    vendor = _vendor_for(request, vendor_id)
    if request.method != "POST":
        return redirect("seller:orders", vendor_id=vendor.pk)
    vendor_order = (
        vendor_orders_actionable_by(request.user).filter(pk=vendor_order_id, vendor=vendor).first()
    )
    if vendor_order is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "accept":
            transitions.accept_vendor_order(vendor_order, actor=request.user)
            messages.success(request, _("Pesanan %(n)s diterima.") % {"n": vendor_order.number})
        elif action == "pack":
            transitions.mark_vendor_order_packed(vendor_order, actor=request.user)
            messages.success(
                request, _("Pesanan %(n)s ditandai sudah dikemas.") % {"n": vendor_order.number}
            )
        elif action == "book":
            from fulfillment.services.shipments import create_shipment

            shipment = create_shipment(user=request.user, vendor_order_id=vendor_order.pk)
            messages.success(
                request,
                _("Kurir dipesan. No. resi %(t)s.") % {"t": shipment.tracking_number or "—"},
            )
        elif action == "cancel":
            transitions.cancel_vendor_order(
                vendor_order,
                actor=request.user,
                reason=(request.POST.get("reason") or "").strip()[:255],
            )
            messages.success(request, _("Pesanan %(n)s dibatalkan.") % {"n": vendor_order.number})
        else:
            messages.error(request, _("Aksi tidak dikenal."))
    except DomainError as exc:
        for error in exc.errors:
            messages.error(request, _(error.message))
    return redirect(reverse("seller:orders", kwargs={"vendor_id": vendor.pk}) + "?tab=proses")


# --- stock per warehouse, CSV export/import with progress ------------------------------------


@login_required
def stock(request, vendor_id: int):
    from marketplace.inventory.models import Stock
    from marketplace.inventory.services.stock import get_available_quantities
    from marketplace.stocksync.models import StockCount

    vendor = _vendor_for(request, vendor_id)
    warehouses = list(vendor.warehouses.filter(is_active=True).order_by("pk"))
    from marketplace.catalog.models import ProductVariant

    variants = list(
        ProductVariant.objects.filter(vendor=vendor, is_active=True)
        .select_related("product")
        .order_by("product__name", "sku")
    )
    quantities = {
        (s.variant_id, s.warehouse_id): s
        for s in Stock.objects.filter(variant__in=variants, warehouse__in=warehouses)
    }
    available = get_available_quantities([v.pk for v in variants]) if variants else {}
    rows = [
        {
            "variant": v,
            "cells": [quantities.get((v.pk, w.pk)) for w in warehouses],
            "available": available.get(v.pk, 0),
        }
        for v in variants
    ]
    counts = StockCount.objects.filter(warehouse__vendor=vendor).order_by("-created_at")[:5]
    return render(
        request,
        "seller/stock.html",
        {
            "vendor": vendor,
            "warehouses": warehouses,
            "rows": rows,
            "counts": counts,
            "section": "stock",
        },
    )


@login_required
def stock_export(request, vendor_id: int, warehouse_id: int):
    """The warehouse's counts as CSV in the import format (sku, quantity), ready to edit."""
    import csv

    from django.http import HttpResponse

    from marketplace.inventory.models import Stock

    vendor = _vendor_for(request, vendor_id)
    warehouse = get_object_or_404(vendor.warehouses, pk=warehouse_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="stok-{vendor.slug}-{warehouse.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["sku", "quantity", "allocated", "product", "variant"])
    stocks = (
        Stock.objects.filter(warehouse=warehouse)
        .select_related("variant__product")
        .order_by("variant__sku")
    )
    for row in stocks:
        writer.writerow(
            [
                row.variant.sku,
                row.quantity,
                row.quantity_allocated,
                row.variant.product.name,
                row.variant.name,
            ]
        )
    return response


class StockImportForm(forms.Form):
    warehouse = forms.TypedChoiceField(label=gettext_lazy("Gudang"), coerce=int)
    file = forms.FileField(label=gettext_lazy("Berkas CSV (kolom sku dan quantity)"))
    atomic = forms.BooleanField(
        label=gettext_lazy("Terapkan hanya jika semua baris benar"), required=False
    )


@login_required
def stock_import(request, vendor_id: int):
    """Upload a stocktake CSV; it runs as a task (`run_stock_count`) and the page shows progress."""
    vendor = _vendor_for(request, vendor_id)
    form = StockImportForm(request.POST or None, request.FILES or None)
    form.fields["warehouse"].choices = [
        (w.pk, w.name) for w in vendor.warehouses.filter(is_active=True)
    ]
    if request.method == "POST" and form.is_valid():
        from django.conf import settings

        from marketplace.stocksync.services import channels as channel_service
        from marketplace.stocksync.services import stocktake
        from marketplace.stocksync.tasks import run_stock_count

        upload = form.cleaned_data["file"]
        try:
            warehouse = channel_service.require_warehouse_access(
                request.user, form.cleaned_data["warehouse"]
            )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise DomainError(
                    _("Berkas harus CSV berformat UTF-8."), code="INVALID", field="file"
                )
            count = stocktake.create_stock_count(
                warehouse=warehouse,
                csv_text=text,
                atomic=form.cleaned_data["atomic"],
                actor=request.user,
                filename=upload.name or "",
            )
        except DomainError as exc:
            apply_domain_error(form, exc, field_map={"csv": "file", "warehouseId": "warehouse"})
        else:
            run_stock_count.apply_async(args=[count.pk], queue=settings.CELERY_QUEUE_STOCK_SYNC)
            return redirect("seller:stock-count", vendor_id=vendor.pk, count_id=count.pk)
    return render(
        request, "seller/stock_import.html", {"vendor": vendor, "form": form, "section": "stock"}
    )


@login_required
def stock_count(request, vendor_id: int, count_id: int):
    """A stocktake's progress; htmx polls this page's status block until the count is done."""
    from marketplace.stocksync.models import StockCount

    vendor = _vendor_for(request, vendor_id)
    count = get_object_or_404(
        StockCount.objects.select_related("warehouse"), pk=count_id, warehouse__vendor=vendor
    )
    context = {
        "vendor": vendor,
        "count": count,
        "section": "stock",
        "running": count.status in ("PENDING", "RUNNING"),
        "percent": int(count.processed_rows * 100 / count.total_rows) if count.total_rows else 0,
    }
    if request.htmx:
        return render(request, "seller/partials/stock_count_status.html", context)
    return render(request, "seller/stock_count.html", context)


# --- earnings, performance, shipments, settings ----------------------------------------------


@login_required
def earnings(request, vendor_id: int):
    from payments.services.ledger import statement_csv, vendor_statement

    vendor = _vendor_for(request, vendor_id)
    statement = vendor_statement(vendor_id=vendor.pk)
    if request.GET.get("format") == "csv":
        from django.http import HttpResponse

        response = HttpResponse(statement_csv(statement), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="laporan-{vendor.slug}.csv"'
        return response
    payouts = vendor.payouts.order_by("-created_at")[:12]
    return render(
        request,
        "seller/earnings.html",
        {
            "vendor": vendor,
            "statement": statement,
            "payouts": payouts,
            "section": "earnings",
        },
    )


@login_required
def performance(request, vendor_id: int):
    from datetime import timedelta

    from django.utils import timezone

    from fulfillment.services.performance import delivery_performance

    vendor = _vendor_for(request, vendor_id)
    since = timezone.now() - timedelta(days=90)
    rows = delivery_performance(vendor_ids={vendor.pk}, since=since)
    from fulfillment.models import Shipment

    shipments = (
        Shipment.objects.filter(vendor=vendor)
        .select_related("vendor_order")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "seller/performance.html",
        {
            "vendor": vendor,
            "rows": rows,
            "shipments": shipments,
            "since": since,
            "section": "performance",
        },
    )


class WebhookForm(forms.Form):
    target_url = forms.URLField(
        label=gettext_lazy("URL tujuan (https)"), max_length=500, assume_scheme="https"
    )
    events = forms.CharField(
        label=gettext_lazy("Peristiwa (pisahkan dengan koma)"),
        initial="order.placed, vendor_order.accepted, shipment.delivered",
    )
    secret = forms.CharField(
        label=gettext_lazy("Rahasia penanda tangan"),
        min_length=16,
        max_length=128,
        widget=forms.PasswordInput(render_value=True),
    )


class NotificationForm(forms.Form):
    email_enabled = forms.BooleanField(label=gettext_lazy("Kirim email"), required=False)
    chat_enabled = forms.BooleanField(
        label=gettext_lazy("Kirim pesan chat (WhatsApp)"), required=False
    )


@login_required
def settings_view(request, vendor_id: int):
    from marketplace.notifications.models import WebhookSubscription
    from marketplace.notifications.services.preferences import get_preferences, update_preferences
    from marketplace.notifications.services.webhooks import create_webhook

    vendor = _vendor_for(request, vendor_id)
    preferences = get_preferences(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    notification_form = NotificationForm(
        request.POST if action == "notifications" else None,
        initial={
            "email_enabled": preferences.email_enabled,
            "chat_enabled": preferences.chat_enabled,
        },
    )
    webhook_form = WebhookForm(request.POST if action == "webhook" else None)
    try:
        if action == "notifications" and notification_form.is_valid():
            update_preferences(user=request.user, **notification_form.cleaned_data)
            messages.success(request, _("Pengaturan notifikasi tersimpan."))
            return redirect("seller:settings", vendor_id=vendor.pk)
        if action == "webhook" and webhook_form.is_valid():
            data = webhook_form.cleaned_data
            create_webhook(
                actor=request.user,
                vendor_id=vendor.pk,
                target_url=data["target_url"],
                secret=data["secret"],
                events=[e.strip() for e in data["events"].split(",") if e.strip()],
            )
            messages.success(request, _("Webhook ditambahkan."))
            return redirect("seller:settings", vendor_id=vendor.pk)
    except DomainError as exc:
        apply_domain_error(
            notification_form if action == "notifications" else webhook_form,
            exc,
            field_map={"targetUrl": "target_url", "chatEnabled": "chat_enabled"},
        )
    webhooks = WebhookSubscription.objects.filter(vendor=vendor).order_by("pk")
    return render(
        request,
        "seller/settings.html",
        {
            "vendor": vendor,
            "notification_form": notification_form,
            "webhook_form": webhook_form,
            "webhooks": webhooks,
            "section": "settings",
        },
    )
