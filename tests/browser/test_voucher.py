"""An admin creates a voucher in the admin pages; a shopper then uses it at checkout."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from tests.factories import StaffFactory

from .data import build_catalogue
from .steps import (
    add_to_cart,
    choose_delivery,
    fill_address,
    search_and_open,
    sign_up,
    staff_sign_in,
)


def test_admin_creates_voucher_that_a_shopper_uses(journey, transactional_db):
    from marketplace.orders.models import Order
    from marketplace.promotions.models import Voucher

    build_catalogue()
    staff = StaffFactory(email="promo@galeri-ikm.id")
    admin = journey("admin-voucher")
    staff_sign_in(admin, email=staff.email)
    admin.goto("/staf/voucher/baru/")
    page = admin.page
    # A bad value first: the form keeps what was typed and says what is wrong.
    page.get_by_label("Kode").fill("SEMARANG10")
    page.get_by_label("Nama promo").fill("Hari Jadi Kota Semarang")
    page.get_by_label("Jenis").select_option("PERCENTAGE")
    page.get_by_label("Nilai (persen atau Rupiah)").fill("150")
    page.get_by_test_id("voucher-submit").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Kode")).to_have_value("SEMARANG10")
    assert not Voucher.objects.exists()
    page.get_by_label("Nilai (persen atau Rupiah)").fill("10")
    page.get_by_label("Maksimal potongan (Rp)").fill("50000")
    page.get_by_label("Kuota total").fill("100")
    page.get_by_test_id("voucher-submit").click()
    expect(page.get_by_text("Voucher SEMARANG10 dibuat.")).to_be_visible()
    admin.shot("voucher-created")

    shopper = journey("voucher-shopper")
    shopper.goto("/")
    sign_up(shopper, email="hemat@example.id")
    search_and_open(
        shopper, query="batik indigo", product_name="Kain Batik Tulis Indigo Gunungpati"
    )
    add_to_cart(shopper)
    shopper.page.get_by_test_id("go-checkout").click()
    fill_address(shopper)
    choose_delivery(shopper, option_type="regular")
    shopper.page.get_by_label("Kode voucher").fill("TIDAKADA")
    shopper.page.get_by_test_id("apply-voucher").click()
    expect(shopper.page.get_by_label("Kode voucher")).to_have_value("TIDAKADA")
    expect(shopper.page.locator("#id_code_error")).to_be_visible()
    shopper.page.get_by_label("Kode voucher").fill("semarang10")
    shopper.page.get_by_test_id("apply-voucher").click()
    expect(shopper.page.get_by_text("Voucher dipakai.")).to_be_visible()
    expect(shopper.page.get_by_test_id("discount-total")).to_have_text("−Rp 35.000")
    shopper.shot("checkout-voucher")
    shopper.page.get_by_label("Transfer virtual account").check()
    shopper.page.get_by_test_id("pay-button").click()
    expect(
        shopper.page.get_by_role("heading", name="Terima kasih! Pesanan Anda sudah kami terima.")
    ).to_be_visible()
    order = Order.objects.get(email="hemat@example.id")
    assert order.discount_total == Decimal("35000")
