"""A practice page's related practices: ranked by the context page's score,
with the practice as the context, each saying why; a comparison form."""

import pytest

from practices.matching.related import related_practices, related_ranking
from practices.models import Involvement, Practice
from practices.practice_links import attach_links
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


def test_the_page_chooses_as_the_ranking_does_in_two_queries(
    django_assert_num_queries,
):
    """The practice page's related practices (one statement choosing,
    ranking and reading them, one for their cards' names) are
    related_ranking's, in its order, with the same reasons."""
    kenya = CountryFactory(code="KE")
    themes = [ThemeFactory() for _ in range(3)]
    challenges = [ChallengeFactory() for _ in range(2)]
    college = InstitutionFactory(kind="tvet-institution")
    subject = PracticeFactory(
        countries=[kenya],
        themes=themes,
        challenges=challenges,
        institutions=[college],
    )
    for n in range(8):
        PracticeFactory(
            countries=[kenya] if n % 2 else [],
            themes=themes[: n % 3 + 1],
            challenges=challenges[: n % 2],
            institutions=[college] if n % 3 == 0 else [],
        )
    PracticeFactory(status=Practice.Status.DRAFT, themes=themes)
    practice = attach_links(Practice.objects.get(pk=subject.pk))

    ranking, _context = related_ranking(practice)
    with django_assert_num_queries(2):
        related = related_practices(practice)

    assert [p.pk for p in related] == [m.practice_id for m in ranking.matches]
    assert [p.match for p in related] == ranking.matches
    assert all(p.card_details.themes for p in related)
    assert len(related) == 4
