"""The storefront's pages: Indonesian paths, English view names."""

from django.urls import path

from . import admin_views
from .views import account, cart, catalog, checkout, orders, regions

app_name = "storefront"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("cari/", catalog.search, name="search"),
    path("kategori/<slug:slug>/", catalog.category_page, name="category"),
    path("sentra/<slug:sentra>/", catalog.sentra_page, name="sentra"),
    path("produk/<slug:slug>/", catalog.product_page, name="product"),
    path("produk/<slug:slug>/ongkir/", catalog.delivery_estimate, name="delivery-estimate"),
    path("toko/<slug:slug>/", catalog.vendor_page, name="vendor"),
    path("akun/masuk/", account.login_view, name="login"),
    path("akun/daftar/", account.register_view, name="register"),
    path("akun/keluar/", account.logout_view, name="logout"),
    path("akun/", account.account_view, name="account"),
    path("wilayah/<str:level>/", regions.region_options, name="region-options"),
    path("keranjang/", cart.cart_view, name="cart"),
    path("keranjang/tambah/", cart.cart_add, name="cart-add"),
    path("keranjang/ubah/", cart.cart_update, name="cart-update"),
    path("checkout/", checkout.checkout_view, name="checkout"),
    path("checkout/bayar/", checkout.checkout_pay, name="checkout-pay"),
    path("pesanan/", orders.order_list, name="orders"),
    path("pesanan/<str:number>/", orders.order_detail, name="order"),
    path("pesanan/<str:number>/konfirmasi/", orders.order_confirmation, name="order-confirmation"),
    path(
        "pesanan/<str:number>/pembayaran/",
        orders.order_payment_refresh,
        name="order-payment-refresh",
    ),
    path("pesanan/<str:number>/kartu/", orders.order_card_payment, name="order-card-payment"),
    path("lacak/", orders.track, name="track"),
    # Staff pages in the admin's look (see admin_views).
    path("staf/", admin_views.staff_view(admin_views.dashboard), name="staff-dashboard"),
    path(
        "staf/kurasi/toko/",
        admin_views.staff_view(admin_views.vendor_queue),
        name="staff-vendor-queue",
    ),
    path(
        "staf/kurasi/produk/",
        admin_views.staff_view(admin_views.product_queue),
        name="staff-product-queue",
    ),
    path(
        "staf/voucher/baru/",
        admin_views.staff_view(admin_views.voucher_create),
        name="staff-voucher-create",
    ),
]
