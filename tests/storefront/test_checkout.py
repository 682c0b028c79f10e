"""Cart and checkout pages over HTTP: they call the checkout services, keep what the shopper
typed on errors, and one idempotency key never becomes two orders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.checkout.models import Checkout
from marketplace.orders.models import Order
from tests.browser.data import build_catalogue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "action": "address",
    "first_name": "Rina",
    "last_name": "Wulandari",
    "phone": "081234567890",
    "street_address_1": "Jl. Pemuda No. 150",
    "province": "Jawa Tengah",
    "city": "Kota Semarang",
    "district": "Semarang Tengah",
    "subdistrict": "Miroto",
    "postal_code": "50134",
}


@pytest.fixture
def shopper(client):
    user = UserFactory(email="rina@example.id")
    client.force_login(user)
    return user


@pytest.fixture
def cart(client, shopper):
    data = build_catalogue()
    for variant in (data["batik_variant"], data["food_variant"]):
        response = client.post("/keranjang/tambah/", {"variant": variant.pk, "quantity": 1})
        assert response.status_code == 302
    return data


def _ready(client, cart):
    assert client.post("/checkout/", ADDRESS).status_code == 302
    checkout = Checkout.objects.get()
    html = client.get("/checkout/").content.decode()
    choices = {}
    for vendor in (cart["batik_vendor"], cart["food_vendor"]):
        marker = f'name="delivery-{vendor.pk}" value="'
        start = html.index(marker) + len(marker)
        choices[f"delivery-{vendor.pk}"] = html[start : html.index('"', start)]
    assert client.post("/checkout/", {"action": "delivery", **choices}).status_code == 302
    return checkout


def test_adding_to_cart_needs_sign_in(client):
    data = build_catalogue()
    response = client.post(
        "/keranjang/tambah/", {"variant": data["batik_variant"].pk, "quantity": 1}
    )
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    assert not Checkout.objects.exists()


def test_cart_groups_lines_by_vendor(client, cart):
    html = client.get("/keranjang/").content.decode()
    assert html.count('data-testid="cart-vendor-group"') == 2
    assert "Rp 405.000" in html


def test_adding_more_than_stock_is_refused_and_changes_nothing(client, shopper):
    data = build_catalogue()
    response = client.post(
        "/keranjang/tambah/", {"variant": data["batik_variant"].pk, "quantity": 11}, follow=True
    )
    assert "stok" in response.content.decode().lower()
    assert not Checkout.objects.filter(lines__isnull=False).exists()


def test_bad_address_shows_field_errors_and_keeps_input(client, cart):
    response = client.post("/checkout/", {**ADDRESS, "postal_code": "99999", "phone": "12"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="99999"' in html and 'value="Jl. Pemuda No. 150"' in html
    assert "Kode pos harus 5 angka dan terdaftar." in html
    assert html.count('aria-invalid="true"') >= 2
    assert Checkout.objects.get().shipping_address is None


def test_address_errors_in_english(client, cart):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.post("/checkout/", {**ADDRESS, "postal_code": "99999"}).content.decode()
    assert "The postal code must have 5 digits and be registered." in html


def test_pay_twice_with_one_key_places_one_order(client, cart):
    _ready(client, cart)
    form = {
        "payment_gateway": "bank_transfer",
        "idempotency_key": "b8f7a1d2c3e4f5a6b7c8d9e0f1a2b3c4",
    }
    first = client.post("/checkout/bayar/", form)
    second = client.post("/checkout/bayar/", form)
    order = Order.objects.get()
    assert first["Location"] == second["Location"] == f"/pesanan/{order.number}/konfirmasi/"
    assert order.vendor_orders.count() == 2
    assert order.total == Decimal("405000") + order.shipping_total
    html = client.get(first["Location"]).content.decode()
    assert 'data-testid="va-number"' in html


def test_pay_without_delivery_choice_is_refused(client, cart):
    client.post("/checkout/", ADDRESS)
    response = client.post(
        "/checkout/bayar/", {"payment_gateway": "cod", "idempotency_key": "k" * 32}, follow=True
    )
    assert "Pilih pengiriman untuk" in response.content.decode()
    assert not Order.objects.exists()


def test_orders_are_private_and_trackable_with_email(client, cart):
    _ready(client, cart)
    client.post("/checkout/bayar/", {"payment_gateway": "cod", "idempotency_key": "c" * 32})
    order = Order.objects.get()
    assert client.get(f"/pesanan/{order.number}/").status_code == 200
    other = UserFactory(email="lain@example.id")
    client.force_login(other)
    assert client.get(f"/pesanan/{order.number}/").status_code == 404
    assert client.get(f"/pesanan/{order.number}/konfirmasi/").status_code == 404
    client.logout()
    html = client.get(
        "/lacak/", {"number": order.number, "email": "RINA@example.id"}
    ).content.decode()
    assert 'data-testid="timeline"' in html
    html = client.get(
        "/lacak/", {"number": order.number, "email": "lain@example.id"}
    ).content.decode()
    assert "tidak ditemukan" in html and 'data-testid="timeline"' not in html
