"""/practices/compare/?p=...&p=...: two to four published practices side by
side, identical rows marked, unknown and unpublished slugs named and left
out, more than four refused politely, and the same table as CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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

URL = "/practices/compare/"


@pytest.fixture
def practices():
    greening = ThemeFactory(slug="greening", name="Greening")
    digital = ThemeFactory(slug="digital", name="Digital")
    challenge = ChallengeFactory(slug="scaling", name="Scaling up")
    kenya = CountryFactory(code="KE")
    college = InstitutionFactory(name="Nairobi College")
    one = PracticeFactory(
        slug="one",
        title="First practice",
        summary="=HYPERLINK(1)",
        countries=[kenya],
        themes=[greening],
        challenges=[challenge],
        target_groups="Students",
        institutions=[college],
        evidence_level="documented",
    )
    InvolvementFactory(
        practice=one,
        institution=InstitutionFactory(name="Green Fund"),
        role=Involvement.Role.FUNDER,
    )
    two = PracticeFactory(
        slug="two",
        title="Second practice",
        summary="Another summary.",
        countries=[CountryFactory(code="DE")],
        themes=[digital],
        challenges=[challenge],
        target_groups="Students",
        evidence_level="evaluated",
    )
    PracticeFactory(slug="draft", title="A draft", status=Practice.Status.DRAFT)
    return one, two


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def rows(page):
    """{row label: (marked same?, row html)} of the comparison table."""
    found = {}
    for chunk in page.split('<tr class="compare__row')[1:]:
        label = chunk.split('<th scope="row">', 1)[1].split(" <span", 1)[0]
        label = label.split("</th>", 1)[0]
        found[label] = (chunk.startswith(" compare__row--same"), chunk)
    return found


def test_side_by_side_with_identical_rows_marked(client, practices):
    page = html(client, f"{URL}?p=one&p=two")
    table = rows(page)
    assert list(table) == [
        "Summary",
        "Countries",
        "Region",
        "Institutions and their roles",
        "Themes",
        "Challenges",
        "Target groups",
        "Context",
        "Transferability notes",
        "Evidence level",
        "Last verified",
        "Source and section",
    ]
    same = {label for label, (is_same, _) in table.items() if is_same}
    assert same == {
        "Challenges",
        "Target groups",
        "Context",  # neither states it
        "Transferability notes",
        "Last verified",
        "Source and section",
    }
    assert "Same for all" in page
    assert "Nairobi College (Lead)" in table["Institutions and their roles"][1]
    assert "Green Fund (Funder)" in table["Institutions and their roles"][1]
    assert "Africa" in table["Region"][1]
    assert "Europe and North America" in table["Region"][1]
    assert "Documented" in table["Evidence level"][1]
    assert page.index("First practice") < page.index("Second practice")
    assert 'role="region"' in page and 'tabindex="0"' in page


def test_unknown_and_unpublished_slugs_are_named_and_left_out(client, practices):
    page = html(client, f"{URL}?p=one&p=draft&p=nowhere&p=two&p=one")
    assert "Not found or not public, so left out: draft, nowhere." in page
    assert "A draft" not in page
    assert "2 practices side by side" in page


def test_fewer_than_two_asks_for_more(client, practices):
    page = html(client, f"{URL}?p=one&p=draft")
    assert "Choose two to four practices" in page
    assert 'class="compare ' not in page
    assert "Choose two to four practices" in html(client, URL)


def test_more_than_four_is_refused_politely(client, practices):
    query = "&".join(f"p=s{i}" for i in range(6))
    page = html(client, f"{URL}?{query}")
    assert "Up to 4 practices can be compared at once, and you chose 6." in page
    assert f"{URL}?p=s0&amp;p=s1&amp;p=s2&amp;p=s3" in page
    assert 'class="compare ' not in page


def test_csv_is_the_same_table_and_spreadsheet_safe(client, practices):
    response = client.get("/practices/compare.csv?p=one&p=two")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert table[0] == ["Practice", "First practice", "Second practice"]
    assert table[1][0] == "Address" and table[1][1].endswith("/practices/one/")
    by_label = {row[0]: row[1:] for row in table[2:]}
    assert by_label["Summary"] == ["'=HYPERLINK(1)", "Another summary."]
    assert by_label["Themes"] == ["Greening", "Digital"]
    assert by_label["Institutions and their roles"][0] == (
        "Nairobi College (Lead); Green Fund (Funder)"
    )
    assert len(by_label) == 12


def test_csv_refuses_what_cannot_be_compared(client, practices):
    assert client.get("/practices/compare.csv?p=one").status_code == 400
    query = "&".join(f"p=s{i}" for i in range(5))
    assert client.get(f"/practices/compare.csv?{query}").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "p=" + "x" * 10_000 + "&p=one",
        "p=one%00&p=two",
        "p=%00",
        "p=<script>alert(1)</script>&p=one",
        "p=one&p=two&p=" + "&p=".join(["one"] * 500),
        "p=" + "&p=".join(str(i) for i in range(1000)),
        "p=ünïcode&p=one&p=two",
    ],
)
def test_bad_input_gets_a_normal_page(client, practices, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(f"/practices/compare.csv?{query}").status_code in (200, 400)


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_practices(client, practices, settings):
    settings.PAGE_CACHE_SECONDS = 0
    few = query_count(client, f"{URL}?p=one&p=two")
    extra = []
    for i in range(2):
        practice = PracticeFactory(
            slug=f"more-{i}",
            themes=[ThemeFactory(), ThemeFactory()],
            countries=[CountryFactory(code="FI"), CountryFactory(code="BR")],
            challenges=[ChallengeFactory(), ChallengeFactory()],
            institutions=[InstitutionFactory(), InstitutionFactory()],
        )
        extra.append(practice.slug)
    PracticeFactory.create_batch(20)
    assert query_count(client, f"{URL}?p=one&p=two&p=more-0&p=more-1") == few
    assert few <= 6


def test_a_practice_and_the_list_offer_the_comparison(client, practices):
    page = html(client, "/practices/")
    assert 'action="/practices/compare/"' in page
    assert 'name="p" value="one"' in page
