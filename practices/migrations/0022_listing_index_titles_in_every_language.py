"""The list's covering index (0005, 0007) carries each language's title
rather than the original column: the list orders by the title in the page's
language (English where not translated), so that a set of matching practices
read with its page's order (a search, a filtered list) is found from the
index alone, without reading the practices' rows. PostgreSQL only, as before."""

from django.db import migrations

from practices.migration_operations import run_sql_on_postgresql

OLD_LISTING_INDEX = (
    "CREATE INDEX practice_listing ON practices_practice (id) "
    "INCLUDE (status, evidence_level, last_verified, title, published_at, scope)"
)
LISTING_INDEX = (
    "CREATE INDEX practice_listing ON practices_practice (id) "
    "INCLUDE (status, evidence_level, last_verified, published_at, scope, "
    "title_en, title_fr, title_es, title_ar)"
)


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0021_target_groups_trigram_index"),
    ]

    operations = [
        run_sql_on_postgresql("DROP INDEX practice_listing", OLD_LISTING_INDEX),
        run_sql_on_postgresql(LISTING_INDEX, "DROP INDEX practice_listing"),
    ]
