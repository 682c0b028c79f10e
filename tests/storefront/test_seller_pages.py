"""The seller dashboard over HTTP: access, forms that keep input on errors, stock CSV round trip,
earnings, settings; and the staff pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.catalog.models import Product
from marketplace.inventory.models import Stock
from tests.browser.data import build_catalogue
from tests.factories import StaffFactory, UserFactory, VendorMemberFactory
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client):
    data = build_catalogue()
    vendor = data["batik_vendor"]
    member = VendorMemberFactory(vendor=vendor, user=UserFactory(email="zie@example.id"))
    client.force_login(member.user)
    return {**data, "vendor": vendor, "user": member.user}


def test_outsiders_get_not_found(client, seller):
    other = seller["food_vendor"]
    for path in ("", "produk/", "pesanan/", "stok/", "pendapatan/", "kinerja/", "pengaturan/"):
        assert client.get(f"/seller/{other.pk}/{path}").status_code == 404
    assert client.get(f"/seller/{seller['vendor'].pk}/").status_code == 200


def test_apply_keeps_input_and_changes_nothing_on_error(client):
    client.force_login(UserFactory(email="baru@example.id"))
    response = client.post(
        "/seller/daftar/",
        {
            "name": "Kerupuk Tenggiri Bu Tini",
            "description": "",
            "phone": "123",
            "sentra": "kerupuk-krobokan",
            "address-first_name": "Tini",
            "address-phone": "081234567890",
            "address-street_address_1": "Jl. Krobokan 5",
            "address-province": "Jawa Tengah",
            "address-city": "Kota Semarang",
            "address-district": "Semarang Barat",
            "address-postal_code": "11111",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kerupuk Tenggiri Bu Tini"' in html and 'value="Jl. Krobokan 5"' in html
    assert "Nomor telepon tidak valid." in html
    assert "Kode pos harus 5 angka dan terdaftar." in html
    assert not Vendor.objects.filter(name="Kerupuk Tenggiri Bu Tini").exists()


def test_product_with_taken_sku_is_refused_and_nothing_is_created(client, seller):
    before = Product.objects.count()
    response = client.post(
        f"/seller/{seller['vendor'].pk}/produk/baru/",
        {
            "name": "Selendang Indigo",
            "category": seller["batik_product"].category_id,
            "sku": "ZIE-IND-01",
            "price": "150000",
            "weight_grams": "200",
            "stock": "3",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Selendang Indigo"' in html
    assert Product.objects.count() == before


def _jpeg() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (20, 60, 120)).save(buffer, format="JPEG")
    return SimpleUploadedFile("selendang.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_product_submission_needs_photo_and_description(client, seller):
    data = {
        "name": "Selendang Indigo",
        "category": seller["batik_product"].category_id,
        "sku": "ZIE-SEL-01",
        "price": "150000",
        "weight_grams": "200",
        "stock": "3",
        "submit_for_review": "on",
    }
    html = client.post(f"/seller/{seller['vendor'].pk}/produk/baru/", data).content.decode()
    assert "Tambahkan minimal satu foto produk." in html
    assert not Product.objects.filter(
        name="Selendang Indigo"
    ).exists()  # one transaction: nothing half-made


def test_product_create_submits_for_review(client, seller):
    response = client.post(
        f"/seller/{seller['vendor'].pk}/produk/baru/",
        {
            "name": "Selendang Indigo",
            "category": seller["batik_product"].category_id,
            "sku": "ZIE-SEL-01",
            "description": "Selendang sutra pewarna indigo.",
            "image": _jpeg(),
            "price": "150000",
            "weight_grams": "200",
            "stock": "3",
            "submit_for_review": "on",
        },
    )
    product = Product.objects.get(name="Selendang Indigo")
    assert response.status_code == 302
    assert product.status == "IN_REVIEW"
    assert Stock.objects.get(variant__product=product).quantity == 3


def test_stock_csv_export_then_import_with_progress(client, seller):
    vendor = seller["vendor"]
    warehouse = vendor.warehouses.get()
    csv_text = client.get(f"/seller/{vendor.pk}/stok/unduh/{warehouse.pk}/").content.decode()
    assert csv_text.splitlines()[0] == "sku,quantity,allocated,product,variant"
    assert "ZIE-IND-01,10," in csv_text
    upload = SimpleUploadedFile(
        "opname.csv", b"sku;quantity\nZIE-IND-01;7\nTIDAK-ADA;3\n", content_type="text/csv"
    )
    response = client.post(
        f"/seller/{vendor.pk}/stok/unggah/", {"warehouse": warehouse.pk, "file": upload}
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="stock-count-status"' in html and "TIDAK-ADA" in html
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "count-progress" in partial
    assert Stock.objects.get(variant=seller["batik_variant"]).quantity == 7


def test_stock_import_rejects_a_file_without_columns(client, seller):
    vendor = seller["vendor"]
    upload = SimpleUploadedFile("x.csv", b"kode,jumlah\nA,1\n", content_type="text/csv")
    response = client.post(
        f"/seller/{vendor.pk}/stok/unggah/",
        {"warehouse": vendor.warehouses.get().pk, "file": upload},
    )
    assert response.status_code == 200
    assert "sku dan quantity" in response.content.decode()


def test_earnings_page_and_csv(client, seller):
    vendor = seller["vendor"]
    assert (
        'data-testid="available"' in client.get(f"/seller/{vendor.pk}/pendapatan/").content.decode()
    )
    response = client.get(f"/seller/{vendor.pk}/pendapatan/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")


def test_webhook_settings_validate_and_save(client, seller):
    from marketplace.notifications.models import WebhookSubscription

    vendor = seller["vendor"]
    bad = client.post(
        f"/seller/{vendor.pk}/pengaturan/",
        {
            "action": "webhook",
            "target_url": "https://toko.example.id/hook",
            "events": "pesanan.baru",
            "secret": "rahasia-yang-panjang-sekali",
        },
    )
    assert bad.status_code == 200 and 'value="pesanan.baru"' in bad.content.decode()
    assert not WebhookSubscription.objects.exists()
    ok = client.post(
        f"/seller/{vendor.pk}/pengaturan/",
        {
            "action": "webhook",
            "target_url": "https://toko.example.id/hook",
            "events": "order.placed, shipment.delivered",
            "secret": "rahasia-yang-panjang-sekali",
        },
    )
    assert ok.status_code == 302
    assert WebhookSubscription.objects.get().events == ["order.placed", "shipment.delivered"]


def test_staff_pages_need_staff(client, seller):
    for path in ("/staf/", "/staf/kurasi/toko/", "/staf/kurasi/produk/", "/staf/voucher/baru/"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(StaffFactory())
    html = client.get("/staf/").content.decode()
    assert "Penjualan per sektor" in html and 'data-testid="on-time"' in html
    assert client.get("/staf/kurasi/produk/").status_code == 200


def test_add_variant_keeps_input_on_taken_sku(client, seller):
    product = seller["batik_product"]
    url = f"/seller/{seller['vendor'].pk}/produk/{product.pk}/"
    bad = client.post(
        url,
        {
            "action": "variant",
            "sku": "ZIE-IND-01",
            "name": "2,5 m",
            "price": "420000",
            "weight_grams": "500",
            "stock": "2",
        },
    )
    assert bad.status_code == 400 and 'value="2,5 m"' in bad.content.decode()
    assert product.variants.count() == 1
    ok = client.post(
        url,
        {
            "action": "variant",
            "sku": "ZIE-IND-02",
            "name": "2,5 m",
            "price": "420000",
            "weight_grams": "500",
            "stock": "2",
        },
    )
    assert ok.status_code == 302
    variant = product.variants.get(sku="ZIE-IND-02")
    assert Stock.objects.get(variant=variant).quantity == 2
