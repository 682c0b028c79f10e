from django.urls import path

from . import views

app_name = "fulfillment"

urlpatterns = [
    path("carriers/<slug:code>/webhook/", views.carrier_webhook, name="carrier-webhook"),
    path("shipments/<int:pk>/label/", views.shipment_label, name="shipment-label"),
]
