"""What the editors inferred rather than read in the source, on practices and
institutions; a kind for trade unions. The list's covering index (0005) also
carries the scope, which tells the practices whose location is not stated."""

from django.db import migrations, models

from practices.migration_operations import run_sql_on_postgresql

OLD_LISTING_INDEX = (
    "CREATE INDEX practice_listing ON practices_practice (id) "
    "INCLUDE (status, evidence_level, last_verified, title, published_at)"
)
LISTING_INDEX = (
    "CREATE INDEX practice_listing ON practices_practice (id) "
    "INCLUDE (status, evidence_level, last_verified, title, published_at, scope)"
)


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0006_search_document'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='institution',
            name='institution_kind_valid',
        ),
        migrations.AddField(
            model_name='institution',
            name='editorial_note',
            field=models.TextField(blank=True, help_text='Shown to visitors: where a value comes from when the source does not state it, e.g. \'Country inferred from the institution\'s name; the report does not state it.\'', verbose_name='editorial note'),
        ),
        migrations.AddField(
            model_name='institution',
            name='inferred_fields',
            field=models.JSONField(blank=True, default=list, help_text='Values the source does not state, which the editors inferred; visitors are told.', verbose_name='inferred fields'),
        ),
        migrations.AddField(
            model_name='practice',
            name='editorial_note',
            field=models.TextField(blank=True, help_text='Shown to visitors: where a value comes from when the source does not state it, e.g. \'Country inferred from the institution\'s name; the report does not state it.\'', verbose_name='editorial note'),
        ),
        migrations.AddField(
            model_name='practice',
            name='inferred_fields',
            field=models.JSONField(blank=True, default=list, help_text='Values the source does not state, which the editors inferred; visitors are told.', verbose_name='inferred fields'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='kind',
            field=models.CharField(choices=[('tvet-institution', 'TVET institution'), ('government', 'Government body'), ('company', 'Company'), ('ngo', 'NGO or foundation'), ('international', 'International organization'), ('network', 'Network'), ('research', 'Research centre'), ('student-enterprise', 'Student enterprise'), ('trade-union', 'Trade union')], max_length=30),
        ),
        migrations.AlterField(
            model_name='practice',
            name='countries',
            field=models.ManyToManyField(blank=True, help_text='Leave empty when the source does not say where it takes place (set the scope if it is international).', related_name='practices', to='practices.country'),
        ),
        migrations.AddConstraint(
            model_name='institution',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['tvet-institution', 'government', 'company', 'ngo', 'international', 'network', 'research', 'student-enterprise', 'trade-union'])), name='institution_kind_valid'),
        ),
        run_sql_on_postgresql("DROP INDEX practice_listing", OLD_LISTING_INDEX),
        run_sql_on_postgresql(LISTING_INDEX, "DROP INDEX practice_listing"),
    ]
