"""The gallery's sectors as a category tree, seeded idempotently, browsable through the API."""

from __future__ import annotations

from django.core.management import call_command

from marketplace.catalog.models import Category
from marketplace.catalog.services.categories import GALLERY_SECTORS, seed_categories
from tests.catalog.helpers import published_product
from tests.factories import ProductFactory

TREE = """
{ categories(first: 20, level: 0) {
    totalCount
    edges { node { name slug parent { name } children { name slug parent { slug } } } }
} }"""
CATEGORY = """
query($slug: String!) {
  category(slug: $slug) { name children { name } products(first: 10) { totalCount edges { node { name } } } }
}"""


def test_seeding_is_idempotent_and_keeps_admin_edits(db):
    expected = len(GALLERY_SECTORS) + sum(len(children) for *_, children in GALLERY_SECTORS)
    assert seed_categories() == expected
    Category.objects.filter(slug="batik-tulis").update(name="Batik Tulis Premium")
    assert seed_categories() == 0
    call_command("seed_categories")
    assert Category.objects.count() == expected
    assert Category.objects.get(slug="batik-tulis").name == "Batik Tulis Premium"
    assert Category.objects.get(slug="bandeng-presto").parent.slug == "makanan-olahan"


def test_the_tree_through_the_api(gql):
    seed_categories()
    body = gql.data(TREE)["categories"]
    assert body["totalCount"] == len(GALLERY_SECTORS)
    roots = {e["node"]["name"]: e["node"] for e in body["edges"]}
    assert [e["node"]["name"] for e in body["edges"]][:2] == ["Batik", "Kerajinan"]
    assert [c["name"] for c in roots["Makanan olahan"]["children"]] == [
        "Bandeng presto",
        "Tahu & tempe",
        "Kerupuk",
        "Kulit lumpia",
    ]
    assert roots["Kuliner"]["children"][0]["parent"] == {"slug": "kuliner"}
    assert roots["Batik"]["parent"] is None


def test_a_category_lists_visible_products_of_itself_and_its_children(gql, world):
    seed_categories()
    food = Category.objects.get(slug="makanan-olahan")
    bandeng = Category.objects.get(slug="bandeng-presto")
    shown = published_product(world.vendor_a, name="Bandeng Presto Asap", category=bandeng)
    ProductFactory(vendor=world.vendor_a, category=bandeng, status="DRAFT", name="Bandeng Draf")
    body = gql.data(CATEGORY, {"slug": food.slug})["category"]
    assert body["products"]["totalCount"] == 1
    assert body["products"]["edges"][0]["node"]["name"] == shown.name
    assert gql.data(CATEGORY, {"slug": "tidak-ada"})["category"] is None
