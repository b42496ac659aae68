"""0015 features the report's ten Marketplace cases, in the report's order, in
a knowledge base where curators have featured nothing yet."""

import json

from django.conf import settings

MARKETPLACE = [
    row["slug"]
    for row in json.loads(
        (settings.BASE_DIR / "fixtures/practices.json").read_text(encoding="utf-8")
    )
    if row["source_section"].startswith("The Marketplace")
]


def _practices(apps, slugs):
    Practice = apps.get_model("practices", "Practice")
    for slug in slugs:
        Practice.objects.create(slug=slug, title=slug, summary="s", status="published")
    return Practice


def test_the_marketplace_cases_are_featured_in_the_report_order(migrate):
    old = migrate("0014_practice_featured_rank")
    _practices(old, [*MARKETPLACE, "plenary-example"])
    versions = dict(
        old.get_model("practices", "Practice").objects.values_list("slug", "version")
    )

    new = migrate("0015_feature_marketplace_cases")
    Practice = new.get_model("practices", "Practice")
    featured = list(
        Practice.objects.filter(featured_rank__isnull=False)
        .order_by("featured_rank")
        .values_list("slug", "featured_rank")
    )
    assert len(MARKETPLACE) == 10
    assert featured == [(slug, n) for n, slug in enumerate(MARKETPLACE, start=1)]
    assert Practice.objects.get(slug="plenary-example").featured_rank is None
    # A form opened before the migration is refused rather than saved over it.
    assert Practice.objects.get(slug="flatfish-case").version == (
        versions["flatfish-case"] + 1
    )


def test_a_curators_choice_is_never_overwritten(migrate):
    old = migrate("0014_practice_featured_rank")
    Practice = _practices(old, MARKETPLACE)
    Practice.objects.filter(slug="oxygeni-us").update(featured_rank=1)

    new = migrate("0015_feature_marketplace_cases")
    featured = new.get_model("practices", "Practice").objects.filter(
        featured_rank__isnull=False
    )
    assert list(featured.values_list("slug", "featured_rank")) == [("oxygeni-us", 1)]
