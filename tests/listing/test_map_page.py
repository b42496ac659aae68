"""The map and charts page (/practices/map/): the list's filters, the list's
counts, a link for every country with practices and none for the others."""

import json
import random
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from practices.listing.world_map import ASSET, map_classes
from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MAP_URL = "/practices/map/"
LIST_URL = "/practices/"


@pytest.fixture
def catalogue():
    """Practices in several countries, some with no country (and no scope:
    location not stated), some drafts."""
    rng = random.Random(2019)
    themes = [ThemeFactory(slug=f"t{i}") for i in range(3)]
    challenges = [ChallengeFactory(slug=f"c{i}") for i in range(3)]
    places = [CountryFactory(code=c) for c in ("BR", "DE", "FI", "KE", "SG", "MT")]
    for n in range(40):
        PracticeFactory(
            title=f"P{n}",
            status=rng.choice(
                [Practice.Status.PUBLISHED] * 4 + [Practice.Status.DRAFT]
            ),
            themes=rng.sample(themes, rng.randint(0, 2)),
            challenges=rng.sample(challenges, rng.randint(0, 2)),
            countries=rng.sample(places, rng.randint(0, 2)),
            evidence_level=rng.choice(Practice.Evidence.values),
            scope=rng.choice(["", "", "national"]),
            published_at=timezone.now() - timedelta(days=rng.choice([0, 400])),
        )


