"""Challenges get a short name for filters, cards and chips, beside the forum
report's full statement. The report's five challenges are given theirs; a
challenge added by curators keeps an empty one (its full statement is shown)
until they choose one."""

from django.db import migrations, models

import practices.plain_text

# The report's challenges, by slug (as in fixtures/challenges.json).
REPORT_SHORT_NAMES = {
    "data-gaps": "Data gaps",
    "collaboration": "Collaboration",
    "empowering-institutions": "Bottom-up innovation",
    "private-sector-linkages": "Private sector",
    "context-for-transfer": "Context for transfer",
}


def fill_short_names(apps, schema_editor):
    Challenge = apps.get_model("practices", "Challenge")
    for slug, short_name in REPORT_SHORT_NAMES.items():
        # Only where none is set: a curator's choice is never overwritten.
        Challenge.objects.filter(slug=slug, short_name="").update(
            short_name=short_name
        )


class Migration(migrations.Migration):
    dependencies = [("practices", "0012_publish_permission_editors_group")]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="short_name",
            field=models.CharField(
                blank=True,
                help_text=(
                    "A few words for filters, cards and chips, e.g. “Data gaps”; "
                    "the full statement is used when empty."
                ),
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="challenge",
            name="name",
            field=models.CharField(
                help_text="The forum report's full statement.",
                max_length=200,
                unique=True,
                validators=[practices.plain_text.validate_plain_text],
            ),
        ),
        migrations.RunPython(fill_short_names, migrations.RunPython.noop),
    ]
