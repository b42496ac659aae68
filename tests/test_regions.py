"""Region pages (/regions/<slug>/), region headings on /countries/ that lead to
them, and the coverage section of /about/ with live counts."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def world():
    brazil, paraguay = CountryFactory(code="BR"), CountryFactory(code="PY")
    germany = CountryFactory(code="DE")
    senai = InstitutionFactory(slug="senai", name="SENAI CIMATEC", country=brazil)
    PracticeFactory(slug="flatfish", title="The Flatfish Case", countries=[brazil])
    PracticeFactory(slug="bkal", title="BKaL 360", countries=[paraguay, germany])
    PracticeFactory(slug="dual", title="Dual training", countries=[germany])
    PracticeFactory(slug="nowhere", title="Placeless", countries=[], scope="")
    PracticeFactory(
        slug="draft-latam",
        title="Draftlatam",
        countries=[brazil],
        status=Practice.Status.DRAFT,
    )
    ThemeFactory(slug="empty-theme", name="Image of TVET")
    return {"senai": senai}


@pytest.mark.usefixtures("world")
def test_a_region_page_lists_its_countries_practices_and_institutions(client):
    html = html_of(client, "/regions/latin-america-caribbean/")
    assert "<h1>Latin America and the Caribbean</h1>" in html
    assert 'href="/countries/BR/"' in html and 'href="/countries/PY/"' in html
    assert "Germany" not in html.split("<main", 1)[1].split("BKaL 360")[0]
    assert "The Flatfish Case" in html and "BKaL 360" in html
    assert "Dual training" not in html and "Placeless" not in html
    assert "Draftlatam" not in html
    assert "2 practices" in html
    assert 'href="/institutions/senai/"' in html
    assert 'href="/practices/?region=latin-america-caribbean"' in html
    assert 'aria-label="Breadcrumb"' in html


@pytest.mark.usefixtures("world")
def test_a_region_page_maps_its_countries_with_practices(client):
    html = html_of(client, "/regions/latin-america-caribbean/")
    world_map = re.search(r'<svg class="world-map__svg".*?</svg>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', world_map)
    # Each country with a published practice, by name, to its own page; the
    # draft adds nothing, and countries of other regions are not drawn.
    assert links == [
        ("/countries/BR/", "Brazil: 1 practice"),
        ("/countries/PY/", "Paraguay: 1 practice"),
    ]
    assert 'href="/practices/map/?region=latin-america-caribbean"' in html


@pytest.mark.usefixtures("world")
def test_a_region_page_names_its_countries_in_the_pages_language(client):
    html = html_of(client, "/fr/regions/latin-america-caribbean/")
    assert '<a href="/fr/countries/BR/">Brésil</a>' in html
    assert 'SENAI CIMATEC</a> <span class="count">Brésil ·' in html
    assert ">Brazil<" not in html
    assert 'aria-label="Brésil : 1 pratique"' in html


def test_a_region_with_nothing_yet_invites_a_proposal(client):
    html = html_of(client, "/regions/arab-states/")
    assert "<h1>Arab States</h1>" in html
    assert "0 practices" in html
    assert 'href="/practices/submit/"' in html
    assert "world-map__svg" not in html


@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_the_regions_address_leads_to_the_countries_by_region(client, prefix):
    response = client.get(f"{prefix}/regions/?page=2")
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/countries/"


@pytest.mark.parametrize(
    "url", ["/regions/atlantis/", "/regions/not-stated/", "/regions/Africa/"]
)
def test_an_unknown_region_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_region_pages_are_paginated_like_the_other_lists(client):
    kenya = CountryFactory(code="KE")
    for n in range(25):
        PracticeFactory(title=f"Kenyan {n:02}", countries=[kenya])
    assert "Page 1 of 2" in html_of(client, "/regions/africa/")
    assert "Page 2 of 2" in html_of(client, "/regions/africa/?page=2")
    assert "Page 2 of 2" in html_of(client, "/regions/africa/?page=99")
    assert "Page 1 of 2" in html_of(client, "/regions/africa/?page=zz9")


@pytest.mark.usefixtures("world")
def test_region_headings_on_the_country_list_link_to_the_region_pages(client):
    html = html_of(client, "/countries/")
    headings = re.findall(r"<h2 [^>]*>(.*?)</h2>", html, re.S)
    assert (
        '<a href="/regions/latin-america-caribbean/">'
        "Latin America and the Caribbean</a>" in headings
    )
    assert '<a href="/regions/europe-north-america/">Europe and North America</a>' in (
        headings
    )


@pytest.mark.usefixtures("world")
def test_about_gives_live_coverage_counts_with_invitations(client):
    html = html_of(client, "/about/")
    section = re.search(
        r'<section aria-labelledby="coverage">.*?</section>', html, re.S
    ).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))
    assert "Latin America and the Caribbean: 2 practices" in text  # not the draft
    assert "Europe and North America: 2 practices" in text
    assert "Arab States: 0 practices. Propose one" in text
    assert "Africa: 0 practices. Propose one" in text
    assert "Location not stated in the source: 1 practice" in text
    assert "Image of TVET. Propose a practice on Image of TVET" in text
    assert 'href="/regions/arab-states/"' in section
    assert 'href="/practices/?region=not-stated"' in section
    assert 'href="/practices/submit/"' in section


def test_coverage_counts_follow_publication(client):
    kenya = CountryFactory(code="KE")
    practice = PracticeFactory(countries=[kenya], status=Practice.Status.DRAFT)
    assert "Africa: 0 practices" in re.sub(r"<[^>]+>", "", html_of(client, "/about/"))
    practice.status = Practice.Status.PUBLISHED
    practice.save()
    assert "Africa: 1 practice" in re.sub(r"<[^>]+>", "", html_of(client, "/about/"))


def test_a_region_page_runs_the_same_queries_for_few_and_many_countries(client):
    def queries():
        cache.clear()  # the page cache would answer without a query
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/regions/africa/").status_code == 200
        return len(captured)

    codes = ["KE", "SN", "GH", "NG", "ZA", "TZ", "UG", "RW"]
    for code in codes[:2]:
        country = CountryFactory(code=code)
        InstitutionFactory(country=country)
        PracticeFactory(countries=[country])
    few = queries()
    for code in codes[2:]:
        country = CountryFactory(code=code)
        InstitutionFactory(country=country)
        PracticeFactory.create_batch(2, countries=[country])

    assert queries() == few
