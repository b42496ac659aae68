"""Indexes for the practice list at scale.

- On the link tables, value first then practice, so a facet filter ("practices
  with this theme") and the choice of related practices are index-only scans.
  The many-to-many tables are Django's own, hence SQL.
- On PostgreSQL, a covering index of what the list reads of each practice
  (status, evidence, last verified, title, published date), so finding the
  matching practices and counting their facets never reads the wide rows.
  SQLite has no covering indexes, and Django's Index(include=...) would warn
  there, hence SQL run on PostgreSQL only."""

from django.db import migrations

from practices.migration_operations import run_sql_on_postgresql

LINKS = [
    ("practices_practice_themes", "theme_id"),
    ("practices_practice_countries", "country_id"),
    ("practices_practice_challenges", "challenge_id"),
    ("practices_involvement", "institution_id"),
]
LISTING_INDEX = (
    "CREATE INDEX practice_listing ON practices_practice (id) "
    "INCLUDE (status, evidence_level, last_verified, title, published_at)"
)


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_reserved_practice_slugs")]

    operations = [
        *[
            migrations.RunSQL(
                f"CREATE INDEX {table}_by_value ON {table} ({column}, practice_id)",
                f"DROP INDEX {table}_by_value",
            )
            for table, column in LINKS
        ],
        run_sql_on_postgresql(LISTING_INDEX, "DROP INDEX practice_listing"),
    ]
