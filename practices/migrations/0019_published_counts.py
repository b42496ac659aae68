from django.db import migrations, models

from practices.migration_operations import run_sql_on_postgresql

# The newest practices first (the home page, the unfiltered list), read from
# an index in the lists' order rather than sorted: PostgreSQL only, as SQLite
# has no NULLS LAST in an index.
NEWEST_INDEX = (
    "CREATE INDEX practice_published_newest ON practices_practice "
    "(status, published_at DESC NULLS LAST)"
)


def count_published_practices(apps, schema_editor):
    """Fill the counts from the practices there are (nothing to count in a new
    knowledge base)."""
    using = schema_editor.connection.alias
    if not apps.get_model("practices", "Practice").objects.using(using).exists():
        return
    from practices import published_counts

    published_counts.recount(using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0018_content_translations"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedCount",
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
                ("facet", models.CharField(max_length=20)),
                ("value", models.CharField(blank=True, max_length=40)),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("facet", "value"), name="published_count_facet_value"
                    )
                ],
            },
        ),
        migrations.RunPython(count_published_practices, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(
                condition=models.Q(("featured_rank__isnull", False)),
                fields=["featured_rank"],
                name="practice_featured",
            ),
        ),
        run_sql_on_postgresql(NEWEST_INDEX, "DROP INDEX practice_published_newest"),
    ]
