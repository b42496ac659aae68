from django.db import migrations, models


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
    ]
