"""The score of a practice for a context, and the words that explain it, on
hand-made cases (practices.matching.score)."""

import pytest
from django.db import connection
from django.utils import translation

from practices.matching.context import LEARNER_GROUPS_BY_KEY, Context
from practices.matching.score import POINTS, Match, rank, reasons, reasons_sentence
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


@pytest.fixture
def world():
    """Kenya and Ghana (Africa), Germany (Europe); three challenges, two themes."""
    kenya, ghana, germany = (CountryFactory(code=c) for c in ("KE", "GH", "DE"))
    data_gaps, scaling, context = (
        ChallengeFactory(slug=s, name=s) for s in ("data-gaps", "scaling", "context")
    )
    greening, digital = ThemeFactory(slug="greening"), ThemeFactory(slug="digital")
    return {
        "KE": kenya,
        "GH": ghana,
        "DE": germany,
        "data-gaps": data_gaps,
        "scaling": scaling,
        "context": context,
        "greening": greening,
        "digital": digital,
    }


def titles(ranking):
    by_id = dict(Practice.objects.values_list("pk", "title"))
    return [by_id[match.practice_id] for match in ranking.matches]


def test_points_add_up_as_documented(world):
    match = Match(
        practice_id=1,
        in_country=True,
        in_region=True,
        challenges=2,
        themes=1,
        learners=1,
        lead_kind=True,
        other_kind=True,
    )
    # The country counts, not the region as well; the lead, not the partner.
    assert match.points == 3 + 2 * 2 + 1 + 1 + 2
    assert Match(practice_id=1, in_region=True, other_kind=True).points == 2 + 1
    assert POINTS["country"] > POINTS["region"]


def test_a_country_outranks_its_region_which_outranks_elsewhere(world):
    PracticeFactory(title="In Kenya", countries=[world["KE"]])
    PracticeFactory(title="In Ghana", countries=[world["GH"]])
    PracticeFactory(title="In Germany", countries=[world["DE"]])
    context = Context(countries=("KE",), regions=("africa",))

    ranking = rank(context, 10)

    assert titles(ranking) == ["In Kenya", "In Ghana"]
    assert ranking.total == 2
    assert [m.points for m in ranking.matches] == [3, 2]
    assert [reasons(m, context) for m in ranking.matches] == [
        ["same country"],
        ["same region"],
    ]


def test_challenges_themes_learners_and_kind_count_and_are_explained(world):
    college = InstitutionFactory(kind="tvet-institution")
    company = InstitutionFactory(kind="company")
    led = PracticeFactory(
        title="Led by a college",
        countries=[world["GH"]],
        challenges=[world["data-gaps"], world["scaling"]],
        themes=[world["greening"]],
        target_groups="Young people and their teachers.",
        institutions=[college],
    )
    partnered = PracticeFactory(
        title="A college as partner",
        challenges=[world["context"]],
        institutions=[company],
    )
    InvolvementFactory(practice=partnered, institution=college)
    PracticeFactory(title="Nothing in common", countries=[world["DE"]])
    context = Context(
        countries=("KE",),
        regions=("africa",),
        challenge_ids=(world["data-gaps"].pk, world["scaling"].pk, world["context"].pk),
        theme_ids=(world["greening"].pk, world["digital"].pk),
        learner_groups=(
            LEARNER_GROUPS_BY_KEY["young-people"],
            LEARNER_GROUPS_BY_KEY["women"],
        ),
        kinds=("tvet-institution",),
    )

    ranking = rank(context, 10)

    assert titles(ranking) == ["Led by a college", "A college as partner"]
    first, second = ranking.matches
    assert first.practice_id == led.pk
    assert (first.in_region, first.challenges, first.themes, first.learners) == (
        True,
        2,
        1,
        1,
    )
    assert first.points == 2 + 4 + 1 + 1 + 2
    assert reasons_sentence(first, context) == (
        "same region; answers 2 of your 3 challenges; on 1 of your 2 themes; "
        "serves 1 of the 2 learner groups you chose; "
        "led by an institution of your kind"
    )
    assert second.points == 2 + 1
    assert reasons_sentence(second, context) == (
        "answers 1 of your 3 challenges; an institution of your kind takes part"
    )


def test_one_value_asked_reads_naturally(world):
    PracticeFactory(
        challenges=[world["scaling"]],
        themes=[world["digital"]],
        target_groups="Adult workers",
    )
    context = Context(
        challenge_ids=(world["scaling"].pk,),
        theme_ids=(world["digital"].pk,),
        learner_groups=(LEARNER_GROUPS_BY_KEY["adults"],),
    )
    (match,) = rank(context, 10).matches
    assert reasons(match, context) == [
        "answers your challenge",
        "on your theme",
        "serves the learners you chose",
    ]


def test_ties_go_to_the_practice_added_last(world):
    PracticeFactory(
        title="Better, added before",
        challenges=[world["scaling"], world["context"]],
    )
    for title in ("Added first", "Added second", "Added third"):
        PracticeFactory(title=title, challenges=[world["scaling"]])
    context = Context(challenge_ids=(world["scaling"].pk, world["context"].pk))
    assert titles(rank(context, 10)) == [
        "Better, added before",
        "Added third",
        "Added second",
        "Added first",
    ]
    # A page further on continues the same order.
    assert titles(rank(context, 2, offset=2)) == ["Added second", "Added first"]


def test_drafts_and_empty_contexts_match_nothing(world):
    PracticeFactory(
        title="Draft", status=Practice.Status.DRAFT, challenges=[world["scaling"]]
    )
    assert rank(Context(challenge_ids=(world["scaling"].pk,)), 10).matches == []
    PracticeFactory(title="Published", challenges=[world["scaling"]])
    assert rank(Context(), 10).total == 0


def test_related_practices_speak_of_the_practice(world):
    college = InstitutionFactory(kind="tvet-institution")
    shared_partner = InstitutionFactory(kind="ngo")
    practice = PracticeFactory(
        countries=[world["KE"]],
        challenges=[world["scaling"]],
        themes=[world["greening"]],
        institutions=[college],
    )
    InvolvementFactory(practice=practice, institution=shared_partner)
    other = PracticeFactory(
        countries=[world["KE"]],
        challenges=[world["scaling"]],
        themes=[world["greening"]],
        institutions=[InstitutionFactory(kind="tvet-institution")],
    )
    InvolvementFactory(
        practice=other, institution=shared_partner, role=Involvement.Role.FUNDER
    )
    context = Context(
        countries=("KE",),
        regions=("africa",),
        challenge_ids=(world["scaling"].pk,),
        theme_ids=(world["greening"].pk,),
        kinds=("tvet-institution",),
        institution_ids=(college.pk, shared_partner.pk),
        exclude_id=practice.pk,
    )
    (match,) = rank(context, 10, candidates=[other.pk, practice.pk]).matches
    assert match.practice_id == other.pk
    assert reasons_sentence(match, context, for_visitor=False) == (
        "same country; 1 challenge in common; 1 theme in common; "
        "led by the same kind of institution; 1 institution in common"
    )


def test_reasons_are_translated(world):
    PracticeFactory(countries=[world["GH"]])
    context = Context(regions=("africa",))
    (match,) = rank(context, 10).matches
    with translation.override("fr"):
        assert reasons(match, context) != ["same region"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a trigram index is PostgreSQL's"
)
def test_learner_words_are_looked_up_in_an_index_on_postgresql():
    """Without it, every context naming a learner group reads every practice."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE indexname = 'practice_target_groups_trigram'"
        )
        (definition,) = cursor.fetchone()
    assert "lower(target_groups) gin_trgm_ops" in definition