def list_total(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


QUERIES = [
    "",
    "theme=t0",
    "country=BR",
    "country=BR&country=KE",
    "region=africa&theme=t1",
    "region=not-stated",
    "theme=t0&theme=t2&challenge=c1&evidence=" + Practice.Evidence.values[0],
    "country=FI&challenge=c0&region=europe-north-america",
    f"year={timezone.now().year - 1}&country=BR&country=DE",
]


@pytest.mark.parametrize("query", QUERIES)
def test_map_counts_are_the_list_counts(client, catalogue, query):
    response = client.get(f"{MAP_URL}?{query}")
    assert response.status_code == 200
    context = response.context

    assert context["total"] == list_total(client, f"{LIST_URL}?{query}")
    # The list's own country facet, listed in full, says the same as the map.
    listed = client.get(f"{LIST_URL}?{query}&all=country").context["facets"]
    country_facet = next(facet for facet, *_ in listed if facet.name == "country")
    on_list = {o.value: o.count for o in country_facet.options if o.count}
    world = context["world"]
    on_map = {c.code: c.count for c in world.linked + world.missing}
    assert on_map == on_list
    # Each country's figure is the number of practices its link lists.
    for country in world.linked + world.missing:
        assert list_total(client, country.url) == country.count, country.code
        assert f"country={country.code}" in country.url
    assert list_total(client, context["not_stated_url"]) == context["not_stated_count"]


@pytest.mark.parametrize("query", QUERIES)
def test_chart_bars_count_what_they_link_to(client, catalogue, query):
    response = client.get(f"{MAP_URL}?{query}")
    charted = set()
    for facet, _title, bars in response.context["charts"]:
        charted.add(facet.name)
        listed = client.get(f"{LIST_URL}?{query}").context["facets"]
        same = next(f for f, *_ in listed if f.name == facet.name)
        assert [(b.label, b.count) for b in bars] == [
            (o.label, o.count) for o in same.options if o.count
        ]
        for bar in bars:
            assert list_total(client, bar.url) == bar.count, (facet.name, bar.label)
    assert charted == {"theme", "region", "challenge", "evidence", "year"}


def country_links(html):
    """{accessible name: href} of the country links drawn on the map."""
    svg = re.search(r'<svg class="world-map__svg".*?</svg>', html, re.S).group(0)
    return {
        unescape(label): unescape(href)
        for href, label in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    }


def test_countries_come_in_the_order_of_the_pages_language(client):
    for code in ["ZA", "EG", "DZ", "FR"]:
        PracticeFactory(countries=[CountryFactory(code=code)])

    html = client.get(f"/fr{MAP_URL}").content.decode()
    svg = re.search(r'<svg class="world-map__svg".*?</svg>', html, re.S).group(0)
    names = [
        unescape(label).split(" :")[0]
        for label in re.findall(r'aria-label="([^"]+)"', svg)
    ]

    # The keyboard reaches "Égypte" among the E's, not after "France".
    assert names == ["Afrique du Sud", "Algérie", "Égypte", "France"]


def test_every_country_with_practices_is_a_link_and_no_other(client):
    brazil, kenya = CountryFactory(code="BR"), CountryFactory(code="KE")
    CountryFactory(code="FI")  # no published practice
    PracticeFactory.create_batch(3, countries=[brazil])
    PracticeFactory(countries=[kenya])
    PracticeFactory(countries=[CountryFactory(code="DE")], status=Practice.Status.DRAFT)

    links = country_links(client.get(MAP_URL).content.decode())

    assert links == {
        "Brazil: 3 practices": f"{LIST_URL}?country=BR",
        "Kenya: 1 practice": f"{LIST_URL}?country=KE",
    }


def test_country_links_keep_the_other_filters(client):
    theme = ThemeFactory(slug="greening")
    brazil = CountryFactory(code="BR")
    PracticeFactory(countries=[brazil], themes=[theme])
    PracticeFactory(countries=[brazil])

    links = country_links(client.get(f"{MAP_URL}?theme=greening").content.decode())

    assert links == {"Brazil: 1 practice": f"{LIST_URL}?theme=greening&country=BR"}


def test_practices_with_no_country_are_counted_beside_the_map(client):
    PracticeFactory.create_batch(2, countries=[], scope="")
    PracticeFactory(countries=[], scope="international")

    html = client.get(MAP_URL).content.decode()

    assert (
        f'<a href="{LIST_URL}?region=not-stated">Location not stated: 2 practices</a>'
        in html
    )


def test_small_state_has_a_marker_to_find_it(client):
    PracticeFactory(countries=[CountryFactory(code="SG")])

    html = client.get(MAP_URL).content.decode()

    assert re.search(r'aria-label="Singapore: 1 practice".*?<circle ', html, re.S)


def test_drafts_are_not_on_the_map(client):
    PracticeFactory(countries=[CountryFactory(code="BR")], status=Practice.Status.DRAFT)

    response = client.get(MAP_URL)

    assert response.context["total"] == 0
    assert country_links(response.content.decode()) == {}


# Codes django-countries knows that Natural Earth's 1:50m countries do not draw
# as shapes of their own (too small at that scale, uninhabited, or drawn as
# part of another country).
NOT_DRAWN = {
    "BQ",  # Caribbean Netherlands
    "BV",  # Bouvet Island
    "CC",  # Cocos (Keeling) Islands
    "CX",  # Christmas Island
    "GF",  # French Guiana (part of France)
    "GI",  # Gibraltar
    "GP",  # Guadeloupe (part of France)
    "MQ",  # Martinique (part of France)
    "RE",  # Réunion (part of France)
    "SJ",  # Svalbard and Jan Mayen (part of Norway)
    "TK",  # Tokelau
    "TV",  # Tuvalu
    "UM",  # United States Minor Outlying Islands
    "YT",  # Mayotte (part of France)
}


def test_the_map_draws_every_country_natural_earth_draws():
    asset = json.loads(ASSET.read_text())
    known = {code for code, _name in countries}

    assert known - set(asset["countries"]) == NOT_DRAWN
    assert set(asset["countries"]) <= known


def test_map_classes_cover_every_count_once():
    for largest in (1, 3, 5, 6, 17, 200):
        classes = map_classes(largest)
        covered = [n for c in classes for n in range(c.low, c.high + 1)]
        assert covered == list(range(1, largest + 1))
        assert len({c.colour for c in classes}) == len(classes) <= 5


def make_practices(number):
    themes = [ThemeFactory() for _ in range(3)]
    places = [CountryFactory(code=c) for c in ("BR", "DE", "FI", "KE")]
    for n in range(number):
        PracticeFactory(
            themes=[themes[n % 3]],
            countries=[places[n % 4]] if n % 5 else [],
            scope="" if n % 7 else "national",
        )


def test_map_page_runs_the_same_queries_for_10_and_200_practices(client):
    def queries_for(query):
        client.get(f"{MAP_URL}?{query}")  # loads what a process keeps (synonyms)
        cache.clear()  # then the page itself, not its cached copy
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{MAP_URL}?{query}").status_code == 200
        return len(captured)

    make_practices(10)
    small = [
        queries_for(q)
        for q in ("", "country=BR&country=KE", "q=practice&region=not-stated")
    ]
    make_practices(190)  # adds themes and countries too: 200 practices
    large = [
        queries_for(q)
        for q in ("", "country=BR&country=KE", "q=practice&region=not-stated")
    ]

    assert small == large
    assert max(large) <= 4


def test_list_links_to_the_map_of_the_same_selection_and_back(client):
    PracticeFactory(
        themes=[ThemeFactory(slug="greening")], countries=[CountryFactory(code="BR")]
    )

    list_html = client.get(f"{LIST_URL}?theme=greening&page=1").content.decode()
    map_html = client.get(f"{MAP_URL}?theme=greening").content.decode()

    assert f'href="{MAP_URL}?theme=greening"' in list_html
    assert f'href="{LIST_URL}?theme=greening"' in map_html


def test_country_page_has_a_locator_map(client):
    PracticeFactory(countries=[CountryFactory(code="BR")])

    html = client.get(reverse("practices:country-detail", args=["BR"])).content.decode()

    assert 'class="locator-map"' in html
    assert "Brazil on a map of the world" in html
