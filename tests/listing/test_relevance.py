"""Relevance, tested like a feature: the report's practices, searched with what
a practitioner types, on whichever database the suite runs on.

`make relevance` prints the table of precision at 5 (tests/listing/
relevance_cases.py has the queries and what a person expects)."""

import pytest

from practices.listing import search
from practices.models import Practice
from tests.listing.relevance_cases import RELEVANCE_CASES, precision_at_5

pytestmark = pytest.mark.django_db

# The least precision at 5 any query may have, and the least on average.
LEAST_PRECISION = 0.5
LEAST_MEAN_PRECISION = 0.9


def ranked_slugs(text):
    found = search.search(Practice.objects.published(), text)
    return list(found.order_by("-rank", "title", "pk").values_list("slug", flat=True))


@pytest.fixture
def precision_table(seeded):
    return [
        (text, precision_at_5(ranked_slugs(text), expected), ranked_slugs(text)[:5])
        for text, expected in RELEVANCE_CASES
    ]


def test_every_expected_practice_exists_in_the_fixtures(seeded):
    slugs = set(Practice.objects.values_list("slug", flat=True))
    for text, expected in RELEVANCE_CASES:
        assert set(expected) <= slugs, text


def test_precision_at_5_of_what_practitioners_type(precision_table):
    width = max(len(text) for text, _, _ in precision_table)
    print(f"\n{'query':{width}}  P@5  first results")
    for text, precision, top in precision_table:
        print(f"{text:{width}}  {precision:.2f} {', '.join(top)}")
    mean = sum(precision for _, precision, _ in precision_table) / len(precision_table)
    print(f"{'mean':{width}}  {mean:.2f} over {len(precision_table)} queries")

    poor = [(text, precision) for text, precision, _ in precision_table]
    assert [p for p in poor if p[1] < LEAST_PRECISION] == []
    assert mean >= LEAST_MEAN_PRECISION


@pytest.mark.parametrize("text", ["AI", "artificial intelligence"])
def test_ai_finds_the_practices_about_artificial_intelligence_only(seeded, text):
    """Not every practice with "training" or "sustainable" in it."""
    assert set(ranked_slugs(text)) == {
        "shenzhen-polytechnic-ai-curriculum",
        "omnia-ai-laboratory",
    }
