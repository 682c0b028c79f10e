"""Storefront pages through the HTTP stack: what shoppers see, errors in their language, and
that every change goes through the domain services (invalid input changes nothing)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductStatus
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    ProductFactory,
    StockFactory,
    UserFactory,
    VariantFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    batik = CategoryFactory(name="Batik", slug="batik")
    food = CategoryFactory(name="Makanan", slug="makanan")
    v1 = VendorFactory(name="Batik Gunungpati", slug="batik-gunungpati", sentra="batik-gunungpati")
    v2 = VendorFactory(name="Bandeng Juwana Elrina", slug="bandeng-elrina", sentra="bandeng-presto")
    p1 = ProductFactory(
        vendor=v1,
        category=batik,
        name="Kain Batik Indigo",
        slug="kain-batik-indigo",
        min_price=Decimal("350000"),
        max_price=Decimal("350000"),
        certifications=[{"kind": "HALAL", "number": "ID33110000123"}],
    )
    p2 = ProductFactory(
        vendor=v2,
        category=food,
        name="Bandeng Presto Duri Lunak",
        slug="bandeng-presto",
        search_document="Bandeng Presto Duri Lunak bandeng",
        min_price=Decimal("45000"),
        max_price=Decimal("45000"),
    )
    hidden = ProductFactory(
        vendor=v1,
        category=batik,
        name="Batik Draf Rahasia",
        slug="batik-draf",
        status=ProductStatus.DRAFT,
    )
    s1 = StockFactory(variant=VariantFactory(product=p1, price=Decimal("350000")), quantity=5)
    s2 = StockFactory(
        variant=VariantFactory(product=p2, price=Decimal("45000"), weight_grams=600), quantity=20
    )
    return {
        "batik": batik,
        "v1": v1,
        "v2": v2,
        "p1": p1,
        "p2": p2,
        "hidden": hidden,
        "s1": s1,
        "s2": s2,
    }


def test_home_shows_categories_vendors_and_latest_products(client, catalogue):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Batik" in html and "Batik Gunungpati" in html
    assert "Kain Batik Indigo" in html
    assert "Batik Draf Rahasia" not in html  # drafts never reach shoppers
    assert "Rp 350.000" in html


def test_english_switch_translates_the_layout(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Cart" in html and "Keranjang" not in html
    assert "350,000" in html and "Rp 350.000" not in html


def test_search_filters_and_sorts(client, catalogue):
    html = client.get("/cari/", {"q": "bandeng"}).content.decode()
    assert "Bandeng Presto Duri Lunak" in html and "Kain Batik Indigo" not in html

    html = client.get("/cari/", {"urut": "price_asc"}).content.decode()
    assert html.index("Bandeng Presto Duri Lunak") < html.index("Kain Batik Indigo")
    html = client.get("/cari/", {"urut": "price_desc"}).content.decode()
    assert html.index("Kain Batik Indigo") < html.index("Bandeng Presto Duri Lunak")

    html = client.get("/cari/", {"maks": "100000"}).content.decode()
    assert "Bandeng Presto" in html and "Kain Batik Indigo" not in html
    html = client.get("/cari/", {"sentra": "batik-gunungpati"}).content.decode()
    assert "Kain Batik Indigo" in html and "Bandeng Presto" not in html


def test_search_results_partial_for_htmx(client, catalogue):
    response = client.get(
        "/cari/", {"kategori": "batik"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Kain Batik Indigo" in html and "Bandeng" not in html


def test_category_page_lists_only_its_products(client, catalogue):
    html = client.get("/kategori/batik/").content.decode()
    assert (
        "Kain Batik Indigo" in html and "Bandeng Presto" not in html and "Draf Rahasia" not in html
    )


def test_product_page_shows_price_stock_vendor_story_and_certification(client, catalogue):
    html = client.get("/produk/kain-batik-indigo/").content.decode()
    assert "Rp 350.000" in html
    assert "stok 5" in html
    assert "Batik tulis pewarna alami dari Gunungpati." in html  # the vendor's story
    assert "ID33110000123" in html
    assert client.get("/produk/batik-draf/").status_code == 404


def test_delivery_estimate_to_a_postal_code(client, catalogue):
    response = client.get("/produk/kain-batik-indigo/ongkir/", {"postal_code": "50134"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="delivery-options"' in html
    assert "Rp " in html
    bad = client.get("/produk/kain-batik-indigo/ongkir/", {"postal_code": "123"}).content.decode()
    assert "Kode pos harus 5 angka." in bad


def test_vendor_page(client, catalogue):
    html = client.get("/toko/bandeng-elrina/").content.decode()
    assert "Bandeng Juwana Elrina" in html and "Bandeng Presto Duri Lunak" in html
    pending = VendorFactory(status="PENDING", slug="belum-aktif")
    assert client.get(f"/toko/{pending.slug}/").status_code == 404


def test_register_shows_field_errors_and_keeps_input(client):
    response = client.post(
        "/akun/daftar/",
        {
            "first_name": "Rina",
            "last_name": "",
            "email": "rina@example.id",
            "password": "12345678",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="rina@example.id"' in html and 'value="Rina"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="rina@example.id").exists()


def test_register_login_logout(client):
    response = client.post(
        "/akun/daftar/",
        {
            "first_name": "Rina",
            "last_name": "Putri",
            "email": "rina@example.id",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="rina@example.id").first_name == "Rina"
    assert client.get("/akun/").status_code == 200
    client.post("/akun/keluar/")
    assert client.get("/akun/").status_code == 302

    wrong = client.post("/akun/masuk/", {"email": "rina@example.id", "password": "salah-sekali"})
    assert "Email atau kata sandi salah." in wrong.content.decode()
    ok = client.post(
        "/akun/masuk/", {"email": "rina@example.id", "password": PASSWORD, "next": "/pesanan/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/pesanan/"


def test_login_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    UserFactory(email="a@example.id")
    response = client.post("/akun/masuk/", {"email": "a@example.id", "password": PASSWORD})
    assert response.status_code == 403


def test_region_options_chain(client):
    html = client.get("/wilayah/city/", {"province": "Jawa Tengah"}).content.decode()
    assert "Kota Semarang" in html
    html = client.get(
        "/wilayah/district/", {"province": "Jawa Tengah", "city": "Kota Semarang"}
    ).content.decode()
    assert "Semarang Tengah" in html
    html = client.get(
        "/wilayah/subdistrict/",
        {
            "address-province": "Jawa Tengah",
            "address-city": "Kota Semarang",
            "address-district": "Semarang Tengah",
        },
    ).content.decode()
    assert "Miroto" in html
    assert client.get("/wilayah/planet/").status_code == 400


def test_flash_sale_shows_discount_and_countdown(client, catalogue):
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.promotions.models import FlashSale

    variant = catalogue["s1"].variant
    now = timezone.now()
    FlashSale.objects.create(
        variant=variant,
        vendor=variant.vendor,
        name="Kilat Batik",
        price=Decimal("280000"),
        quantity=5,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
    )
    home = client.get("/").content.decode()
    assert 'data-testid="flash-countdown"' in home and "Rp 280.000" in home and "-20%" in home
    page = client.get("/produk/kain-batik-indigo/").content.decode()
    assert "Rp 280.000" in page and "Rp 350.000" in page and 'class="countdown"' in page
