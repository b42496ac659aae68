"""The full-text vectors move from the practice's row to a table of their own
(practices.models.SearchDocument): ranking a common word then reads the vectors
alone. The stored vectors are copied over, on PostgreSQL (the only database
that has them), both ways."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import practices.migration_operations


COPY_TO_DOCUMENTS = """
    INSERT INTO practices_searchdocument (practice_id, vector)
    SELECT id, search_vector FROM practices_practice
    WHERE search_vector IS NOT NULL"""
COPY_TO_PRACTICES = """
    UPDATE practices_practice SET search_vector = d.vector
    FROM practices_searchdocument d WHERE d.practice_id = practices_practice.id"""


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_listing_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "practice",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="practices.practice",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"default_permissions": ()},
        ),
        # GIN exists only on PostgreSQL; on SQLite search needs no index.
        practices.migration_operations.AddIndexOnPostgreSQL(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_document_vector"
            ),
        ),
        practices.migration_operations.run_sql_on_postgresql(
            COPY_TO_DOCUMENTS, COPY_TO_PRACTICES
        ),
        practices.migration_operations.RemoveIndexOnPostgreSQL(
            model_name="practice", name="practice_search_vector"
        ),
        migrations.RemoveField(model_name="practice", name="search_vector"),
    ]
