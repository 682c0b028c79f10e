"""Payments, their transactions, provider webhooks, and the vendor ledger with payouts.

Amounts are whole Rupiah (`Decimal`, 0 places); gateways convert at their edge (Stripe: × 100).

The ledger is append-only. Each booking writes entries whose amounts sum, per order, to exactly
what the shopper paid minus what was refunded: a vendor's share (HELD until delivery plus the
return window, then AVAILABLE, then PAID_OUT by a payout) and the platform's commission.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Gateway(models.TextChoices):
    STRIPE = "stripe", _("Kartu kredit/debit")
    BANK_TRANSFER = "bank_transfer", _("Transfer bank (virtual account)")
    COD = "cod", _("Bayar di tempat (COD)")


class PaymentStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu pembayaran")
    AUTHORIZED = "AUTHORIZED", _("Diotorisasi")
    CAPTURED = "CAPTURED", _("Dibayar")
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED", _("Dikembalikan sebagian")
    REFUNDED = "REFUNDED", _("Dikembalikan")
    FAILED = "FAILED", _("Gagal")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    EXPIRED = "EXPIRED", _("Kedaluwarsa")


class Payment(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=32, choices=Gateway.choices)
    status = models.CharField(
        max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    amount = models.DecimalField(max_digits=12, decimal_places=0)
    currency = models.CharField(max_length=3, default="IDR")
    captured_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    # Ours, sent to the provider: retried creation calls reuse it and the stored reference.
    idempotency_key = models.CharField(max_length=128, unique=True)
    provider_reference = models.CharField(max_length=128, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    instructions = models.JSONField(default=dict, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    # Set by the one caller that creates the provider-side object (claim by conditional UPDATE), so
    # concurrent retries never create two PaymentIntents; a stale claim may be taken over.
    provider_call_started_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_non_negative"),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("captured_amount")),
                name="payment_refund_within_captured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.amount} {self.status}"


class TransactionKind(models.TextChoices):
    CREATE = "CREATE", "Create"
    AUTHORIZE = "AUTHORIZE", "Authorize"
    CAPTURE = "CAPTURE", "Capture"
    REFUND = "REFUND", "Refund"
    CANCEL = "CANCEL", "Cancel"
    FAIL = "FAIL", "Failure"
    EXPIRE = "EXPIRE", "Expiry"


class TransactionStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SUCCESS = "SUCCESS", "Success"
    FAILED = "FAILED", "Failed"


class PaymentTransaction(models.Model):
    """One call (or one confirmation) against a payment; `idempotency_key` makes it happen once."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="transactions")
    vendor_order = models.ForeignKey(
        "orders.VendorOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    kind = models.CharField(max_length=12, choices=TransactionKind.choices)
    status = models.CharField(max_length=12, choices=TransactionStatus.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=0)
    idempotency_key = models.CharField(max_length=160, unique=True)
    provider_reference = models.CharField(max_length=128, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.status}"


class ProviderEvent(models.Model):
    """A webhook we accepted; (provider, event_id) UNIQUE so a redelivery does nothing."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=128)
    type = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="unique_provider_event")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class CategoryCommissionRate(models.Model):
    """A commission plan's rate for one category (overrides the plan's default rate)."""

    plan = models.ForeignKey(
        "vendors.CommissionPlan", on_delete=models.CASCADE, related_name="category_rates"
    )
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+")
    rate = models.DecimalField(max_digits=5, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="unique_category_rate"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=1), name="category_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.category_id}: {self.rate}"


class LedgerAccount(models.TextChoices):
    VENDOR_HELD = "VENDOR_HELD", _("Saldo ditahan")
    VENDOR_AVAILABLE = "VENDOR_AVAILABLE", _("Saldo tersedia")
    VENDOR_PAID_OUT = "VENDOR_PAID_OUT", _("Sudah dicairkan")
    PLATFORM_COMMISSION = "PLATFORM_COMMISSION", _("Komisi platform")


class LedgerEntryKind(models.TextChoices):
    SALE = "SALE", _("Penjualan")
    COMMISSION = "COMMISSION", _("Komisi")
    REFUND = "REFUND", _("Pengembalian dana")
    COMMISSION_REVERSAL = "COMMISSION_REVERSAL", _("Koreksi komisi")
    RELEASE = "RELEASE", _("Dana dilepas")
    PAYOUT = "PAYOUT", _("Pencairan")


VENDOR_ACCOUNTS = (
    LedgerAccount.VENDOR_HELD,
    LedgerAccount.VENDOR_AVAILABLE,
    LedgerAccount.VENDOR_PAID_OUT,
)


class Payout(models.Model):
    class Status(models.TextChoices):
        SENT = "SENT", _("Terkirim")
        FAILED = "FAILED", _("Gagal")

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(max_digits=12, decimal_places=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENT)
    reference = models.CharField(max_length=64, unique=True)
    batch = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.UniqueConstraint(fields=["vendor", "batch"], name="one_payout_per_vendor_batch"),
        ]

    def __str__(self) -> str:
        return self.reference


class LedgerEntry(models.Model):
    """One movement of money on one account. `business_key` is UNIQUE so a replayed booking
    (a redelivered webhook, a retried task) books nothing twice."""

    account = models.CharField(max_length=24, choices=LedgerAccount.choices)
    kind = models.CharField(max_length=24, choices=LedgerEntryKind.choices)
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    vendor_order = models.ForeignKey(
        "orders.VendorOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    payout = models.ForeignKey(
        Payout, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=0, help_text="Signed, whole Rupiah.")
    business_key = models.CharField(max_length=160, unique=True)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["vendor", "account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"

    @property
    def is_vendor_money(self) -> bool:
        return self.account in VENDOR_ACCOUNTS


ZERO = Decimal("0")
