"""Home, search/category listings, product and vendor pages (read-only, anonymous allowed)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.catalog.models import Category, Product, ProductImage, ProductVariant
from marketplace.catalog.selectors import (
    category_tree,
    category_with_descendants,
    in_stock_condition,
    products_visible_to,
    search_products,
)
from vendors.models import Sentra, Vendor, VendorStatus

from ..forms import PostalCodeForm
from ..pricing import prices_for

PAGE_SIZE = 24
SORTS = {
    "relevance": None,
    "newest": ["-published_at", "-created_at", "-pk"],
    "price_asc": ["min_price", "pk"],
    "price_desc": ["-min_price", "-pk"],
    "rating": ["-rating", "-pk"],
    "name": ["name", "pk"],
}


def _with_cards(products):
    """Prefetch what a product card shows and attach `card_price` (cheapest variant, discounted)."""
    products = list(products)
    variants = [v for p in products for v in p.variants.all() if v.is_active]
    prices = prices_for(variants)
    for product in products:
        options = [prices[v.pk] for v in product.variants.all() if v.is_active and v.pk in prices]
        product.card_price = min(options, key=lambda p: p.current) if options else None
        images = list(product.images.all())
        product.card_image = images[0] if images else None
    return products


def _card_queryset(queryset):
    return queryset.select_related("vendor", "category").prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.filter(is_active=True)),
        Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "pk")),
    )


def _running_promotions(now):
    try:
        from marketplace.promotions.models import Campaign, FlashSale, Sale
    except ImportError:  # pragma: no cover - promotions is part of the project
        return [], []
    sales = (
        list(Sale.objects.active_at(now).order_by("ends_at")[:6])
        if hasattr(Sale.objects, "active_at")
        else []
    )
    campaigns = list(
        Campaign.objects.filter(starts_at__lte=now, ends_at__gt=now).order_by("ends_at")[:4]
    )
    flash = list(
        FlashSale.objects.active_at(now)
        .filter(variant__product__in=Product.objects.visible(), sold_count__lt=F("quantity"))
        .select_related("variant__product", "variant__product__vendor")
        .order_by("ends_at")[:8]
    )
    return sales + campaigns, flash


def home(request):
    now = timezone.now()
    visible = products_visible_to(request.user)
    vendors = Vendor.objects.filter(status=VendorStatus.APPROVED)
    sentra_counts = dict(
        vendors.values_list("sentra").annotate(n=Count("pk")).values_list("sentra", "n")
    )
    sentra = [
        (value, label, sentra_counts[value])
        for value, label in Sentra.choices
        if sentra_counts.get(value)
    ]
    featured_vendors = vendors.order_by("-rating", "-approved_at", "pk")[:8]
    categories = [node.category for node in category_tree()]
    promotions, flash_sales = _running_promotions(now)
    flash_prices = prices_for([f.variant for f in flash_sales], now)
    for sale in flash_sales:
        sale.page_price = flash_prices.get(sale.variant_id)
    latest = _with_cards(
        _card_queryset(Product.objects.filter(pk__in=visible.values("pk"))).order_by(
            "-published_at", "-pk"
        )[:10]
    )
    return render(
        request,
        "storefront/home.html",
        {
            "sentra": sentra,
            "featured_vendors": featured_vendors,
            "categories": categories,
            "promotions": promotions,
            "flash_sales": flash_sales,
            "latest": latest,
        },
    )


def _decimal(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        result = Decimal(value.replace(".", "").replace(",", ""))
    except InvalidOperation:
        return None
    return result if result >= 0 else None


def _listing(
    request,
    *,
    base_queryset,
    title: str,
    category: Category | None = None,
    template="storefront/search.html",
):
    params = request.GET
    text = (params.get("q") or "").strip()
    queryset = base_queryset
    if text:
        queryset = search_products(queryset, text)
    category_slugs = params.getlist("kategori")
    if category_slugs:
        ids = Category.objects.filter(slug__in=category_slugs).values_list("pk", flat=True)
        queryset = queryset.filter(category_id__in=category_with_descendants(ids))
    sentra_filter = params.getlist("sentra")
    if sentra_filter:
        queryset = queryset.filter(vendor__sentra__in=sentra_filter)
    price_min, price_max = _decimal(params.get("min")), _decimal(params.get("maks"))
    if price_min is not None:
        queryset = queryset.filter(max_price__gte=price_min)
    if price_max is not None:
        queryset = queryset.filter(min_price__lte=price_max)
    if params.get("stok") == "1":
        queryset = queryset.filter(in_stock_condition())
    if params.get("galeri") == "1":
        queryset = queryset.filter(vendor__is_gallery_tenant=True)
    sort = params.get("urut") or ("relevance" if text else "newest")
    if sort not in SORTS:
        sort = "newest"
    ordering = SORTS[sort] or (["-search_rank", "-pk"] if text else ["-published_at", "-pk"])
    queryset = _card_queryset(queryset).order_by(*ordering)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(params.get("halaman"))
    products = _with_cards(page.object_list)
    query_without_page = params.copy()
    query_without_page.pop("halaman", None)
    context = {
        "title": title,
        "category": category,
        "q": text,
        "products": products,
        "page": page,
        "total": paginator.count,
        "sort": sort,
        "sorts": [
            ("relevance", _("Paling sesuai")),
            ("newest", _("Terbaru")),
            ("price_asc", _("Harga terendah")),
            ("price_desc", _("Harga tertinggi")),
            ("rating", _("Rating tertinggi")),
            ("name", _("Nama A–Z")),
        ],
        "categories": [node.category for node in category_tree()],
        "selected_categories": category_slugs,
        "sentra_choices": Sentra.choices,
        "selected_sentra": sentra_filter,
        "price_min": params.get("min", ""),
        "price_max": params.get("maks", ""),
        "in_stock": params.get("stok") == "1",
        "gallery_only": params.get("galeri") == "1",
        "querystring": query_without_page.urlencode(),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "storefront/partials/results.html", context)
    return render(request, template, context)


def search(request):
    visible = Product.objects.filter(pk__in=products_visible_to(request.user).values("pk"))
    text = (request.GET.get("q") or "").strip()
    title = _("Hasil pencarian “%(q)s”") % {"q": text} if text else _("Semua produk")
    return _listing(request, base_queryset=visible, title=title)


def category_page(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    ids = category_with_descendants([category.pk])
    visible = Product.objects.filter(
        pk__in=products_visible_to(request.user).values("pk"), category_id__in=ids
    )
    return _listing(request, base_queryset=visible, title=category.name, category=category)


def _available(variant_ids):
    from marketplace.inventory.services.stock import get_available_quantities

    return get_available_quantities(list(variant_ids))


def product_page(request, slug: str):
    product = (
        products_visible_to(request.user)
        .select_related("vendor", "category", "category__parent")
        .prefetch_related("images")
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404(_("Produk tidak ditemukan."))
    variants = list(product.variants.filter(is_active=True))
    prices = prices_for(variants)
    available = _available([v.pk for v in variants]) if variants else {}
    for variant in variants:
        variant.page_price = prices[variant.pk]
        variant.available = available.get(variant.pk, 0)
    selected = next((v for v in variants if str(v.pk) == request.GET.get("varian")), None)
    selected = selected or next(
        (v for v in variants if v.available > 0), variants[0] if variants else None
    )
    context = {
        "product": product,
        "vendor": product.vendor,
        "variants": variants,
        "selected": selected,
        "images": list(product.images.all()),
        "postal_form": PostalCodeForm(),
        "is_public": product.status == "PUBLISHED"
        and product.vendor.status == VendorStatus.APPROVED,
    }
    return render(request, "storefront/product.html", context)


def delivery_estimate(request, slug: str):
    """htmx partial: delivery options and promised dates from the vendor to a postal code."""
    from fulfillment.api import Destination, Parcel, shipping_options_for_vendor_group
    from marketplace.core import regions

    product = products_visible_to(request.user).select_related("vendor").filter(slug=slug).first()
    if product is None:
        raise Http404
    form = PostalCodeForm(request.GET or None)
    options = []
    if form.is_valid():
        postal_code = form.cleaned_data["postal_code"]
        if not regions.is_known_postal_code(postal_code):
            form.add_error("postal_code", _("Kode pos tidak terdaftar."))
        else:
            variant = product.variants.filter(is_active=True).first()
            parcel = Parcel(
                weight_grams=max(variant.weight_grams, variant.volumetric_weight_grams)
                if variant
                else 1000,
                length_cm=getattr(variant, "length_cm", None),
                width_cm=getattr(variant, "width_cm", None),
                height_cm=getattr(variant, "height_cm", None),
            )
            villages = regions.region_for_postal_code(postal_code)
            city = province = district = ""
            if villages:
                parts = villages[0].code.split(".")
                province = getattr(regions.get_region(parts[0]), "name", "")
                city = getattr(regions.get_region(".".join(parts[:2])), "name", "")
                district = getattr(regions.get_region(".".join(parts[:3])), "name", "")
            destination = Destination(
                postal_code=postal_code, city=city, province=province, district=district
            )
            try:
                options = shipping_options_for_vendor_group(
                    vendor=product.vendor, destination=destination, parcels=[parcel]
                )
            except Exception as exc:  # a carrier being down must not break the product page
                from marketplace.core.exceptions import DomainError

                if not isinstance(exc, DomainError):
                    raise
                form.add_error("postal_code", exc.errors[0].message)
            request.session["postal_code"] = postal_code
    return render(
        request,
        "storefront/partials/delivery_estimate.html",
        {"form": form, "options": options, "product": product},
    )


def vendor_page(request, slug: str):
    vendor = get_object_or_404(Vendor, slug=slug)
    if vendor.status != VendorStatus.APPROVED and not (
        request.user.is_authenticated
        and (request.user.is_staff or vendor.members.filter(user=request.user).exists())
    ):
        raise Http404(_("Toko tidak ditemukan."))
    visible = Product.objects.filter(
        pk__in=products_visible_to(request.user).values("pk"), vendor=vendor
    )
    products = _with_cards(_card_queryset(visible).order_by("-published_at", "-pk")[:48])
    documents = (
        list(vendor.documents.filter(verified_at__isnull=False))
        if hasattr(vendor, "documents")
        else []
    )
    return render(
        request,
        "storefront/vendor.html",
        {
            "vendor": vendor,
            "products": products,
            "documents": documents,
            "product_count": visible.count(),
        },
    )


def sentra_page(request, sentra: str):
    labels = dict(Sentra.choices)
    if sentra not in labels:
        raise Http404
    vendors = Vendor.objects.filter(status=VendorStatus.APPROVED, sentra=sentra).order_by(
        "-rating", "name"
    )
    visible = Product.objects.filter(
        pk__in=products_visible_to(request.user).values("pk"), vendor__sentra=sentra
    )
    return render(
        request,
        "storefront/sentra.html",
        {
            "label": labels[sentra],
            "vendors": vendors,
            "products": _with_cards(_card_queryset(visible).order_by("-published_at", "-pk")[:24]),
        },
    )
