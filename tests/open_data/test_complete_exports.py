"""The CSV and the API carry every public field of a practice, and the list
offers a download only when there is something to download."""

import csv
import datetime
import io

import pytest

from practices.models import Involvement
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete_practice():
    practice = PracticeFactory(
        slug="complete",
        title="A complete practice",
        summary="The summary.",
        description="The description.",
        context="The context.",
        transferability="The transferability.",
        target_groups="Young women",
        scope="national",
        website="https://example.org/complete",
        evidence_level="evaluated",
        last_verified=datetime.date(2024, 5, 1),
        source=SourceFactory(),
        source_section="The Marketplace — A complete case",
        countries=[CountryFactory(code="FI")],
        themes=[ThemeFactory(name="Greening")],
        challenges=[ChallengeFactory(name="Addressing data gaps")],
        institutions=[],
        inferred_fields=["scope"],
        editorial_note="Scope inferred from the text.",
    )
    Involvement.objects.create(
        practice=practice,
        institution=InstitutionFactory(name="Omnia"),
        role=Involvement.Role.PARTNER,
    )
    return practice


def csv_row(client):
    response = client.get("/practices.csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    return dict(zip(header, row, strict=True))


def test_the_csv_carries_every_public_field_of_a_practice(client, complete_practice):
    row = csv_row(client)
    expected = {
        "title": "A complete practice",
        "summary": "The summary.",
        "description": "The description.",
        "context": "The context.",
        "transferability": "The transferability.",
        "target_groups": "Young women",
        "scope": "National",
        "website": "https://example.org/complete",
        "countries": "Finland",
        "regions": "Europe and North America",
        "themes": "Greening",
        "challenges": "Addressing data gaps",
        "institutions": "Omnia (Partner)",
        "evidence_level": "Evaluated",
        "last_verified": "2024-05-01",
        "source": "Advancing Learning and Innovation in TVET",
        "source_section": "The Marketplace — A complete case",
        "inferred_fields": "scope",
        "editorial_note": "Scope inferred from the text.",
    }
    assert {name: row[name] for name in expected} == expected
    assert row["url"] == "http://testserver/practices/complete/"
    assert row["published_at"] and row["updated_at"]


def test_the_api_carries_every_public_field_of_a_practice(client, complete_practice):
    listed = client.get("/api/practices/").json()["results"][0]
    detail = client.get("/api/practices/complete/").json()
    for data in (listed, detail):
        assert data["description"] == "The description."
        assert data["context"] == "The context."
        assert data["transferability"] == "The transferability."
        assert data["target_groups"] == "Young women"
        assert data["scope"] == "national"
        assert data["evidence_level"] == "evaluated"
        assert data["last_verified"] == "2024-05-01"
        assert data["source"]["title"] == "Advancing Learning and Innovation in TVET"
        assert data["source_section"] == "The Marketplace — A complete case"
        assert [c["code"] for c in data["countries"]] == ["FI"]
        assert data["regions"] == ["europe-north-america"]
        assert [t["name"] for t in data["themes"]] == ["Greening"]
        assert [c["name"] for c in data["challenges"]] == ["Addressing data gaps"]
        assert [(i["name"], i["role"]) for i in data["institutions"]] == [
            ("Omnia", "partner")
        ]
        assert data["inferred_fields"] == ["scope"]
        assert data["editorial_note"] == "Scope inferred from the text."


def test_the_download_link_is_offered_only_for_a_list_with_practices(client):
    PracticeFactory(title="Greening communities")
    html = client.get("/practices/").content.decode()
    assert "Download this practice as CSV" in html
    empty = client.get("/practices/?q=zzzyzx").content.decode()
    assert "No practices match" in empty
    assert "as CSV" not in empty and "/practices.csv?" not in empty
