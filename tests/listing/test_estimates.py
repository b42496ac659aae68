"""Counts of large selections: estimated from a deterministic sample above
ESTIMATE_ABOVE practices, rounded to two significant figures and said as
"about"; exact at or below it. The threshold is lowered here so that a few
practices make a large selection."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import translation

from practices.listing import estimates
from practices.listing.estimates import (
    Estimate,
    about,
    in_sample,
    scaled,
    significant,
)
from practices.listing.facets import listing_counts
from practices.listing.filters import PracticeFilterSet
from practices.listing.tables import PRACTICES as PRACTICES_TABLE
from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

PRACTICES = 40


@pytest.fixture
def catalogue(db):
    """40 published practices on a common theme, one in three on a rarer one,
    in two countries."""
    common = ThemeFactory(slug="common", name="Common")
    rare = ThemeFactory(slug="rare", name="Rare")
    kenya, finland = CountryFactory(code="KE"), CountryFactory(code="FI")
    for n in range(PRACTICES):
        PracticeFactory(
            title=f"Practice {n:02}",
            themes=[common, rare] if n % 3 == 0 else [common],
            countries=[kenya if n % 2 else finland],
        )


def counts(query, estimate=True, stored=True):
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=Practice.objects.published()
    )
    filterset.qs  # noqa: B018 - validate the form first
    return listing_counts(
        filterset, Practice.objects.published(), stored=stored, estimate=estimate
    )


def facet_counts(listing):
    return {
        facet.name: {option.value: option.count for option in facet.options}
        for facet in listing.facets
    }


def estimated_counts(listing):
    return [
        option.count
        for facet in listing.facets
        for option in facet.options
        if isinstance(option.count, Estimate)
    ]


def test_two_significant_figures():
    assert significant(15873) == 16000
    assert significant(1249) == 1200
    assert significant(37) == 37
    assert significant(7.6) == 8
    assert significant(0) == 0


def test_an_estimate_scales_the_sample_and_is_never_zero_when_seen():
    assert scaled(250, 16000, 2500) == 1600
    assert isinstance(scaled(250, 16000, 2500), Estimate)
    assert scaled(1, 100000, 5000) == 20
    assert scaled(0, 100000, 5000) == 0
    assert not isinstance(scaled(0, 100000, 5000), Estimate)


def test_an_estimate_is_said_as_about_in_the_pages_language():
    assert about(Estimate(16000)) == "about 16,000"
    assert about(16000) == "16,000"
    with translation.override("fr"):
        assert about(Estimate(16000)) == "environ 16\N{NO-BREAK SPACE}000"
    with translation.override("es"):
        assert about(Estimate(16000)).startswith("unas ")
    with translation.override("ar"):
        assert about(Estimate(16000)) == "حوالي 16000"


def test_at_the_threshold_every_count_is_exact(catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", PRACTICES)
    exact = counts("theme=common", estimate=False)

    listing = counts("theme=common")

    assert not listing.estimated
    assert estimated_counts(listing) == []
    assert facet_counts(listing) == facet_counts(exact)
    assert facet_counts(listing)["theme"] == {"common": 40, "rare": 14}


def test_above_the_threshold_facet_counts_are_estimates(catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", PRACTICES - 1)

    listing = counts("theme=common")

    assert listing.estimated
    assert listing.total == PRACTICES  # found in full for the page: exact
    # (Within one theme, the facets with pair counts are exact: see below.)
    verified = next(facet for facet in listing.facets if facet.name == "verified")
    assert verified.estimated
    found = estimated_counts(listing)
    assert found
    assert all(count == significant(count) for count in found)
    # A sample of a half to all of the threshold, scaled back up.
    assert all(isinstance(option.count, Estimate) for option in verified.options)
    assert 20 <= sum(option.count for option in verified.options) <= 80
    # The theme facet ignores its own filter: it counts every practice, read
    # from the published counts, exact.
    theme = next(facet for facet in listing.facets if facet.name == "theme")
    assert not theme.estimated
    assert facet_counts(listing)["theme"] == {"common": 40, "rare": 14}


def test_estimates_are_the_same_every_time(catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    first, second = counts("theme=common"), counts("theme=common")

    assert facet_counts(first) == facet_counts(second)
    assert first.estimated


def test_the_sample_is_a_share_of_the_selection(catalogue, monkeypatch):
    """Ten at most of forty: k = 4, and the hash spreads consecutive ids."""
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    listing = counts("theme=common")

    verified = next(facet for facet in listing.facets if facet.name == "verified")
    assert verified.estimated
    assert 20 <= sum(option.count for option in verified.options) <= 60


def test_the_unfiltered_list_stays_exact(catalogue, monkeypatch):
    """Its counts are kept in PublishedCount: exact costs nothing."""
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    listing = counts("")

    assert not listing.estimated
    assert facet_counts(listing)["theme"] == {"common": 40, "rare": 14}


def test_a_long_facet_listed_in_full_stays_exact(catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    filterset = PracticeFilterSet(
        QueryDict("theme=common"), queryset=Practice.objects.published()
    )
    filterset.qs  # noqa: B018 - validate the form first

    listing = listing_counts(
        filterset, Practice.objects.published(), expand=("country",), estimate=True
    )

    country = next(facet for facet in listing.facets if facet.name == "country")
    assert not country.estimated
    assert {o.value: o.count for o in country.options} == {"KE": 20, "FI": 20}
    # The regions are still estimated, from the same sample as without the
    # full list of countries (whose links they then share).
    region = next(facet for facet in listing.facets if facet.name == "region")
    assert region.estimated
    assert (
        facet_counts(listing)["region"]
        == facet_counts(counts("theme=common", stored=False))["region"]
    )


def test_facets_within_one_value_are_read_exact_from_the_pair_counts(
    client, catalogue, monkeypatch
):
    """Above the estimate threshold, a theme's countries, regions, challenges,
    evidence levels and years come exact from the pair counts; institutions
    and verification are estimated. Its map shows only exact numbers."""
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    exact_facets = ("theme", "challenge", "country", "region", "evidence", "year")

    listing = counts("theme=common")

    estimated = {facet.name for facet in listing.facets if facet.estimated}
    assert estimated == {"institution", "verified"}
    exact = counts("theme=common", estimate=False)
    for name in exact_facets:
        assert facet_counts(listing)[name] == facet_counts(exact)[name], name
    on_map = client.get("/practices/map/?theme=common").content.decode()
    assert "estimated from a sample" not in on_map
    assert not re.search(r'class="bars__count">about', on_map)


@pytest.mark.parametrize(
    "query", ["theme=common", "theme=common&country=KE&q=practice&sort=title"]
)
def test_estimates_cost_no_query_more(
    catalogue, monkeypatch, django_assert_num_queries, query
):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=Practice.objects.published()
    )
    filterset.qs  # noqa: B018 - validate the form first

    with django_assert_num_queries(1):
        listing_counts(
            filterset, Practice.objects.published(), page=(0, 20), estimate=True
        )


def test_the_list_page_says_which_counts_are_estimates(client, catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    html = client.get("/practices/?theme=common").content.decode()

    assert "40 practices" in html  # the total is exact
    assert re.search(r'class="count">\(about \d+\)', html)
    assert "estimated from a sample" in html
    assert "Counts are exact for selections of 10 practices or fewer." in html


def test_the_list_page_says_about_in_french(client, catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    html = client.get("/fr/practices/?theme=common").content.decode()

    assert re.search(r'class="count">\(environ \d+\)', html)


def test_a_small_selection_shows_no_estimate(client, catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", PRACTICES)

    html = client.get("/practices/?theme=common").content.decode()

    assert "about" not in html.split('id="results"')[0].split("filter-panel")[1]
    assert "estimated from a sample" not in html
    assert 'class="count">(40)' in html


def test_pages_of_a_large_selection_still_answer(client, catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    last = client.get("/practices/?theme=common&page=2")
    past = client.get("/practices/?theme=common&page=9")

    assert last.status_code == past.status_code == 200
    assert "Practice 39" in last.content.decode() or "Practice 00" in (
        last.content.decode()
    )
    assert past.content.decode().count('class="card') == last.content.decode().count(
        'class="card'
    )


def test_a_value_missing_from_the_sample_is_said_to_be_rare(client, db, monkeypatch):
    """Among many practices, a theme on one practice left out of the sample is
    not listed, and not said to have no practice."""
    common = ThemeFactory(slug="common", name="Common")
    rare = ThemeFactory(slug="rare", name="Rare")
    kenya = CountryFactory(code="KE")
    practices = [
        PracticeFactory(themes=[common], countries=[kenya]) for n in range(PRACTICES)
    ]
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 4)
    left_out = next(p for p in practices if not in_sample(p.pk, PRACTICES))
    left_out.themes.add(rare)

    # Two filters: the themes are counted (within one country alone, the
    # pair counts would give them exact).
    query = "country=KE&verified=never"
    html = client.get(f"/practices/?{query}").content.decode()

    assert facet_counts(counts(query, estimate=False))["theme"]["rare"] == 1
    assert "rare" not in facet_counts(counts(query))["theme"]
    assert "1 more with few or no practices here" in html


def test_the_sample_is_the_practices_the_rule_picks(catalogue, monkeypatch):
    """The SQL draws the sample in_sample describes: about a share of the
    set, spread over consecutive ids."""
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    ids = list(Practice.objects.published().values_list("pk", flat=True))
    ctes = ", ".join(estimates.sample_ctes("s"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH s AS MATERIALIZED (SELECT id FROM {PRACTICES_TABLE}), {ctes} "
            "SELECT id FROM s_counted",
            [],
        )
        sampled = {pk for (pk,) in cursor.fetchall()}

    assert sampled == {pk for pk in ids if in_sample(pk, len(ids))}
    assert 5 <= len(sampled) <= 15


def test_show_all_of_an_estimated_long_facet_gives_no_number(client, db, monkeypatch):
    """How many countries a sample has is not how many the selection has."""
    theme = ThemeFactory(slug="common")
    codes = ["KE", "FI", "BR", "DE", "SG", "ZA", "NG", "IN", "FR", "PE", "CL"]
    # Every practice in all eleven: any sample has more than the eight listed.
    countries = [CountryFactory(code=code) for code in codes]
    for _ in range(PRACTICES):
        PracticeFactory(themes=[theme], countries=countries)
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)

    # Two filters: the countries are counted over a sample (within the theme
    # alone, its pair counts give them exact, and their number).
    sampled = client.get("/practices/?theme=common&verified=never").content.decode()
    exact = client.get("/practices/?theme=common").content.decode()

    assert "Show all countries" in sampled
    assert "Show all 11 countries" not in sampled
    assert "Show all 11 countries" in exact


def test_the_map_says_what_the_list_says(client, catalogue, monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    # Two filters: the charts' facets are counted over a sample (within the
    # theme alone, they are read exact from the pair counts).
    query = "theme=common&verified=never"

    on_map = client.get(f"/practices/map/?{query}")
    listed = client.get(f"/practices/?{query}").context["facets"]

    html = on_map.content.decode()
    assert "estimated from a sample" in html
    assert re.search(r'class="bars__count">about \d+<', html)
    for facet, _title, bars in on_map.context["charts"]:
        same = next(f for f, *_ in listed if f.name == facet.name)
        assert [(b.label, b.count) for b in bars] == [
            (o.label, o.count) for o in same.options if o.count
        ]
    # Every country, listed in full, counted exactly.
    world = on_map.context["world"]
    assert {c.code: c.count for c in world.linked + world.missing} == {
        "KE": 20,
        "FI": 20,
    }


def test_every_sampled_facet_counts_the_practices_the_rule_picks(db, monkeypatch):
    """Each facet of a large search is counted over the sample in_sample
    describes (on PostgreSQL read through the link tables' indexes), then
    scaled: the same numbers as counting those practices here."""
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    challenges = [ChallengeFactory(slug=f"challenge-{n}") for n in range(2)]
    countries = [CountryFactory(code=code) for code in ("KE", "FI", "BR")]
    institutions = [InstitutionFactory(slug=f"institution-{n}") for n in range(5)]
    practices = [
        PracticeFactory(
            title=f"Welding practice {n:02}",
            themes=themes[: 1 + n % 3],
            challenges=[challenges[n % 2]],
            countries=[countries[n % 3]] if n % 7 else [],
            institutions=[institutions[n % 5], institutions[(n + 1) % 5]],
        )
        for n in range(PRACTICES)
    ]
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 10)
    sample = [p for p in practices if in_sample(p.pk, PRACTICES)]

    def expected(values_of):
        found = {}
        for practice in sample:
            for value in values_of(practice):
                found[value] = found.get(value, 0) + 1
        return {v: scaled(n, PRACTICES, len(sample)) for v, n in found.items()}

    listing = counts("q=welding")
    found = {
        name: {value: count for value, count in options.items() if count}
        for name, options in facet_counts(listing).items()
    }

    assert listing.total == PRACTICES
    assert found["theme"] == expected(lambda p: [t.slug for t in p.themes.all()])
    assert found["challenge"] == expected(
        lambda p: [c.slug for c in p.challenges.all()]
    )
    assert found["country"] == expected(lambda p: [c.code for c in p.countries.all()])
    assert found["institution"] == expected(
        lambda p: [i.slug for i in p.institutions.all()]
    )
