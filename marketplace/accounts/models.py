from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: shopper, seller staff or marketplace staff. Login is by email."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    first_name = models.CharField(_("nama depan"), max_length=150, blank=True)
    last_name = models.CharField(_("nama belakang"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    language_code = models.CharField(
        _("bahasa"),
        max_length=8,
        default="id",
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )
    is_staff = models.BooleanField(_("staf marketplace"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [
            ("manage_vendors", "Can review, approve and suspend vendors"),
            ("manage_products", "Can review and publish products"),
            ("manage_orders", "Can see all orders and refund them"),
            ("manage_promotions", "Can run marketplace promotions"),
            ("manage_payouts", "Can run and see payouts"),
            ("manage_fulfillment", "Can run the gallery hub and carriers"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class RefreshToken(models.Model):
    """A long-lived token that mints access tokens; revocable, rotated on every use.

    Only a SHA-256 of the token is stored, so a database leak does not leak sessions. A token
    presented after it was rotated revokes its whole family (reuse detection).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    family = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    user_agent = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.family}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Address(models.Model):
    """An Indonesian address (shared/API.md AddressInput). Immutable once used by an order:
    orders copy it, so editing a saved address never rewrites history."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +6281234567890")
    street_address_1 = models.CharField(max_length=255)
    street_address_2 = models.CharField(max_length=255, blank=True)
    subdistrict = models.CharField(_("kelurahan/desa"), max_length=100, blank=True)
    district = models.CharField(_("kecamatan"), max_length=100, blank=True)
    city = models.CharField(_("kota/kabupaten"), max_length=100)
    province = models.CharField(_("provinsi"), max_length=100)
    postal_code = models.CharField(max_length=5)
    country_code = models.CharField(max_length=2, default="ID")
    region_code = models.CharField(
        max_length=16, blank=True, help_text="Kemendagri code of the most precise region matched."
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.street_address_1}, {self.city} {self.postal_code}"

    def as_data(self) -> dict:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "phone": self.phone,
            "street_address_1": self.street_address_1,
            "street_address_2": self.street_address_2,
            "subdistrict": self.subdistrict,
            "district": self.district,
            "city": self.city,
            "province": self.province,
            "postal_code": self.postal_code,
            "country_code": self.country_code,
        }
