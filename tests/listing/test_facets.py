import random
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from practices.listing.facets import listing_counts
from practices.listing.filters import PracticeFilterSet
from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def random_catalogue():
    rng = random.Random(20191)
    today = timezone.localdate()
    themes = [ThemeFactory(slug=f"t{i}") for i in range(4)]
    challenges = [ChallengeFactory(slug=f"c{i}") for i in range(3)]
    countries = [CountryFactory(code=c) for c in ("DE", "FI", "BR", "SG", "ZA")]
    institutions = [InstitutionFactory(slug=f"i{i}") for i in range(4)]
    for n in range(30):
        PracticeFactory(
            title=f"P{n}",
            status=rng.choice(
                [Practice.Status.PUBLISHED] * 4 + [Practice.Status.DRAFT]
            ),
            themes=rng.sample(themes, rng.randint(0, 2)),
            challenges=rng.sample(challenges, rng.randint(0, 2)),
            countries=rng.sample(countries, rng.randint(0, 2)),
            institutions=rng.sample(institutions, rng.randint(0, 2)),
            evidence_level=rng.choice(Practice.Evidence.values),
            last_verified=rng.choice([None, today, today - timedelta(days=400)]),
            scope=rng.choice(["", "", "national", "international"]),
            published_at=timezone.now() - timedelta(days=rng.choice([0, 400, 800])),
        )


def values_of(practice, facet):
    """A practice's values for a facet, computed in Python as the truth."""
    match facet:
        case "theme":
            return {t.slug for t in practice.themes.all()}
        case "challenge":
            return {c.slug for c in practice.challenges.all()}
        case "country":
            return {c.code for c in practice.countries.all()}
        case "region":
            regions = {c.region for c in practice.countries.all()}
            if not regions and not practice.scope:
                regions.add("not-stated")
            return regions
        case "institution":
            return {i.slug for i in practice.institutions.all()}
        case "evidence":
            return {practice.evidence_level}
        case "year":
            return {str(timezone.localtime(practice.published_at).year)}
        case "verified":
            if practice.last_verified is None:
                return {"never"}
            age = (timezone.localdate() - practice.last_verified).days
            return {"recent" if age <= 365 else "older"}


def true_count(query, facet, value):
    """Published practices matching every selected facet but `facet`, having `value`."""
    selected = {name: set(query.getlist(name)) for name in PracticeFilterSet.FACETS}
    count = 0
    for practice in Practice.objects.published():
        others_match = all(
            not wanted or values_of(practice, name) & wanted
            for name, wanted in selected.items()
            if name != facet
        )
        if others_match and value in values_of(practice, facet):
            count += 1
    return count


QUERIES = [
    "",
    "theme=t0",
    "theme=t0&theme=t1",
    "country=DE&theme=t2",
    "region=europe-north-america&challenge=c1",
    "institution=i0&institution=i3&country=BR&country=ZA",
    "theme=t1&challenge=c0&region=africa&institution=i2",
    "evidence=documented&evidence=replicated",
    "verified=never&theme=t0",
    "verified=recent&verified=older&evidence=described&country=FI",
    "region=not-stated",
    "region=not-stated&region=africa&theme=t1",
    "region=not-stated&evidence=described&verified=never",
    f"year={timezone.now().year - 1}&theme=t0",
    f"year={timezone.now().year}&year={timezone.now().year - 2}&region=africa",
]


@pytest.mark.usefixtures("random_catalogue")
@pytest.mark.parametrize("query", QUERIES)
def test_every_facet_count_equals_the_true_count(query):
    data = QueryDict(query)
    filterset = PracticeFilterSet(data, queryset=Practice.objects.published())
    assert filterset.is_valid()

    shown = {
        (facet.name, option.value): option.count
        for facet in listing_counts(filterset, Practice.objects.published()).facets
        for option in facet.options
    }

    assert shown
    for (facet, value), count in shown.items():
        assert count == true_count(data, facet, value), (facet, value)


@pytest.mark.usefixtures("random_catalogue")
def test_selected_values_are_marked_and_listed_even_with_no_match():
    filterset = PracticeFilterSet(
        QueryDict("country=ZA&theme=t0&institution=i1"),
        queryset=Practice.objects.published(),
    )
    by_name = {
        facet.name: facet
        for facet in listing_counts(filterset, Practice.objects.published()).facets
    }

    assert [o.value for o in by_name["country"].options if o.selected] == ["ZA"]
    assert [o.value for o in by_name["institution"].options if o.selected] == ["i1"]
    assert by_name["theme"].selected_count == 1


def test_drafts_count_nowhere():
    theme = ThemeFactory(slug="only-draft")
    PracticeFactory(
        themes=[theme], countries=[CountryFactory(code="NO")], status="draft"
    )
    filterset = PracticeFilterSet(QueryDict(""), queryset=Practice.objects.published())

    counts = [
        option.count
        for facet in listing_counts(filterset, Practice.objects.published()).facets
        for option in facet.options
    ]

    assert set(counts) <= {0}


@pytest.mark.parametrize(
    "query", ["", "theme=t-one", "theme=t-one&country=DE&evidence=described&q=skills"]
)
def test_all_facets_and_the_total_cost_one_query(django_assert_num_queries, query):
    ThemeFactory(slug="t-one")
    PracticeFactory(themes=[ThemeFactory()], countries=[CountryFactory(code="DE")])
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=Practice.objects.published()
    )
    filterset.qs  # noqa: B018 - validate the form first

    with django_assert_num_queries(1):
        listing_counts(filterset, Practice.objects.published())


def test_a_selected_value_outside_the_top_values_keeps_its_true_count():
    from practices.listing.facets import TOP_VALUES

    theme = ThemeFactory(slug="busy")
    popular = [
        InstitutionFactory(slug=f"popular-{n:02}") for n in range(TOP_VALUES + 5)
    ]
    for institution in popular:
        PracticeFactory(themes=[theme], institutions=[institution])
        PracticeFactory(themes=[theme], institutions=[institution])
    rare = InstitutionFactory(slug="rare")
    PracticeFactory(themes=[theme], institutions=[rare])
    InstitutionFactory(slug="empty")

    filterset = PracticeFilterSet(
        QueryDict("institution=rare&institution=empty"),
        queryset=Practice.objects.published(),
    )
    [institutions] = [
        f
        for f in listing_counts(filterset, Practice.objects.published()).facets
        if f.name == "institution"
    ]
    counts = {option.value: option.count for option in institutions.options}

    assert counts["rare"] == 1
    assert counts["empty"] == 0
    assert len(institutions.options) == TOP_VALUES
    # Selected values come first, most frequent first.
    assert [o.value for o in institutions.options[:2]] == ["rare", "empty"]
