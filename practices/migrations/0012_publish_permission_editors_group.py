"""The `publish_practice` permission and the "Editors" group: everything the
Curators may do, and publishing (practices/curation/publication.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED_MODELS = [
    "theme",
    "challenge",
    "country",
    "source",
    "institution",
    "practice",
    "involvement",
    "submission",
    "searchsynonym",
]
ACTIONS = ["add", "change", "delete", "view"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # sure this app's (the new one included) exist now.
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in CURATED_MODELS for action in ACTIONS]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="practices",
            codename__in=[*codenames, "publish_practice"],
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0011_plain_text_validators"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="practice",
            options={
                "ordering": ["title"],
                "permissions": [
                    ("publish_practice", "Can publish, archive or unpublish practices")
                ],
            },
        ),
        migrations.RunPython(create_editors_group, remove_editors_group),
    ]
