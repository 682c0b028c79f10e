from tests.catalog.helpers import world  # noqa: F401  (fixture)
