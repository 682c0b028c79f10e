"""The gallery's sectors as categories. `seed_categories()` is idempotent: it creates what is
missing (matched by slug) and never renames or deletes what admins have changed since."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from marketplace.core.cache import bump_catalog_version

from ..models import Category

# (name, English name, children)
GALLERY_SECTORS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Batik",
        "Batik",
        [("Batik tulis", "Hand-drawn batik"), ("Batik cap", "Stamped batik"), ("Kain", "Fabric")],
    ),
    (
        "Kerajinan",
        "Crafts",
        [("Anyaman", "Weaving"), ("Kerajinan kayu", "Woodcraft"), ("Suvenir", "Souvenirs")],
    ),
    (
        "Fashion",
        "Fashion",
        [("Pakaian", "Clothing"), ("Tas", "Bags"), ("Aksesoris", "Accessories")],
    ),
    (
        "Furnitur",
        "Furniture",
        [("Meja & kursi", "Tables & chairs"), ("Dekorasi rumah", "Home decor")],
    ),
    (
        "Logam",
        "Metalwork",
        [
            ("Peralatan dapur", "Kitchenware"),
            ("Kerajinan logam", "Metal crafts"),
            ("Suku cadang", "Spare parts"),
        ],
    ),
    (
        "Kuliner",
        "Culinary",
        [("Lumpia", "Spring rolls"), ("Wingko", "Wingko"), ("Minuman", "Drinks")],
    ),
    (
        "Makanan olahan",
        "Processed food",
        [
            ("Bandeng presto", "Pressure-cooked milkfish"),
            ("Tahu & tempe", "Tofu & tempeh"),
            ("Kerupuk", "Crackers"),
            ("Kulit lumpia", "Spring-roll wrappers"),
        ],
    ),
]


@transaction.atomic
def seed_categories() -> int:
    """Create the gallery's sectors and their children; returns how many were created."""
    created = 0
    for position, (name, name_en, children) in enumerate(GALLERY_SECTORS):
        parent, was_created = Category.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "name_en": name_en, "sort_order": position},
        )
        created += was_created
        for child_position, (child_name, child_en) in enumerate(children):
            child_slug = slugify(child_name)
            if child_slug == parent.slug:
                child_slug = f"{parent.slug}-{child_slug}"
            _, was_created = Category.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "name": child_name,
                    "name_en": child_en,
                    "parent": parent,
                    "sort_order": child_position,
                },
            )
            created += was_created
    if created:
        bump_catalog_version()
    return created
