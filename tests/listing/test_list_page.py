"""The practice list as a visitor reads it: facets that list only what helps,
long facets shown in full on request, challenges by their short names, and
counts that read right."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.listing.facets import TOP_VALUES
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DATA_GAPS = "Addressing data gaps is essential to bridging policy and practice"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def checkboxes(html, facet):
    """{value: checked} of the facet's checkboxes on the page."""
    return {
        value: bool(checked)
        for value, checked in re.findall(
            rf'<input type="checkbox" id="f-{facet}-\d+" name="{facet}" '
            r'value="([^"]*)"( checked)?',
            html,
        )
    }


@pytest.fixture
def themes():
    greening = ThemeFactory(slug="greening", name="Greening")
    digital = ThemeFactory(slug="digital", name="Digitalization")
    inclusion = ThemeFactory(slug="inclusion", name="Inclusion")
    PracticeFactory(themes=[greening], countries=[CountryFactory(code="KE")])
    PracticeFactory(themes=[greening, digital], countries=[CountryFactory(code="FI")])
    # A theme whose only practice is a draft has no practice for visitors.
    PracticeFactory(themes=[inclusion], status="draft")
    return greening, digital, inclusion


def test_a_value_with_no_practice_here_is_not_listed(client, themes):
    html = get(client, "/practices/")
    assert checkboxes(html, "theme") == {"greening": False, "digital": False}
    assert "1 more with no practice here" in html

    # Under a filter, values the filter leaves without practices go too.
    html = get(client, "/practices/?country=KE")
    assert checkboxes(html, "theme") == {"greening": False}
    assert checkboxes(html, "country") == {"KE": True, "FI": False}
    assert "2 more with no practices here" in html
    assert not re.search(r'class="count">\(0\)', html.split('id="results"')[0])


def test_a_selected_value_is_listed_even_with_no_practice(client, themes):
    html = get(client, "/practices/?theme=inclusion")
    assert checkboxes(html, "theme")["inclusion"] is True
    assert "0 practices" in html


def test_region_evidence_and_verified_list_only_values_with_practices(client, themes):
    html = get(client, "/practices/")
    assert set(checkboxes(html, "region")) == {"africa", "europe-north-america"}
    assert set(checkboxes(html, "evidence")) == {"described"}
    assert set(checkboxes(html, "verified")) == {"never"}


@pytest.fixture
def many_countries():
    theme = ThemeFactory(slug="busy")
    codes = ["AR", "BR", "CL", "DE", "EG", "FI", "GH", "IN", "JP", "KE", "LB", "MX"]
    assert len(codes) > TOP_VALUES
    # The first country has the most practices, the last the fewest.
    for rank, code in enumerate(codes):
        country = CountryFactory(code=code)
        for _ in range(len(codes) - rank):
            PracticeFactory(themes=[theme], countries=[country])
    return codes


def test_a_long_facet_shows_its_most_frequent_values_and_a_show_all_link(
    client, many_countries
):
    html = get(client, "/practices/?theme=busy&page=2")

    assert list(checkboxes(html, "country")) == many_countries[:TOP_VALUES]
    link = re.search(r'<a href="([^"]*)">Show all 12 countries</a>', html)
    assert link, "a Show all link names how many there are"
    address = link.group(1).replace("&amp;", "&")
    # It keeps the filters, starts again at page 1 and lands on the facet.
    assert address == "?theme=busy&all=country#facet-country"
    # The filters are sent closed, so that a phone shows the results first.
    assert '<details id="filter-panel" class="filter-panel">' in html


def test_the_show_all_link_lists_every_value_and_can_go_back(client, many_countries):
    html = get(client, "/practices/?theme=busy&all=country")

    assert list(checkboxes(html, "country")) == many_countries
    assert "Show all 12 countries" not in html
    fewer = re.search(r'<a href="([^"]*)">Show fewer countries</a>', html)
    assert fewer.group(1).replace("&amp;", "&") == "?theme=busy#facet-country"
    # Someone listing every value is choosing filters: the panel stays open.
    assert '<details id="filter-panel" class="filter-panel" open>' in html
    # The expansion is kept by the other links that keep the query.
    html = get(client, "/practices/?theme=busy&all=country&all=institution&all=xx")
    assert list(checkboxes(html, "country")) == many_countries


