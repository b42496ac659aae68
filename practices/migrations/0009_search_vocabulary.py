"""Search that knows the site's vocabulary: the synonyms curators control, the
vocabulary "did you mean" draws from (with a trigram index on PostgreSQL), an
FTS5 index on SQLite, and every practice indexed anew with the names of its
themes, challenges, countries and regions."""

import django.contrib.postgres.indexes
from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import practices.migration_operations

FTS_TABLE = "practices_search_fts"
CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, vocabulary, body, "
    "tokenize='porter unicode61 remove_diacritics 2')"
)

# Acronyms and the field's common synonyms, one group per line.
SYNONYMS = [
    ["AI", "artificial intelligence"],
    [
        "TVET",
        "VET",
        "vocational education",
        "vocational training",
        "technical and vocational education and training",
    ],
    ["ICT", "digital", "information and communication technology"],
    ["4IR", "Industry 4.0", "fourth industrial revolution"],
    ["CoVE", "centres of vocational excellence", "centre of vocational excellence"],
    ["i-hubs", "innovation hubs"],
    ["SME", "small and medium enterprises", "small and medium-sized enterprises"],
    ["VR", "virtual reality"],
    ["AR", "augmented reality"],
    ["MOOC", "online course"],
    ["work-based learning", "apprenticeship", "dual training"],
    ["personalised", "personalized"],
    ["green skills", "greening"],
]


def add_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("practices", "SearchSynonym")
    SearchSynonym.objects.using(schema_editor.connection.alias).bulk_create(
        [SearchSynonym(terms="\n".join(group)) for group in SYNONYMS]
    )


def let_curators_edit_synonyms(apps, schema_editor):
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Curators"):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="practices",
                content_type__model="searchsynonym",
            )
        )


def index_every_practice(apps, schema_editor):
    # The index's own code, reading only the columns it names, so it stays
    # valid as the practice table gains columns in later migrations.
    from practices.listing import search_index
    from practices.models import Practice

    search_index.update(
        Practice.objects.using(schema_editor.connection.alias), original_columns=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_report_fidelity_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "terms",
                    models.TextField(
                        help_text="Two or more words or phrases that mean the same, "
                        "one per line (for example AI, then artificial intelligence)."
                    ),
                ),
            ],
            options={"verbose_name": "search synonym", "ordering": ["pk"]},
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("word", models.CharField(max_length=60, unique=True)),
            ],
            options={"default_permissions": ()},
        ),
        # pg_trgm and a trigram index exist only on PostgreSQL; SQLite
        # computes the same similarity in Python.
        TrigramExtension(),
        practices.migration_operations.AddIndexOnPostgreSQL(
            model_name="searchword",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["word"], name="search_word_trigram", opclasses=["gin_trgm_ops"]
            ),
        ),
        practices.migration_operations.run_sql_on(
            "sqlite", CREATE_FTS_TABLE, f"DROP TABLE IF EXISTS {FTS_TABLE}"
        ),
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
        migrations.RunPython(let_curators_edit_synonyms, migrations.RunPython.noop),
        migrations.RunPython(index_every_practice, migrations.RunPython.noop),
    ]
