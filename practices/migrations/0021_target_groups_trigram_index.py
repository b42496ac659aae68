"""A trigram index on practices' target groups (PostgreSQL): the context page
looks for a learner group's words anywhere in them (LIKE '%trainee%'), which
without it reads every practice. pg_trgm is installed by 0009. SQLite has no
such index; the model does not declare it, so that a table rebuild there
never tries to make one."""

from django.db import migrations

from practices.migration_operations import run_sql_on_postgresql

INDEX = (
    "CREATE INDEX practice_target_groups_trigram ON practices_practice "
    "USING gin (LOWER(target_groups) gin_trgm_ops)"
)


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0020_search_in_every_language"),
    ]

    operations = [
        run_sql_on_postgresql(INDEX, "DROP INDEX practice_target_groups_trigram"),
    ]
