"""A practice page's related practices: ranked by the context page's score,
with the practice as the context, each saying why; a comparison form."""

import pytest

from practices.models import Involvement, Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    InvolvementFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_related_practices_are_ranked_and_say_why(client):
    kenya, ghana = CountryFactory(code="KE"), CountryFactory(code="GH")
    greening, digital = ThemeFactory(slug="greening"), ThemeFactory(slug="digital")
    scaling = ChallengeFactory(slug="scaling")
    college = InstitutionFactory(kind="tvet-institution")
    fund = InstitutionFactory(kind="ngo")
    practice = PracticeFactory(
        slug="subject",
        title="Subject",
        countries=[kenya],
        themes=[greening, digital],
        challenges=[scaling],
        institutions=[college],
    )
    InvolvementFactory(practice=practice, institution=fund)
    closest = PracticeFactory(
        title="Closest",
        countries=[ghana],
        themes=[greening],
        challenges=[scaling],
        institutions=[InstitutionFactory(kind="tvet-institution")],
    )
    InvolvementFactory(practice=closest, institution=fund, role=Involvement.Role.FUNDER)
    PracticeFactory(title="Two themes", themes=[greening, digital])
    PracticeFactory(title="One theme", themes=[digital])
    PracticeFactory(
        title="Draft twin",
        status=Practice.Status.DRAFT,
        themes=[greening, digital],
        challenges=[scaling],
    )

    page = client.get("/practices/subject/").content.decode()
    related = page.split('id="related-title"', 1)[1]

    assert related.index("Closest") < related.index("Two themes")
    assert related.index("Two themes") < related.index("One theme")
    assert "Draft twin" not in related
    assert (
        "same region; 1 challenge in common; 1 theme in common; "
        "led by the same kind of institution; 1 institution in common" in related
    )
    assert "2 themes in common" in related
    # A comparison with the practice itself and the related ones ticked.
    assert 'action="/practices/compare/"' in related
    assert '<input type="hidden" name="p" value="subject">' in related
    assert 'name="p" value="' in related.split("Closest", 1)[1]


def test_a_practice_without_themes_or_challenges_has_no_related(client):
    PracticeFactory(slug="alone", countries=[CountryFactory(code="KE")])
    PracticeFactory(countries=[CountryFactory(code="KE")])
    page = client.get("/practices/alone/").content.decode()
    assert 'id="related-title"' not in page
