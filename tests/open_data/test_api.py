"""The read-only JSON API under /api/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
def world():
    greening = ThemeFactory(slug="greening", name="Greening")
    digital = ThemeFactory(slug="digital", name="Digital")
    data_gaps = ChallengeFactory(slug="data-gaps", name="Data gaps")
    finland, brazil = CountryFactory(code="FI"), CountryFactory(code="BR")
    omnia = InstitutionFactory(slug="omnia", name="Omnia", country=finland)
    senai = InstitutionFactory(slug="senai", name="SENAI", country=brazil)
    ai_lab = PracticeFactory(
        slug="ai-lab",
        title="AI laboratory",
        summary="Open learning spaces with AI.",
        themes=[digital],
        challenges=[data_gaps],
        countries=[finland],
        institutions=[omnia],
        evidence_level="documented",
    )
    PracticeFactory(
        slug="theoprax",
        title="Theoprax method",
        themes=[greening, digital],
        countries=[brazil],
        institutions=[senai],
    )
    PracticeFactory(slug="secret", title="Secret draft", status=Practice.Status.DRAFT)
    return {"ai_lab": ai_lab}


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json()["results"])


def page_slugs(client, query):
    html = client.get(f"/practices/?{query}").content.decode()
    return sorted(
        p.slug for p in Practice.objects.all() if f'"{p.get_absolute_url()}"' in html
    )


@pytest.mark.usefixtures("world")
def test_the_root_lists_every_collection(client):
    data = client.get("/api/").json()
    assert set(data) == {
        "practices",
        "institutions",
        "themes",
        "challenges",
        "countries",
        # What the data may be used for, whom to ask, and where it comes from.
        "license",
        "contact",
        "about",
    }
    assert data["practices"] == "http://testserver/api/practices/"


@pytest.mark.usefixtures("world")
def test_a_practice_carries_its_stable_fields(client):
    practice = client.get("/api/practices/ai-lab/").json()

    assert practice["slug"] == "ai-lab"
    assert practice["title"] == "AI laboratory"
    assert practice["url"] == "http://testserver/practices/ai-lab/"
    assert practice["countries"] == [
        {
            "code": "FI",
            "name": "Finland",
            "region": "europe-north-america",
            "region_name": "Europe and North America",
            "url": "http://testserver/countries/FI/",
        }
    ]
    assert practice["regions"] == ["europe-north-america"]
    assert [t["slug"] for t in practice["themes"]] == ["digital"]
    assert [c["slug"] for c in practice["challenges"]] == ["data-gaps"]
    assert practice["institutions"] == [
        {
            "slug": "omnia",
            "name": "Omnia",
            "kind": "tvet-institution",
            "role": "lead",
            "url": "http://testserver/institutions/omnia/",
        }
    ]
    assert practice["evidence_level"] == "documented"
    assert practice["source"]["title"]
    assert practice["source_section"] == "The Marketplace"
    for stamp in ["published_at", "created_at", "updated_at"]:
        assert practice[stamp]


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    "query",
    [
        "",
        "theme=digital",
        "theme=digital&theme=greening",
        "country=FI",
        "country=br",
        "region=latin-america-caribbean",
        "challenge=data-gaps",
        "institution=senai",
        "evidence=documented",
        "verified=never",
        "q=laboratory",
        "theme=digital&country=BR",
    ],
)
def test_the_practice_list_filters_exactly_like_the_page(client, query):
    assert slugs(client.get(f"/api/practices/?{query}")) == page_slugs(client, query)


@pytest.mark.usefixtures("world")
def test_unknown_filter_values_are_a_client_error_that_names_them(client):
    response = client.get("/api/practices/?country=ZZ&theme=nope")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"country", "theme"}
    assert "ZZ" in body["country"][0]


@pytest.mark.usefixtures("world")
def test_sorting_is_the_pages(client):
    titles = [
        p["title"] for p in client.get("/api/practices/?sort=title").json()["results"]
    ]
    assert titles == ["AI laboratory", "Theoprax method"]
    search = client.get("/api/practices/?q=laboratory&sort=relevance").json()
    assert [p["slug"] for p in search["results"]] == ["ai-lab"]


def test_pagination(client):
    for n in range(25):
        PracticeFactory(title=f"Practice {n:02}")

    first = client.get("/api/practices/?sort=title").json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"].endswith("/api/practices/?page=2&sort=title")
    assert len(client.get(first["next"]).json()["results"]) == 5
    assert len(client.get("/api/practices/?page_size=100").json()["results"]) == 25
    assert len(client.get("/api/practices/?page_size=5").json()["results"]) == 5
    assert client.get("/api/practices/?page=99").status_code == 404
    assert client.get("/api/practices/?page=abc").status_code == 404


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    "url",
    [
        "/api/practices/secret/",
        "/api/practices/nope/",
        "/api/institutions/nope/",
        "/api/themes/nope/",
        "/api/challenges/nope/",
        "/api/countries/ZZ/",
        "/api/countries/NO/",
    ],
)
def test_unknown_or_unpublished_objects_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.usefixtures("world")
def test_drafts_are_in_no_list_and_no_count(client):
    assert "secret" not in slugs(client.get("/api/practices/"))
    themes = {
        t["slug"]: t["practice_count"]
        for t in client.get("/api/themes/").json()["results"]
    }
    assert themes == {"digital": 2, "greening": 1}


@pytest.mark.usefixtures("world")
def test_other_collections(client):
    institutions = client.get("/api/institutions/?country=FI").json()["results"]
    assert [
        (i["slug"], i["practice_count"], i["country"]["code"]) for i in institutions
    ] == [("omnia", 1, "FI")]
    assert client.get("/api/institutions/omnia/").json()["name"] == "Omnia"
    assert client.get("/api/challenges/data-gaps/").json()["practice_count"] == 1
    countries = client.get("/api/countries/").json()["results"]
    assert [c["code"] for c in countries] == ["BR", "FI"]
    assert client.get("/api/countries/fi/").json()["practice_count"] == 1


def test_the_api_is_read_only(client, world):
    for method in ["post", "put", "patch", "delete"]:
        response = getattr(client, method)("/api/practices/ai-lab/")
        assert response.status_code == 405, method


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_detail_run_a_constant_number_of_queries(client):
    theme = ThemeFactory(slug="digital")
    countries = [CountryFactory(code="FI"), CountryFactory(code="BR")]
    institutions = [InstitutionFactory() for _ in range(3)]
    challenge = ChallengeFactory()

    def grow(n):
        for i in range(n):
            PracticeFactory(
                slug=f"p-{Practice.objects.count()}",
                themes=[theme],
                countries=countries[i % 2 :],
                institutions=institutions[i % 3 :],
                challenges=[challenge],
            )

    grow(10)
    urls = [
        "/api/practices/?page_size=100",
        "/api/practices/?theme=digital&country=FI&q=practice",
        "/api/practices/p-3/",
        "/api/institutions/",
        "/api/themes/",
        "/api/countries/",
    ]
    for url in urls:  # what is cached for every request (search synonyms)
        client.get(url)
    few = {url: _queries(client, url) for url in urls}
    grow(90)
    many = {url: _queries(client, url) for url in urls}

    assert many == few


def test_the_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert b"/api/practices/" in schema.content

    docs = client.get("/api/docs/").content.decode()
    for operation in [
        "GET /api/practices/",
        "GET /api/practices/{slug}/",
        "GET /api/countries/",
    ]:
        assert f"<code>{operation}</code>" in docs
    # The practice list's filters are documented, with their values.
    for parameter in [
        "theme",
        "country",
        "region",
        "evidence",
        "verified",
        "page_size",
    ]:
        assert f"<code>{parameter}</code>" in docs
    assert "africa, arab-states" in docs


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_docs_are_read_in_every_language_around_the_english_contract(
    client, language
):
    docs = client.get(f"/{language}/api/docs/").content.decode()
    assert f'<html lang="{language}"' in docs
    assert "<h1>API documentation</h1>" not in docs
    # The schema's operations and texts stay as the API serves them, in English.
    assert '<code lang="en" dir="ltr">GET /api/practices/</code>' in docs
    assert '<span lang="en" dir="ltr">List published practices</span>' in docs
    # The switcher leads to the same page in the other languages.
    assert '<a href="/api/docs/" lang="en" hreflang="en">' in docs
    other = "es" if language != "es" else "fr"
    assert f'<a href="/{other}/api/docs/" lang="{other}" hreflang="{other}"' in docs
