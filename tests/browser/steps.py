"""Steps the journeys share, written as a person would do them in the browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_up(j, *, email: str, first_name: str = "Rina", last_name: str = "Wulandari") -> None:
    j.goto("/akun/daftar/")
    j.page.get_by_label("Nama depan").fill(first_name)
    j.page.get_by_label("Nama belakang").fill(last_name)
    j.page.get_by_label("Email").fill(email)
    j.page.get_by_label("Kata sandi").fill(PASSWORD)
    j.page.get_by_role("button", name="Daftar").click()
    expect(j.page.get_by_text("Selamat datang di Galeri IKM!")).to_be_visible()


def sign_in(j, *, email: str, password: str = PASSWORD, next_path: str = "/") -> None:
    j.goto(f"/akun/masuk/?next={next_path}")
    j.page.get_by_label("Email").fill(email)
    j.page.get_by_label("Kata sandi").fill(password)
    j.page.get_by_role("button", name="Masuk").click()
    j.page.wait_for_url(f"**{next_path}")


def search_and_open(j, *, query: str, product_name: str) -> None:
    search = j.page.get_by_role("searchbox", name="Cari produk")
    search.fill(query)
    search.press("Enter")
    j.page.wait_for_url("**/cari/**")
    j.page.get_by_role("link", name=product_name).first.click()
    expect(j.page.get_by_role("heading", name=product_name)).to_be_visible()


def add_to_cart(j) -> None:
    j.page.get_by_test_id("add-to-cart").click()
    expect(j.page.get_by_text("Produk masuk keranjang.")).to_be_visible()


def fill_address(
    j,
    *,
    prefix: str = "",
    province="Jawa Tengah",
    city="Kota Semarang",
    district="Semarang Tengah",
    village="Miroto",
    postal_code="50134",
    save: bool = True,
) -> None:
    """Fill an AddressForm (ids `id_<prefix>field`); the region selects load through htmx."""
    page = j.page

    def field(name: str):
        return page.locator(f"#id_{prefix}{name}")

    field("first_name").fill("Rina")
    field("last_name").fill("Wulandari")
    field("phone").fill("0812 3456 7890")
    field("street_address_1").fill("Jl. Pemuda No. 150, RT 02/RW 01")
    field("province").select_option(label=province)
    expect(page.locator(f"#id_{prefix}city option", has_text=city)).to_have_count(1)
    field("city").select_option(label=city)
    expect(page.locator(f"#id_{prefix}district option", has_text=district)).to_have_count(1)
    field("district").select_option(label=district)
    expect(page.locator(f"#id_{prefix}subdistrict option", has_text=village)).to_have_count(1)
    field("subdistrict").select_option(label=village)
    field("postal_code").fill(postal_code)
    if save:
        page.get_by_test_id("save-address").click()
        expect(page.get_by_text("Alamat pengiriman tersimpan.")).to_be_visible()


def staff_sign_in(j, *, email: str, password: str = PASSWORD) -> None:
    j.goto("/admin/login/?next=/admin/")
    j.page.locator("#id_username").fill(email)
    j.page.locator("#id_password").fill(password)
    j.page.locator("input[type=submit]").click()
    expect(j.page.locator("#galeri-staff-links")).to_be_visible()


def choose_delivery(j, *, option_type: str | None = None) -> None:
    """Pick, for every vendor, the option of `option_type` (or the first one)."""
    page = j.page
    groups = page.get_by_test_id("delivery-group")
    for index in range(groups.count()):
        group = groups.nth(index)
        radios = (
            group.locator(f"input[type=radio][data-type='{option_type}']")
            if option_type
            else group.locator("input[type=radio]")
        )
        radios.first.check()
    page.get_by_test_id("save-delivery").click()
    expect(page.get_by_text("Pilihan pengiriman tersimpan.")).to_be_visible()
