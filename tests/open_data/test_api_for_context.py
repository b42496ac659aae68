"""/api/practices/for-context/: the context page's ranking as JSON, with the
same parameters, strict about values it does not understand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/practices/for-context/"


@pytest.fixture
def world():
    kenya, ghana = CountryFactory(code="KE"), CountryFactory(code="GH")
    scaling = ChallengeFactory(slug="scaling")
    PracticeFactory(
        slug="kenya",
        countries=[kenya],
        challenges=[scaling],
        institutions=[InstitutionFactory(kind="company")],
    )
    PracticeFactory(slug="ghana", countries=[ghana])
    PracticeFactory(slug="draft", countries=[kenya], status=Practice.Status.DRAFT)
    return scaling


def test_ranked_practices_with_score_and_reasons(client, world):
    response = client.get(f"{URL}?country=KE&challenge=scaling&kind=company")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [r["slug"] for r in data["results"]] == ["kenya", "ghana"]
    assert [r["score"] for r in data["results"]] == [7, 2]
    assert data["results"][0]["reasons"] == [
        "same country",
        "answers your challenge",
        "led by an institution of your kind",
    ]
    assert data["results"][1]["reasons"] == ["same region"]
    assert data["points"]["country"] == 3
    assert data["results"][0]["institutions"][0]["kind"] == "company"


def test_pages(client, world):
    data = client.get(f"{URL}?region=africa&page_size=1").json()
    assert data["count"] == 2 and len(data["results"]) == 1
    assert "page=2" in data["next"] and data["previous"] is None
    # Equal scores: the newer practice (Ghana's) first.
    assert data["results"][0]["slug"] == "ghana"
    second = client.get(data["next"]).json()
    assert second["results"][0]["slug"] == "kenya" and second["next"] is None
    assert client.get(f"{URL}?region=africa&page=9").status_code == 404


def test_no_context_gives_nothing(client, world):
    data = client.get(URL).json()
    assert data["count"] == 0 and data["results"] == []


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=KE&country=GH",
        "challenge=nope",
        "learner=martians",
        "kind=castle",
        "region=" + "x" * 10_000,
        "theme=a%00b",
        "page=0",
        "page_size=500",
        "page_size=1&page_size=2",
    ],
)
def test_values_not_understood_are_400_naming_them(client, world, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    name = query.split("=", 1)[0]
    assert name in response.json()


def test_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").content.decode()
    assert "/api/practices/for-context/" in schema
    assert "learner" in schema


def test_queries_do_not_grow(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = f"{URL}?region=africa&challenge=scaling"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    kenya = CountryFactory(code="KE")
    for _ in range(25):
        PracticeFactory(countries=[kenya], challenges=[world])
    assert count() == few
