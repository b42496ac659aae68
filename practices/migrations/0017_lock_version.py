"""The lock counter of optimistic locking is called `lock_version` in the code,
so "version" means only a version of the history (django-reversion's).

Its column keeps its name: only the model state changes, no table. The
versions already stored in the history name the field as it was called when
they were saved; they are rewritten to the new name, so restoring an old
version restores it like a new one."""

import json

from django.db import migrations, models

MODELS = ("practice", "institution", "involvement")


def renamed_in_history(old, new, batch=500):
    def rename(apps, schema_editor):
        Version = apps.get_model("reversion", "Version")
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.filter(app_label="practices", model__in=MODELS)
        ids = list(
            Version.objects.filter(content_type__in=types, format="json")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), batch):
            changed = []
            for version in Version.objects.filter(pk__in=ids[start : start + batch]):
                records = json.loads(version.serialized_data)
                fields = [record.get("fields", {}) for record in records]
                if any(old in each for each in fields):
                    for each in fields:
                        if old in each:
                            each[new] = each.pop(old)
                    version.serialized_data = json.dumps(records)
                    changed.append(version)
            Version.objects.bulk_update(changed, ["serialized_data"])

    return rename


def field():
    return models.PositiveIntegerField(default=1, editable=False, db_column="version")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0016_search_vectors_inline"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                operation
                for model in MODELS
                for operation in (
                    migrations.RenameField(model, "version", "lock_version"),
                    migrations.AlterField(model, "lock_version", field()),
                )
            ],
        ),
        migrations.RunPython(
            renamed_in_history("version", "lock_version"),
            renamed_in_history("lock_version", "version"),
        ),
    ]
