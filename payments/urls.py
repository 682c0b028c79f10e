from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
    path("bank-transfer/callback/", views.bank_transfer_callback, name="bank-transfer-callback"),
    path(
        "vendors/<int:vendor_id>/statement.csv",
        views.vendor_statement_csv,
        name="vendor-statement-csv",
    ),
]
