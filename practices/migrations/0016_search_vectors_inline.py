"""Search vectors are kept in their row rather than in PostgreSQL's TOAST table.

A vector of 2 KB or more was compressed and moved out of line, and a search
for a common word read it back twice per matching practice (once to match,
once to rank). With a tuple target of a whole page, vectors stay inline and
uncompressed; the UPDATE rewrites the ones stored out of line."""

from django.db import migrations

from practices.migration_operations import run_sql_on_postgresql

TABLE = "practices_searchdocument"


class Migration(migrations.Migration):
    dependencies = [("practices", "0015_feature_marketplace_cases")]

    operations = [
        run_sql_on_postgresql(
            f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160); "
            # A new value (the empty vector appended), so it is stored again
            # under the new target; an unchanged one would keep its pointer.
            f"UPDATE {TABLE} SET vector = vector || ''::tsvector",
            f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
        ),
    ]
