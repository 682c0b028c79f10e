"""The seller dashboard (`/seller/`)."""

from django.urls import path

from . import views

app_name = "seller"

urlpatterns = [
    path("", views.home, name="home"),
    path("daftar/", views.apply, name="apply"),
    path("<int:vendor_id>/", views.dashboard, name="dashboard"),
    path("<int:vendor_id>/produk/", views.product_list, name="products"),
    path("<int:vendor_id>/produk/baru/", views.product_create, name="product-create"),
    path("<int:vendor_id>/produk/<int:product_id>/", views.product_detail, name="product"),
    path("<int:vendor_id>/pesanan/", views.order_queue, name="orders"),
    path("<int:vendor_id>/pesanan/<int:vendor_order_id>/", views.order_action, name="order-action"),
    path("<int:vendor_id>/stok/", views.stock, name="stock"),
    path("<int:vendor_id>/stok/unduh/<int:warehouse_id>/", views.stock_export, name="stock-export"),
    path("<int:vendor_id>/stok/unggah/", views.stock_import, name="stock-import"),
    path("<int:vendor_id>/stok/unggah/<int:count_id>/", views.stock_count, name="stock-count"),
    path("<int:vendor_id>/pendapatan/", views.earnings, name="earnings"),
    path("<int:vendor_id>/kinerja/", views.performance, name="performance"),
    path("<int:vendor_id>/pengaturan/", views.settings_view, name="settings"),
]
