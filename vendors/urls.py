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
]
