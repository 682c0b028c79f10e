from django.db import migrations

from marketplace.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS product_search_trgm ON catalog_product "
            "USING gin (search_document gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS product_search_trgm",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS product_search_fts ON catalog_product "
            "USING gin (to_tsvector('simple', search_document))",
            reverse_sql="DROP INDEX IF EXISTS product_search_fts",
        ),
    ]
