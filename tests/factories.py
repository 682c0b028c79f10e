"""factory-boy factories for the suite. Extend in your own module rather than editing shared ones
when a test needs something special."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils.text import slugify

from marketplace.accounts.models import Address, User
from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.inventory.models import Stock
from vendors.models import Vendor, VendorMember, VendorRole, VendorStatus, Warehouse

PASSWORD = "Rahasia-Semarang-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.id")
    first_name = "Sari"
    last_name = "Wulandari"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    first_name = "Budi"
    last_name = "Santoso"
    phone = "+6281234567890"
    street_address_1 = "Jl. Letjen Suprapto No. 31"
    subdistrict = "Tanjung Mas"
    district = "Semarang Utara"
    city = "Kota Semarang"
    province = "Jawa Tengah"
    postal_code = "50174"
    latitude = Decimal("-6.968000")
    longitude = Decimal("110.427000")


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Batik Warna Alam {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Batik tulis pewarna alami dari Gunungpati."
    sentra = "batik-gunungpati"
    status = VendorStatus.APPROVED
    phone = "+6281234500001"


class VendorMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorMember

    vendor = factory.SubFactory(VendorFactory)
    user = factory.SubFactory(UserFactory)
    role = VendorRole.OWNER


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Gudang {n}")
    address = factory.SubFactory(AddressFactory)
    latitude = Decimal("-7.065000")
    longitude = Decimal("110.375000")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Kain Batik Indigo {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Kain batik tulis pewarna indigo alami."
    status = ProductStatus.PUBLISHED
    search_document = factory.LazyAttribute(lambda o: f"{o.name} {o.description}")


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    vendor = factory.LazyAttribute(lambda o: o.product.vendor)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "2 x 1,15 m"
    price = Decimal("350000")
    weight_grams = 400
    length_cm = Decimal("30")
    width_cm = Decimal("20")
    height_cm = Decimal("3")


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock

    variant = factory.SubFactory(VariantFactory)
    warehouse = factory.LazyAttribute(lambda o: WarehouseFactory(vendor=o.variant.vendor))
    quantity = 10
