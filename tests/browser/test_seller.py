"""A seller applies, an admin approves the shop and its product, a shopper orders it, and the
seller accepts, packs, books the courier and prints the label."""

from __future__ import annotations

import io

from playwright.sync_api import expect

from tests.factories import StaffFactory

from .data import build_catalogue
from .steps import add_to_cart, choose_delivery, fill_address, sign_up, staff_sign_in


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 640), (40, 70, 140)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_seller_onboarding_to_printed_label(journey, transactional_db):
    from marketplace.orders.models import VendorOrder
    from vendors.models import Vendor

    build_catalogue()  # categories, carriers and the hub
    staff = StaffFactory(email="kurator@galeri-ikm.id")

    # 1. The seller applies.
    seller = journey("seller")
    seller.goto("/")
    sign_up(seller, email="zie@example.id", first_name="Zie")
    seller.goto("/seller/")
    seller.page.get_by_test_id("apply-link").click()
    page = seller.page
    page.get_by_label("Nama usaha").fill("Lumpia Gang Lombok Bu Siem")
    page.get_by_label("Cerita usaha").fill(
        "Lumpia rebung resep keluarga sejak 1870 di Gang Lombok."
    )
    page.get_by_label("Nomor HP/WhatsApp usaha").fill("0813 2500 1870")
    page.get_by_label("Sentra/sektor").select_option(value="kuliner")
    page.get_by_label("Saya tenant Galeri IKM").check()
    fill_address(seller, prefix="address-", save=False)
    seller.shot("apply-form")
    page.get_by_test_id("apply-submit").click()
    expect(page.get_by_test_id("vendor-status")).to_have_text("Menunggu tinjauan")
    seller.shot("application-pending")
    vendor = Vendor.objects.get(name="Lumpia Gang Lombok Bu Siem")

    # 2. An admin approves it against the rubric.
    admin = journey("admin-curation")
    staff_sign_in(admin, email=staff.email)
    admin.goto("/staf/kurasi/toko/")
    card = admin.page.get_by_test_id("vendor-review-card").filter(
        has_text="Lumpia Gang Lombok Bu Siem"
    )
    for label in ("Mutu produk", "Bahan dan finishing", "Foto", "Legalitas"):
        card.get_by_label(label).select_option("4")
    admin.shot("vendor-queue")
    card.get_by_test_id("vendor-decide").click()
    expect(
        admin.page.get_by_text("Keputusan untuk Lumpia Gang Lombok Bu Siem tersimpan.")
    ).to_be_visible()
    vendor.refresh_from_db()
    assert vendor.status == "APPROVED"
    assert vendor.reviews.get().product_quality == 4

    # 3. The seller lists a product with a photo and submits it for curation.
    seller.goto(f"/seller/{vendor.pk}/produk/baru/")
    page.get_by_label("Nama produk").fill("Lumpia Rebung Semarang isi 10")
    page.get_by_label("Deskripsi").fill(
        "Lumpia basah rebung, udang dan telur. Tahan 2 hari di kulkas."
    )
    page.get_by_label("Kategori").select_option(label="Makanan khas")
    page.get_by_label("No. P-IRT (opsional)").fill("2063374010123-25")
    page.get_by_label("SKU").fill("LGL-10")
    page.get_by_label("Harga (Rp)").fill("95000")
    page.get_by_label("Berat (gram)").fill("900")
    page.get_by_label("Stok awal").fill("30")
    page.get_by_label("Foto produk").set_input_files(
        {"name": "lumpia.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    seller.shot("product-form")
    page.get_by_test_id("product-submit").click()
    expect(page.get_by_test_id("product-status")).to_have_text("Dalam tinjauan")
    seller.shot("product-in-review")

    # 4. The admin approves the product; it is live in the shop.
    admin.goto("/staf/kurasi/produk/")
    card = admin.page.get_by_test_id("product-review-card").filter(
        has_text="Lumpia Rebung Semarang isi 10"
    )
    card.get_by_label("Keputusan").select_option("APPROVE")
    admin.shot("product-queue")
    card.get_by_test_id("product-decide").click()
    expect(
        admin.page.get_by_text("Keputusan untuk Lumpia Rebung Semarang isi 10 tersimpan.")
    ).to_be_visible()

    # 5. A shopper orders it (cash on delivery, regular courier).
    shopper = journey("seller-order-shopper")
    shopper.goto("/")
    sign_up(shopper, email="pembeli@example.id", first_name="Budi")
    shopper.goto("/produk/lumpia-rebung-semarang-isi-10/")
    expect(
        shopper.page.get_by_role("heading", name="Lumpia Rebung Semarang isi 10")
    ).to_be_visible()
    add_to_cart(shopper)
    shopper.page.get_by_test_id("go-checkout").click()
    fill_address(shopper)
    choose_delivery(shopper, option_type="regular")
    shopper.page.get_by_label("Bayar di tempat (COD)").check()
    shopper.page.get_by_test_id("pay-button").click()
    expect(
        shopper.page.get_by_role("heading", name="Terima kasih! Pesanan Anda sudah kami terima.")
    ).to_be_visible()

    placed = VendorOrder.objects.select_related("order").get(vendor=vendor)
    assert (placed.status, placed.order.payment_gateway) == ("PENDING", "cod"), (
        placed.status,
        placed.order.payment_gateway,
        placed.order.status,
    )

    # 6. The seller accepts, packs, books the courier and prints the label.
    seller.goto(f"/seller/{vendor.pk}/")
    expect(page.get_by_test_id("to-process")).to_have_text("1")
    seller.goto(f"/seller/{vendor.pk}/pesanan/")
    order_card = page.get_by_test_id("vendor-order-card")
    expect(order_card).to_have_count(1)
    seller.shot("orders-to-process")
    order_card.get_by_test_id("accept").click()
    expect(page.get_by_test_id("vendor-order-status")).to_have_text("Diterima penjual")
    page.get_by_test_id("pack").click()
    expect(page.get_by_test_id("vendor-order-status")).to_have_text("Dikemas")
    page.get_by_test_id("book-courier").click()
    expect(page.get_by_test_id("tracking-number")).not_to_have_text("—")
    waybill = page.get_by_test_id("tracking-number").inner_text().strip()
    seller.shot("courier-booked")
    with seller.context.expect_page() as label_page_info:
        page.get_by_test_id("print-label").click()
    label = label_page_info.value
    label.wait_for_load_state()
    expect(label.locator(".waybill")).to_have_text(waybill)
    label.screenshot(
        path=str(seller.shots[-1].with_name("seller-07-label-print.png")), full_page=True
    )
    # The shopper follows it: order history and public tracking show the waybill.
    order_number = placed.order.number
    shopper.goto(f"/pesanan/{order_number}/")
    expect(shopper.page.get_by_text(waybill).first).to_be_visible()
    shopper.shot("order-tracking")
    shopper.page.get_by_role("button", name="Keluar").click()
    shopper.goto("/lacak/")
    shopper.page.get_by_label("Nomor pesanan").fill(order_number)
    shopper.page.get_by_label("Email pemesan").fill("pembeli@example.id")
    shopper.page.get_by_role("button", name="Lacak", exact=True).click()
    expect(shopper.page.get_by_text(waybill).first).to_be_visible()
    shopper.shot("public-tracking")
    vendor_order = VendorOrder.objects.get(vendor=vendor)
    assert vendor_order.status == "PACKED"
    assert vendor_order.shipments.get().tracking_number == waybill
