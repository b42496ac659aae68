from django.db import migrations


def count_pairs(apps, schema_editor):
    """Fill the pair counts (the countries of each theme's practices, ...)
    from the practices there are."""
    using = schema_editor.connection.alias
    if not apps.get_model("practices", "Practice").objects.using(using).exists():
        return
    from practices import published_counts

    published_counts.recount(published_counts.PAIR_FACETS, using=using)


def forget_pairs(apps, schema_editor):
    from practices import published_counts

    PublishedCount = apps.get_model("practices", "PublishedCount")
    PublishedCount.objects.using(schema_editor.connection.alias).filter(
        facet__in=published_counts.PAIR_FACETS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0022_listing_index_titles_in_every_language"),
    ]

    operations = [migrations.RunPython(count_pairs, forget_pairs)]
