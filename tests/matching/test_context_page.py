"""/practices/for-context/: the form, the ranked results with their reasons,
what to relax when nothing matches, bad input, and its cost in queries."""

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
from tests.hostile_input import SEARCH_OPERATORS

pytestmark = pytest.mark.django_db

URL = "/practices/for-context/"


@pytest.fixture
def world():
    kenya, ghana = CountryFactory(code="KE"), CountryFactory(code="GH")
    germany = CountryFactory(code="DE")
    scaling = ChallengeFactory(
        slug="scaling", name="Collaboration to scale up", short_name="Scaling up"
    )
    data_gaps = ChallengeFactory(slug="data-gaps", name="Data gaps")
    greening = ThemeFactory(slug="greening", name="Greening")
    college = InstitutionFactory(kind="tvet-institution", country=kenya)
    PracticeFactory(
        slug="kenyan-college",
        title="Kenyan college greening",
        countries=[kenya],
        challenges=[scaling],
        themes=[greening],
        institutions=[college],
    )
    PracticeFactory(slug="ghana", title="Ghanaian scaling", countries=[ghana])
    PracticeFactory(slug="germany", title="German data", countries=[germany])
    PracticeFactory(
        slug="draft",
        title="Draft in Kenya",
        countries=[kenya],
        status=Practice.Status.DRAFT,
    )
    return {"scaling": scaling, "data-gaps": data_gaps, "greening": greening}


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_linked_from_home_and_list(client, world):
    assert URL in html(client, "/")
    assert URL in html(client, "/practices/")


def test_without_a_context_the_form_asks_for_one(client, world):
    page = html(client, URL)
    assert 'name="country"' in page and 'name="learner"' in page
    assert "Choose at least one thing about your context" in page
    assert "How we rank" in page


def test_results_are_ranked_with_their_reasons(client, world):
    page = html(
        client,
        f"{URL}?country=KE&challenge=scaling&challenge=data-gaps"
        "&theme=greening&kind=tvet-institution",
    )
    assert "2 practices match your context" in page
    assert page.index("Kenyan college greening") < page.index("Ghanaian scaling")
    assert (
        "same country; answers 1 of your 2 challenges; on your theme; "
        "led by an institution of your kind" in page
    )
    assert "(8 points)" in page  # 3 + 2 + 1 + 2
    assert "German data" not in page  # matches nothing
    assert "Draft in Kenya" not in page
    # Each result can be chosen for a comparison.
    assert 'action="/practices/compare/"' in page
    assert 'name="p" value="kenyan-college"' in page


def test_only_a_region(client, world):
    page = html(client, f"{URL}?region=africa")
    assert "Kenyan college greening" in page and "Ghanaian scaling" in page
    assert "same region" in page
    assert "German data" not in page


def test_an_empty_answer_suggests_what_to_relax(client, world):
    page = html(client, f"{URL}?challenge=data-gaps&kind=company")
    assert "No practice matches anything in your context yet." in page
    assert f"{URL}?kind=company" in page  # without the challenge
    assert f"{URL}?challenge=data-gaps" in page  # without the kind


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=KE&country=GH",
        "region=atlantis",
        "challenge=nope&challenge=scaling",
        "learner=martians",
        "kind=castle",
        "theme=" + "x" * 10_000,
        "country=K%00E",
        "challenge=%00",
        "page=99999999999999999999",
        "page=-1",
        "page=abc",
        "country=<script>alert(1)</script>",
        "learner=" + "&learner=".join(["students"] * 200),
    ],
)
def test_bad_input_gets_a_normal_page(client, world, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    if "x" * 100 in query:
        assert f"Unknown: {'x' * 40}…." in page  # named, shortened


def test_unknown_values_are_named(client, world):
    page = html(client, f"{URL}?country=ZZ&challenge=nope&challenge=scaling")
    assert "were not understood" in page
    assert "Unknown: ZZ." in page and "Unknown: nope." in page
    assert "Kenyan college greening" in page  # the challenge understood applies


def test_a_page_past_the_end_shows_the_last(client, world):
    page = html(client, f"{URL}?region=africa&page=40")
    assert "Kenyan college greening" in page


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_practices(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = (
        f"{URL}?country=KE&challenge=scaling&theme=greening"
        "&learner=students&kind=tvet-institution"
    )
    few = query_count(client, url)
    kenya = CountryFactory(code="KE")
    for _ in range(30):
        PracticeFactory(
            countries=[kenya],
            challenges=[world["scaling"]],
            themes=[world["greening"]],
            target_groups="Students",
            institutions=[InstitutionFactory(kind="tvet-institution")],
        )
    assert query_count(client, url) == few
    assert few <= 6


@pytest.mark.parametrize("text", SEARCH_OPERATORS)
def test_what_attackers_type_gets_a_normal_page(client, world, text):
    for parameter in ("country", "region", "challenge", "theme", "learner", "kind"):
        response = client.get(URL, {parameter: text, "challenge": "scaling"})
        assert response.status_code == 200, (parameter, text)
        response = client.get("/practices/compare/", {"p": [text, "kenyan-college"]})
        assert response.status_code == 200, text
