"""Storefront forms. They only shape and pre-check input for the page; the rules that matter
(password strength, address validity, stock, prices) live in the domain services, whose coded
errors `errors.apply_domain_error` puts back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _attrs(**extra) -> dict:
    return {"autocomplete": "off", **extra}


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(forms.Form):
    first_name = forms.CharField(
        label=_("Nama depan"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nama belakang"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        min_length=8,
        help_text=_("Minimal 8 karakter, jangan hanya angka."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language_code = forms.ChoiceField(
        label=_("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )


class AddressForm(forms.Form):
    """An Indonesian address with region choices: province → city → district → village.

    The four region selects post their *names* (what `validate_address` checks); htmx reloads
    the next select when one changes (`storefront:region-options`)."""

    first_name = forms.CharField(
        label=_("Nama penerima"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nama belakang"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0812…"}
        ),
    )
    street_address_1 = forms.CharField(
        label=_("Alamat (jalan, nomor rumah, RT/RW)"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    street_address_2 = forms.CharField(
        label=_("Detail lain (opsional)"), max_length=255, required=False
    )
    province = forms.CharField(label=_("Provinsi"), max_length=100)
    city = forms.CharField(label=_("Kota/kabupaten"), max_length=100)
    district = forms.CharField(label=_("Kecamatan"), max_length=100)
    subdistrict = forms.CharField(label=_("Kelurahan/desa"), max_length=100, required=False)
    postal_code = forms.CharField(
        label=_("Kode pos"),
        max_length=5,
        min_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def address_data(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key, "")
            for key in (
                "first_name",
                "last_name",
                "phone",
                "street_address_1",
                "street_address_2",
                "subdistrict",
                "district",
                "city",
                "province",
                "postal_code",
            )
        } | {"country_code": "ID"}


class PostalCodeForm(forms.Form):
    postal_code = forms.RegexField(
        label=_("Kode pos tujuan"),
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": _("Kode pos harus 5 angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=999, initial=1)


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("Kode voucher"), max_length=64)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Nomor pesanan"), max_length=40)
    email = forms.EmailField(label=_("Email pemesan"))
