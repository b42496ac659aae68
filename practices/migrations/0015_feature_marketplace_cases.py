"""The home page's featured practices start as the ten cases the forum report
showcases in 'The Marketplace', in the report's order. Only in a knowledge base
where curators have featured nothing yet: their choice is never overwritten."""

from django.db import migrations
from django.db.models import F

# The report's Marketplace section, in its order (slugs as in
# fixtures/practices.json, whose `featured_rank` gives the same).
MARKETPLACE_CASES = [
    "flatfish-case",
    "bkal-360",
    "atmi-greening-communities-entrepreneurship",
    "pset-cloud-interoperable-data-systems",
    "oxygeni-us",
    "thinglink-virtual-course-entrepreneurship",
    "viken-academy-4-0",
    "se4amazonian-indigenous-clean-energy",
    "wetsus-upskilling-sustainable-water-technology",
    "fundacion-paraguaya-self-sustainable-schools",
]

# Any change to the content makes cached pages stale (practices.page_cache):
# without its generation key, the next request starts a new generation.
PAGE_CACHE_GENERATION_KEY = "page-cache:generation"


def feature_marketplace_cases(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    if Practice.objects.filter(featured_rank__isnull=False).exists():
        return
    changed = False
    for rank, slug in enumerate(MARKETPLACE_CASES, start=1):
        # A version step: a form opened before is refused rather than saved
        # over the new rank.
        changed |= bool(
            Practice.objects.filter(slug=slug).update(
                featured_rank=rank, version=F("version") + 1
            )
        )
    if changed:
        from django.core.cache import cache

        cache.delete(PAGE_CACHE_GENERATION_KEY)


class Migration(migrations.Migration):
    dependencies = [("practices", "0014_practice_featured_rank")]

    operations = [
        migrations.RunPython(feature_marketplace_cases, migrations.RunPython.noop)
    ]