def test_show_all_costs_no_extra_query(client, many_countries):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        return len(captured)

    assert queries("/practices/?all=country&all=institution") == queries("/practices/")


def test_institutions_get_a_show_all_link_too(client):
    theme = ThemeFactory(slug="busy")
    for _ in range(TOP_VALUES + 2):
        PracticeFactory(themes=[theme], institutions=[InstitutionFactory()])

    html = get(client, "/practices/")
    assert len(checkboxes(html, "institution")) == TOP_VALUES
    assert f"Show all {TOP_VALUES + 2} institutions" in html
    html = get(client, "/practices/?all=institution")
    assert len(checkboxes(html, "institution")) == TOP_VALUES + 2


@pytest.fixture
def data_gaps_practice():
    challenge = ChallengeFactory(
        slug="data-gaps", name=DATA_GAPS, short_name="Data gaps"
    )
    return PracticeFactory(title="Shared skills data", challenges=[challenge])


def test_challenges_go_by_their_short_names_on_cards_chips_and_facets(
    client, data_gaps_practice
):
    html = get(client, "/practices/?challenge=data-gaps")
    results = html.split('id="results"')[1]

    # The chip and the card.
    assert ">Challenge: Data gaps <span" in results
    assert '<ul class="tags tags--challenges" aria-label="Challenges">' in results
    assert "<li>Data gaps</li>" in results
    assert DATA_GAPS not in results
    # The facet: the short label, the full statement as its description.
    option = re.search(
        r'<li><input type="checkbox" id="(f-challenge-\d+)" name="challenge" '
        r'value="data-gaps" checked aria-describedby="(f-challenge-\d+-about)"> '
        r'<label for="f-challenge-\d+" title="([^"]*)">Data gaps <span',
        html,
    )
    assert option, "the challenge's facet option"
    assert option.group(3) == DATA_GAPS
    assert f'<span id="{option.group(2)}" class="visually-hidden">{DATA_GAPS}' in html


def test_a_challenge_keeps_its_full_statement_on_its_page(client, data_gaps_practice):
    html = get(client, "/challenges/data-gaps/")
    assert f"<h1>{DATA_GAPS}</h1>" in html
    # Its practices' cards use the short name.
    assert "<li>Data gaps</li>" in html


def test_a_challenge_without_a_short_name_shows_its_statement(client):
    ChallengeFactory(slug="new-one", name="A challenge curators added")
    PracticeFactory(challenges=[ChallengeFactory(slug="new-one")])
    html = get(client, "/practices/?challenge=new-one")
    assert ">Challenge: A challenge curators added <span" in html
    assert "<li>A challenge curators added</li>" in html


@pytest.mark.parametrize(
    ("practices", "expected"),
    [
        (
            1,
            [
                ">1 practice<",
                "Download this practice as CSV",
                'Filters <span class="filter-panel__count">(1 selected)</span>',
            ],
        ),
        (
            3,
            [
                ">3 practices<",
                "Download these 3 practices as CSV",
                'Filters <span class="filter-panel__count">(1 selected)</span>',
            ],
        ),
    ],
)
def test_counts_read_right_in_the_singular_and_the_plural(client, practices, expected):
    theme = ThemeFactory(slug="greening")
    for _ in range(practices):
        PracticeFactory(themes=[theme])
    html = get(client, "/practices/?theme=greening")
    html = re.sub(r"\s+", " ", html).replace("> ", ">").replace(" <", "<")
    for text in expected:
        assert text.replace(" <", "<") in html
    assert "1 practices" not in html
    assert "these 1 " not in html


def test_counts_read_right_on_the_other_pages(client):
    theme = ThemeFactory(slug="greening", name="Greening")
    country = CountryFactory(code="KE")
    PracticeFactory(themes=[theme], countries=[country])

    for url in ["/", "/themes/", "/themes/greening/", "/countries/", "/countries/KE/"]:
        html = re.sub(r"\s+", " ", get(client, url))
        assert "1 practice" in html, url
        assert "1 practices" not in html, url
    home = re.sub(r"\s+", " ", get(client, "/"))
    assert "<strong>1</strong> country" in home
    assert "See the 1 practice" in home
