"""Search in every content language: a search vector per language on
PostgreSQL (each with its GIN index), the French, Spanish and Arabic columns
of the FTS5 table on SQLite, and every practice indexed anew in each language.

Back to 0018, PostgreSQL drops the languages' vectors; SQLite keeps the English
columns of its index in a table as 0009 made it."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

import practices.migration_operations

FTS_TABLE = "practices_search_fts"
PARTS = ["title", "summary", "vocabulary", "body"]
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
ENGLISH_COLUMNS = ", ".join(PARTS)
EVERY_COLUMN = ", ".join(
    [*PARTS, *(f"{lang}_{part}" for lang in ("fr", "es", "ar") for part in PARTS)]
)


def fts_table_with(columns):
    """SQL replacing the FTS5 table by one with `columns`, keeping the
    English columns' rows."""
    return [
        f"CREATE VIRTUAL TABLE {FTS_TABLE}_new USING fts5({columns}, {TOKENIZE})",
        f"INSERT INTO {FTS_TABLE}_new (rowid, {ENGLISH_COLUMNS}) "
        f"SELECT rowid, {ENGLISH_COLUMNS} FROM {FTS_TABLE}",
        f"DROP TABLE {FTS_TABLE}",
        f"ALTER TABLE {FTS_TABLE}_new RENAME TO {FTS_TABLE}",
    ]


def on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def index_every_practice(apps, schema_editor):
    # The index's own code, as 0009 does: it reads only the columns it names.
    from practices.listing import search_index
    from practices.models import Practice

    search_index.update(Practice.objects.using(schema_editor.connection.alias))


def vector(name):
    return migrations.AddField(
        model_name="searchdocument",
        name=name,
        field=django.contrib.postgres.search.SearchVectorField(null=True),
    )


def gin_index(name):
    return practices.migration_operations.AddIndexOnPostgreSQL(
        model_name="searchdocument",
        index=django.contrib.postgres.indexes.GinIndex(
            fields=[name], name=f"search_document_{name}"
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("practices", "0018_content_translations")]

    operations = [
        vector("vector_fr"),
        vector("vector_es"),
        vector("vector_ar"),
        # GIN exists only on PostgreSQL; on SQLite search needs no index.
        gin_index("vector_fr"),
        gin_index("vector_es"),
        gin_index("vector_ar"),
        migrations.RunPython(
            on_sqlite(fts_table_with(EVERY_COLUMN)),
            on_sqlite(fts_table_with(ENGLISH_COLUMNS)),
        ),
        migrations.RunPython(index_every_practice, migrations.RunPython.noop),
    ]
