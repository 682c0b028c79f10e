"""A shopper signs up, searches, fills a two-vendor cart and checks out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .data import build_catalogue
from .steps import add_to_cart, choose_delivery, fill_address, search_and_open, sign_up


def pay_with(j, gateway_label: str) -> None:
    j.page.get_by_label(gateway_label).check()
    j.page.get_by_test_id("pay-button").click()
    expect(
        j.page.get_by_role("heading", name="Terima kasih! Pesanan Anda sudah kami terima.")
    ).to_be_visible()


def shop_two_vendors(j, *, email: str) -> None:
    j.goto("/")
    expect(
        j.page.get_by_role("heading", name="Produk kreatif langsung dari IKM Semarang")
    ).to_be_visible()
    j.shot("home")
    sign_up(j, email=email)
    search_and_open(j, query="batik indigo", product_name="Kain Batik Tulis Indigo Gunungpati")
    # Delivery estimate to a postal code, through htmx.
    j.page.get_by_label("Kode pos tujuan").fill("50134")
    j.page.get_by_role("button", name="Cek ongkir").click()
    expect(j.page.get_by_test_id("delivery-options")).to_be_visible()
    j.shot("product")
    add_to_cart(j)
    search_and_open(j, query="bandeng presto", product_name="Bandeng Presto Duri Lunak 500 g")
    add_to_cart(j)
    expect(j.page.get_by_test_id("cart-vendor-group")).to_have_count(2)
    expect(j.page.locator("#cart-count")).to_have_text("2")
    j.shot("cart")
    j.page.get_by_test_id("go-checkout").click()
    fill_address(j)
    choose_delivery(j, option_type="regular")
    j.shot("checkout")


VIEWPORTS = pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "mobile"])


@VIEWPORTS
def test_shopper_pays_by_virtual_account_and_sees_instructions(journey, transactional_db, mobile):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("virtual-account-mobile" if mobile else "virtual-account", mobile=mobile)
    shop_two_vendors(j, email="va@example.id")
    expect(j.page.get_by_test_id("pay-button")).to_be_enabled()
    pay_with(j, "Transfer virtual account")
    expect(j.page.get_by_test_id("va-instructions")).to_be_visible()
    va_number = j.page.get_by_test_id("va-number").inner_text().strip()
    assert va_number.isdigit() and len(va_number) >= 10
    expect(j.page.get_by_test_id("payment-status")).to_have_text("Menunggu pembayaran")
    j.shot("va-instructions")
    order = Order.objects.get(email="va@example.id")
    assert order.status == "UNPAID" and order.vendor_orders.count() == 2
    assert order.total == order.subtotal + order.shipping_total - order.discount_total

    # The order history shows it with its tracking timeline.
    j.goto("/pesanan/")
    j.page.get_by_test_id("order-row").first.click()
    expect(j.page.get_by_test_id("timeline")).to_have_count(2)
    j.shot("order-detail")
    assert j.console_errors == []


def test_shopper_uses_click_and_collect(journey, transactional_db):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("click-and-collect")
    j.goto("/")
    sign_up(j, email="ambil@example.id")
    search_and_open(j, query="bandeng presto", product_name="Bandeng Presto Duri Lunak 500 g")
    add_to_cart(j)
    j.page.get_by_test_id("go-checkout").click()
    fill_address(j)
    choose_delivery(j, option_type="pickup")
    expect(j.page.get_by_text("Ambil sendiri di Galeri IKM (click-and-collect).")).to_be_visible()
    j.shot("checkout-pickup")
    pay_with(j, "Bayar di tempat (COD)")
    j.shot("confirmation")
    vendor_order = Order.objects.get(email="ambil@example.id").vendor_orders.get()
    assert vendor_order.shipping_option_id.startswith("pickup:")
    assert vendor_order.shipping_price == 0


def test_double_click_on_bayar_places_one_order(journey, transactional_db):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("double-click")
    j.goto("/")
    sign_up(j, email="dobel@example.id")
    search_and_open(j, query="bandeng presto", product_name="Bandeng Presto Duri Lunak 500 g")
    add_to_cart(j)
    j.page.get_by_test_id("go-checkout").click()
    fill_address(j)
    choose_delivery(j)
    j.page.get_by_label("Transfer virtual account").check()
    j.page.get_by_test_id("pay-button").dblclick()
    expect(
        j.page.get_by_role("heading", name="Terima kasih! Pesanan Anda sudah kami terima.")
    ).to_be_visible()
    assert Order.objects.filter(email="dobel@example.id").count() == 1


@VIEWPORTS
def test_shopper_pays_by_card_and_sees_the_order_paid(
    journey, transactional_db, stripe_settings, mobile
):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("card-mobile" if mobile else "card", mobile=mobile)
    shop_two_vendors(j, email="kartu@example.id")
    pay_with(j, "Kartu kredit/debit")
    card = j.page.locator("#card-element input")
    expect(card).to_have_count(5)  # localstripe's Stripe.js card element
    j.shot("card-form")
    for index, value in enumerate(["4242424242424242", "12", "34", "123", "50134"]):
        card.nth(index).fill(value)
    j.page.get_by_test_id("card-pay").click()
    expect(j.page.get_by_test_id("payment-status")).to_have_text("Dibayar", timeout=20_000)
    expect(j.page.get_by_test_id("order-status")).to_have_text("Sudah dibayar")
    j.shot("card-paid")
    assert Order.objects.get(email="kartu@example.id").status == "PAID"
    assert j.console_errors == []


def fill_card(j, number: str) -> None:
    card = j.page.locator("#card-element input")
    expect(card).to_have_count(5)  # localstripe's Stripe.js card element
    for index, value in enumerate([number, "12", "34", "123", "50134"]):
        card.nth(index).fill(value)


def test_shopper_pays_by_card_with_3d_secure(journey, transactional_db, stripe_settings):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("card-3ds")
    j.goto("/")
    sign_up(j, email="tigads@example.id")
    search_and_open(j, query="bandeng presto", product_name="Bandeng Presto Duri Lunak 500 g")
    add_to_cart(j)
    j.page.get_by_test_id("go-checkout").click()
    fill_address(j)
    choose_delivery(j)
    pay_with(j, "Kartu kredit/debit")
    fill_card(j, "4000000000003220")  # the bank asks for 3-D Secure
    j.page.get_by_test_id("card-pay").click()
    # Stripe.js (localstripe's copy) shows the bank's challenge; the shopper completes it.
    j.page.get_by_role("button", name="Complete authentication").click()
    expect(j.page.get_by_test_id("payment-status")).to_have_text("Dibayar", timeout=20_000)
    j.shot("card-3ds-paid")
    assert Order.objects.get(email="tigads@example.id").status == "PAID"
    assert j.console_errors == []


def test_declined_card_shows_the_error_and_leaves_the_order_unpaid(
    journey, transactional_db, stripe_settings
):
    from marketplace.orders.models import Order

    build_catalogue()
    j = journey("card-declined")
    j.goto("/")
    sign_up(j, email="tolak@example.id")
    search_and_open(j, query="bandeng presto", product_name="Bandeng Presto Duri Lunak 500 g")
    add_to_cart(j)
    j.page.get_by_test_id("go-checkout").click()
    fill_address(j)
    choose_delivery(j)
    pay_with(j, "Kartu kredit/debit")
    fill_card(j, "4000000000000341")  # declined when charged
    j.page.get_by_test_id("card-pay").click()
    expect(j.page.locator("#card-errors")).not_to_be_empty()
    expect(j.page.get_by_test_id("card-pay")).to_be_enabled()
    j.shot("card-declined")
    assert Order.objects.get(email="tolak@example.id").status == "UNPAID"
