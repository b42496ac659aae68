"""Search in every language: a vector per language on PostgreSQL (each with
its GIN index), a full-text table per language on SQLite, and every practice
indexed anew in each."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

import practices.migration_operations

# The languages of this migration, whatever the site's languages later are.
LANGUAGES = ["en", "fr", "es", "ar"]
# Text stemmed in Python by Snowball (practices.listing.search_index).
CREATE_FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS practices_search_fts_{language} USING "
    "fts5(title, summary, vocabulary, body, "
    "tokenize='unicode61 remove_diacritics 2')"
)
DROP_FTS_TABLE = "DROP TABLE IF EXISTS practices_search_fts_{language}"


def index_every_practice(apps, schema_editor):
    # The index's own code, told which languages' columns exist here.
    from practices.listing import search_index
    from practices.models import Practice

    search_index.update(
        Practice.objects.using(schema_editor.connection.alias), languages=LANGUAGES
    )


def vector_field():
    return django.contrib.postgres.search.SearchVectorField(null=True)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0019_published_counts"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name="searchdocument",
                name=f"vector_{language}",
                field=vector_field(),
            )
            for language in LANGUAGES[1:]
        ),
        *(
            practices.migration_operations.AddIndexOnPostgreSQL(
                model_name="searchdocument",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=[f"vector_{language}"],
                    name=f"search_document_vector_{language}",
                ),
            )
            for language in LANGUAGES[1:]
        ),
        *(
            practices.migration_operations.run_sql_on(
                "sqlite",
                CREATE_FTS_TABLE.format(language=language),
                DROP_FTS_TABLE.format(language=language),
            )
            for language in LANGUAGES[1:]
        ),
        migrations.RunPython(index_every_practice, migrations.RunPython.noop),
    ]
