"""The API says whether a count is an estimate: `count_is_estimate`, in every
paginated answer and in the schema. Its lists count exactly, whatever their
size, and the CSV has every practice (the threshold is lowered here so that a
few practices are many)."""

import csv
import io

import pytest
import yaml

from practices.listing import estimates
from tests.factories import CountryFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    monkeypatch.setattr(estimates, "ESTIMATE_ABOVE", 5)
    theme, kenya = ThemeFactory(slug="common"), CountryFactory(code="KE")
    for n in range(12):
        PracticeFactory(title=f"Practice {n:02}", themes=[theme], countries=[kenya])


@pytest.mark.parametrize(
    "url", ["/api/practices/", "/api/practices/?theme=common", "/api/themes/"]
)
def test_lists_say_their_count_is_exact(client, many, url):
    answer = client.get(url).json()

    assert answer["count_is_estimate"] is False
    assert list(answer)[:2] == ["count", "count_is_estimate"]


def test_the_practice_count_above_the_threshold_is_exact(client, many):
    answer = client.get("/api/practices/?theme=common").json()

    assert answer["count"] == 12


def test_the_context_ranking_says_its_count_is_exact(client, many):
    answer = client.get("/api/practices/for-context/?country=KE").json()

    assert answer["count"] == 12
    assert answer["count_is_estimate"] is False


def test_the_schema_documents_the_field(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    components = schema["components"]["schemas"]

    for name in ("PaginatedPracticeList", "RankedPracticePage"):
        field = components[name]["properties"]["count_is_estimate"]
        assert field["type"] == "boolean"
        assert "5,000" in field["description"]
        assert "count_is_estimate" in components[name]["required"]


def test_the_csv_of_a_large_selection_is_complete(client, many):
    response = client.get("/practices.csv?theme=common")
    rows = list(csv.DictReader(io.StringIO(b"".join(response).decode())))

    assert sorted(row["title"] for row in rows) == [
        f"Practice {n:02}" for n in range(12)
    ]
