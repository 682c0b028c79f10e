"""The public catalogue: search (Indonesian words, typos), filters, sorting, Relay pagination,
limits on page size, depth and cost, and a constant number of SQL queries per page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.catalog.models import Product, ProductStatus
from tests.catalog.helpers import gid, published_product
from tests.factories import CategoryFactory, ProductFactory, VariantFactory, VendorFactory

SEARCH = """
query($filter: ProductFilterInput, $sortBy: ProductSortingInput, $first: Int!, $after: String) {
  products(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name } }
  }
}"""


def names(gql, first=50, **variables):
    body = gql.data(SEARCH, {"first": first, **variables})
    return [e["node"]["name"] for e in body["products"]["edges"]]


@pytest.fixture
def shelf(world):
    batik = CategoryFactory(name="Batik", slug="batik")
    tulis = CategoryFactory(name="Batik tulis", slug="batik-tulis-x", parent=batik)
    food = CategoryFactory(name="Makanan olahan", slug="makanan-olahan")
    world.vendor_a.name, world.vendor_b.name = "Dapur Bu Sri", "Oleh-oleh Pandanaran"
    world.vendor_a.save()
    world.vendor_b.save()
    v = world.vendor_a
    items = {
        "batik": published_product(
            v,
            name="Kain Batik Tulis Semarangan",
            price="450000",
            category=tulis,
            description="Motif asem arang.",
        ),
        "bandeng": published_product(
            world.vendor_b,
            name="Bandeng Presto Duri Lunak",
            price="65000",
            category=food,
            description="Bandeng khas Semarang, tulang lunak.",
        ),
        "lumpia": published_product(
            v,
            name="Kulit Lumpia Tipis",
            price="15000",
            category=food,
            quantity=0,
            description="Kulit lumpia isi 50 lembar.",
        ),
        "wingko": published_product(
            world.vendor_b,
            name="Wingko Babat Kelapa",
            price="30000",
            category=food,
            description="Wingko kelapa muda.",
        ),
    }
    ratings = {"batik": "4.8", "bandeng": "4.2", "lumpia": "3.9", "wingko": "4.5"}
    for offset, (key, product) in enumerate(items.items()):
        Product.objects.filter(pk=product.pk).update(
            rating=Decimal(ratings[key]), created_at=timezone.now() - timedelta(days=10 - offset)
        )
    return items


def test_search_finds_indonesian_words(gql, shelf):
    assert names(gql, filter={"search": "bandeng presto"}) == ["Bandeng Presto Duri Lunak"]
    assert names(gql, filter={"search": "lumpia"}) == ["Kulit Lumpia Tipis"]
    assert names(gql, filter={"search": "semarang"})[0] in {
        "Kain Batik Tulis Semarangan",
        "Bandeng Presto Duri Lunak",
    }


def test_search_forgives_small_typos_and_ranks_the_best_first(gql, shelf):
    assert names(gql, filter={"search": "batk"})[0] == "Kain Batik Tulis Semarangan"
    assert names(gql, filter={"search": "bandeng prsto"}) == ["Bandeng Presto Duri Lunak"]
    assert names(gql, filter={"search": "wingko babad"}) == ["Wingko Babat Kelapa"]
    assert names(gql, filter={"search": "xyzzy qwerty"}) == []


def test_search_never_shows_hidden_products(gql, world, shelf):
    ProductFactory(vendor=world.vendor_a, name="Batik Draf Rahasia", status=ProductStatus.DRAFT)
    assert "Batik Draf Rahasia" not in names(gql, filter={"search": "batik"})
    owner_sees = names(gql.as_user(world.owner_a), filter={"search": "batik rahasia"})
    assert owner_sees[0] == "Batik Draf Rahasia"


def test_filters(gql, world, shelf):
    food = shelf["bandeng"].category
    batik_root = shelf["batik"].category.parent
    assert set(names(gql, filter={"categories": [gid("Category", food.pk)]})) == {
        "Bandeng Presto Duri Lunak",
        "Kulit Lumpia Tipis",
        "Wingko Babat Kelapa",
    }
    # A parent category includes its children.
    assert names(gql, filter={"categories": [gid("Category", batik_root.pk)]}) == [
        "Kain Batik Tulis Semarangan"
    ]
    assert set(names(gql, filter={"vendors": [gid("Vendor", world.vendor_b.pk)]})) == {
        "Bandeng Presto Duri Lunak",
        "Wingko Babat Kelapa",
    }
    assert set(names(gql, filter={"price": {"gte": "20000", "lte": "100000"}})) == {
        "Bandeng Presto Duri Lunak",
        "Wingko Babat Kelapa",
    }
    assert "Kulit Lumpia Tipis" not in names(gql, filter={"inStock": True})
    assert names(gql, filter={"inStock": False}) == ["Kulit Lumpia Tipis"]
    assert names(gql, filter={"search": "lunak", "price": {"lte": "50000"}}) == []


def test_filter_input_errors_are_coded(gql, shelf):
    body = gql.execute(SEARCH, {"first": 5, "filter": {"price": {"gte": "500", "lte": "100"}}})
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    body = gql.execute(SEARCH, {"first": 5, "filter": {"search": "x" * 201}})
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "filter.search"}
    body = gql.execute(SEARCH, {"first": 5, "filter": {"categories": ["%%%"]}})
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ({"field": "PRICE", "direction": "ASC"}, ["lumpia", "wingko", "bandeng", "batik"]),
        ({"field": "PRICE", "direction": "DESC"}, ["batik", "bandeng", "wingko", "lumpia"]),
        ({"field": "NAME", "direction": "ASC"}, ["bandeng", "batik", "lumpia", "wingko"]),
        ({"field": "RATING", "direction": "DESC"}, ["batik", "wingko", "bandeng", "lumpia"]),
        ({"field": "CREATED", "direction": "DESC"}, ["wingko", "lumpia", "bandeng", "batik"]),
        ({"field": "CREATED", "direction": "ASC"}, ["batik", "bandeng", "lumpia", "wingko"]),
    ],
)
def test_sorting(gql, shelf, sort, expected):
    assert names(gql, sortBy=sort) == [shelf[key].name for key in expected]


def test_relay_pagination_walks_every_product_once(gql, world):
    for n in range(7):
        published_product(world.vendor_a, name=f"Kerupuk Udang {n}", price=str(10000 + n))
    seen, after, pages = [], None, 0
    while True:
        body = gql.data(
            SEARCH, {"first": 3, "after": after, "sortBy": {"field": "PRICE", "direction": "ASC"}}
        )
        connection_ = body["products"]
        assert connection_["totalCount"] == 7
        seen += [e["node"]["name"] for e in connection_["edges"]]
        pages += 1
        if not connection_["pageInfo"]["hasNextPage"]:
            break
        after = connection_["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == [f"Kerupuk Udang {n}" for n in range(7)]


def test_page_size_is_capped(gql, shelf):
    body = gql.execute(SEARCH, {"first": 1000})
    assert body["data"] is None or body["data"]["products"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}
    body = gql.execute(SEARCH, {"first": 0})
    assert body["errors"][0]["extensions"]["field"] == "first"
    body = gql.execute(SEARCH, {"first": 5, "after": "bukan-kursor"})
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}


def test_a_deeply_nested_query_is_refused_before_reading_data(gql, shelf):
    inner = "name"
    for _ in range(15):
        inner = f"product {{ variants {{ {inner} }} }}"
    query = "{ products(first: 1) { edges { node { variants { " + inner + " } } } } }"
    body = gql.execute(query)
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_thirty_levels_of_category_parents_are_refused(gql, shelf):
    inner = "name"
    for _ in range(30):
        inner = f"parent {{ {inner} }}"
    body = gql.execute("{ categories(first: 5) { edges { node { " + inner + " } } } }")
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_a_very_expensive_query_is_refused(gql, shelf):
    query = """{ products(first: 100) { edges { node {
        category { products(first: 100) { edges { node {
            category { products(first: 100) { edges { node { name } } } } } } } }
    } } } }"""
    body = gql.execute(query)
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


PAGE = """
query($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node {
      name
      vendor { name }
      category { name }
      variants { sku price { amount } quantityAvailable }
      images { url }
      pricing { priceRange { start { amount } } }
    } }
  }
}"""


def _count_queries(client, first: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        body = client.data(PAGE, {"first": first})
    return len(captured.captured_queries), body


@pytest.mark.parametrize("who", ["anonymous", "shopper", "vendor member"])
def test_a_page_of_products_costs_the_same_queries_whatever_its_size(gql, world, who):
    category = CategoryFactory()
    vendors = [world.vendor_a, world.vendor_b, VendorFactory(), VendorFactory()]
    for n in range(20):
        product = published_product(
            vendors[n % 4], name=f"Tas Anyaman Pandan {n:02d}", category=category
        )
        VariantFactory(product=product, price=Decimal("125000"))
    client = {
        "anonymous": gql,
        "shopper": gql.as_user(world.shopper),
        "vendor member": gql.as_user(world.owner_a),
    }[who]
    small, small_body = _count_queries(client, 2)
    from django.core.cache import cache

    cache.clear()  # the anonymous response cache must not hide queries
    large, large_body = _count_queries(client, 20)
    assert len(small_body["products"]["edges"]) == 2 and len(large_body["products"]["edges"]) == 20
    node = large_body["products"]["edges"][0]["node"]
    assert len(node["variants"]) == 2 and node["variants"][0]["quantityAvailable"] == 10
    assert node["images"][0]["url"].startswith("http://testserver/media/")
    assert small == large, (small, large)
    assert large <= 8, large
