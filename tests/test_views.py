import re

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
    theme = ThemeFactory(slug="greening", name="Greening and climate change")
    challenge = ChallengeFactory(slug="data-gaps", name="Addressing data gaps")
    country = CountryFactory(code="ID")
    institution = InstitutionFactory(
        slug="atmi", name="Polytechnic ATMI Surakarta", country=country
    )
    practice = PracticeFactory(
        slug="greening-communities",
        title="Greening communities",
        summary="Youth green the institution's processes.",
        description="Students think about the impact of their practices.",
        context="Many schools struggle to embed sustainability.",
        transferability="Depends on campus ownership.",
        target_groups="Young people",
        themes=[theme],
        challenges=[challenge],
        countries=[country],
        institutions=[institution],
        source_section="The Marketplace — Awareness of sustainability",
    )
    related = PracticeFactory(slug="related", title="Related one", themes=[theme])
    return {
        "theme": theme,
        "challenge": challenge,
        "country": country,
        "institution": institution,
        "practice": practice,
        "related": related,
    }


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/",
            [
                "Innovation practices",
                "Greening and climate change",
                "Addressing data gaps",
                "Greening communities",
            ],
        ),
        ("/practices/", ["2 practices", "Greening communities", "Related one"]),
        (
            "/practices/greening-communities/",
            [
                "Greening communities",
                "Youth green the institution",
                "Students think about",
                "Many schools struggle",
                "Depends on campus ownership",
                "Young people",
                "Polytechnic ATMI Surakarta",
                "Indonesia",
                "Asia and the Pacific",
                "Greening and climate change",
                "Addressing data gaps",
                "The Marketplace — Awareness of sustainability",
                "Related one",
            ],
        ),
        ("/themes/", ["Greening and climate change", "2 practices"]),
        (
            "/themes/greening/",
            ["Greening and climate change", "Greening communities", "Related one"],
        ),
        ("/challenges/", ["Addressing data gaps", "1 practice"]),
        ("/challenges/data-gaps/", ["Addressing data gaps", "Greening communities"]),
        ("/countries/", ["Asia and the Pacific", "Indonesia"]),
        (
            "/countries/ID/",
            ["Indonesia", "Greening communities", "Polytechnic ATMI Surakarta"],
        ),
        ("/institutions/", ["Polytechnic ATMI Surakarta", "TVET institution"]),
        (
            "/institutions/atmi/",
            ["Polytechnic ATMI Surakarta", "Indonesia", "Greening communities", "Lead"],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
@pytest.mark.usefixtures("world")
def test_every_public_page_renders_its_content(client, url, expected):
    html = page(client, url)
    for text in expected:
        assert text in html, text


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/practices/",
        "/practices/greening-communities/",
        "/themes/",
        "/themes/greening/",
        "/challenges/",
        "/challenges/data-gaps/",
        "/countries/",
        "/countries/ID/",
        "/institutions/",
        "/institutions/atmi/",
        "/about/",
        "/regions/asia-pacific/",
    ],
)
def test_every_page_has_title_description_breadcrumbs_search_and_landmarks(client, url):
    html = page(client, url)
    assert re.search(r"<title>[^<]+ · tvetkb</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert '<html lang="en">' in html
    assert 'name="q"' in html
    assert html.count("<h1") == 1
    assert "<main" in html and 'class="skip-link"' in html
    if url != "/":
        assert 'aria-label="Breadcrumb"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/practices/missing/",
        "/themes/missing/",
        "/challenges/missing/",
        "/countries/ZZ/",
        "/institutions/missing/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_answer_404_with_a_helpful_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("status", [Practice.Status.DRAFT, Practice.Status.IN_REVIEW])
def test_an_unpublished_practice_is_on_no_public_page_and_in_no_count(
    client, world, status
):
    secret = PracticeFactory(
        slug="secret-plan",
        title="Secretplan",
        status=status,
        themes=[world["theme"]],
        challenges=[world["challenge"]],
        countries=[CountryFactory(code="NO")],
        institutions=[
            world["institution"],
            InstitutionFactory(slug="hidden-inst", country=None),
        ],
    )
    assert client.get(secret.get_absolute_url()).status_code == 404
    urls = [
        "/",
        "/practices/",
        "/practices/?q=secretplan",
        "/practices/?theme=greening",
        "/practices/greening-communities/",
        "/practices/related/",
        "/themes/",
        "/themes/greening/",
        "/challenges/",
        "/challenges/data-gaps/",
        "/countries/",
        "/countries/ID/",
        "/institutions/",
        "/institutions/atmi/",
        "/institutions/hidden-inst/",
    ]
    for url in urls:
        html = page(client, url)
        assert "Secretplan" not in html and "secret-plan" not in html, url
    # A country whose only practice is unpublished has no page yet.
    assert client.get("/countries/NO/").status_code == 404
    # Counts: two published practices in the theme, one in the challenge.
    assert "2 practices" in page(client, "/themes/greening/")
    assert "1 practice<" in page(client, "/challenges/data-gaps/")
    assert "0 practices" in page(client, "/practices/?q=secretplan")
    assert "Norway" not in page(client, "/countries/")  # only the draft is there
    assert "<strong>2</strong> practices" in page(client, "/")


def test_pagination_keeps_filters_and_tolerates_bad_page_numbers(client):
    theme = ThemeFactory(slug="digital")
    for n in range(45):
        PracticeFactory(title=f"Practice {n:02}", themes=[theme])
    PracticeFactory(title="Off theme")

    html = page(client, "/practices/?theme=digital&sort=title")
    assert "45 practices" in html
    assert "Page 1 of 3" in html
    assert 'href="?theme=digital&amp;sort=title&amp;page=2"' in html

    assert "Page 3 of 3" in page(client, "/practices/?theme=digital&page=99")
    assert "Page 1 of 3" in page(client, "/practices/?theme=digital&page=abc")


def test_active_filters_can_be_removed_one_by_one(client, world):
    html = page(client, "/practices/?theme=greening&country=ID&q=greening")
    assert 'aria-label="Remove Theme: Greening and climate change"' in html
    assert 'href="/practices/?q=greening&amp;country=ID"' in html


def test_an_empty_result_says_what_to_do(client, world):
    html = page(client, "/practices/?q=zzzyzx")
    assert "No practices match" in html
    assert "Check the spelling" in html


def test_country_codes_in_lower_case_redirect(client, world):
    response = client.get("/countries/id/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/ID/"


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow_catalogue(n, theme, challenge, institutions, countries):
    for i in range(n):
        PracticeFactory(
            themes=[theme],
            challenges=[challenge],
            countries=countries[i % 2 :],
            institutions=institutions[i % 3 : i % 3 + 2],
        )


def test_list_and_detail_pages_run_a_constant_number_of_queries(client, world):
    theme, challenge = world["theme"], world["challenge"]
    institutions = [InstitutionFactory() for _ in range(5)]
    countries = [world["country"], CountryFactory(code="BR")]
    _grow_catalogue(
        10 - Practice.objects.count(), theme, challenge, institutions, countries
    )
    urls = [
        "/",
        "/practices/",
        "/practices/?q=practice&theme=greening&country=ID",
        "/practices/greening-communities/",
        "/themes/greening/",
        "/challenges/data-gaps/",
        "/countries/",
        "/countries/ID/",
        "/institutions/",
        "/institutions/atmi/",
        "/about/",
        "/regions/asia-pacific/",
        "/regions/latin-america-caribbean/",
    ]
    for url in urls:  # what is cached for every request (search synonyms)
        client.get(url)
    with_10 = {url: _count_queries(client, url) for url in urls}

    _grow_catalogue(190, theme, challenge, institutions, countries)
    assert Practice.objects.count() == 200
    with_200 = {url: _count_queries(client, url) for url in urls}

    assert with_200 == with_10


def test_a_practice_page_runs_four_queries(client, world, django_assert_num_queries):
    """The practice, its links, its related practices chosen, ranked and read,
    and their cards' names."""
    theme, challenge = world["theme"], world["challenge"]
    institutions = [InstitutionFactory() for _ in range(3)]
    _grow_catalogue(8, theme, challenge, institutions, [world["country"]])
    client.get("/practices/greening-communities/")
    with django_assert_num_queries(4):
        response = client.get("/practices/greening-communities/")
    assert 'id="related-title"' in response.content.decode()


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_country_counts_are_not_multiplied_by_institutions(client):
    germany = CountryFactory(code="DE")
    InstitutionFactory(country=germany)
    InstitutionFactory(country=germany)
    PracticeFactory(countries=[germany])

    html = page(client, "/countries/")
    assert "1 practice<" in html


def test_lists_keep_their_order_with_counts(client):
    for position, slug in [(2, "second"), (1, "first"), (3, "third")]:
        ChallengeFactory(slug=slug, name=f"Challenge {slug}", position=position)
    for name in ["Zeta", "Alpha", "Mu"]:
        ThemeFactory(name=name, slug=name.lower())
    for code in ["ZA", "AR", "KE"]:
        PracticeFactory(countries=[CountryFactory(code=code)])

    def order(url, names):
        html = page(client, url)
        return sorted(names, key=html.index)

    challenges = ["Challenge first", "Challenge second", "Challenge third"]
    assert order("/challenges/", challenges) == challenges
    assert order("/", challenges) == challenges
    assert order("/themes/", ["Mu", "Zeta", "Alpha"]) == ["Alpha", "Mu", "Zeta"]
    assert order("/countries/", ["South Africa", "Kenya"]) == ["Kenya", "South Africa"]


def test_the_detail_page_shows_evidence_with_its_definition_and_last_verified(client):
    import datetime

    PracticeFactory(
        slug="checked",
        evidence_level=Practice.Evidence.EVALUATED,
        last_verified=datetime.date(2026, 3, 5),
    )
    PracticeFactory(slug="unchecked", last_verified=None)

    html = page(client, "/practices/checked/")
    assert "Evaluated" in html
    assert Practice.EVIDENCE_DEFINITIONS["evaluated"] in html
    assert '<time datetime="2026-03-05">5 March 2026</time>' in html
    assert "Not yet verified" in page(client, "/practices/unchecked/")


def test_the_list_explains_the_evidence_levels(client):
    PracticeFactory()
    html = page(client, "/practices/")
    for definition in Practice.EVIDENCE_DEFINITIONS.values():
        assert definition in html


@pytest.mark.parametrize(
    "url",
    [
        "/practices/",
        "/institutions/",
        "/practices/submit/",
        "/",
        "/practices/greening-communities/",
    ],
)
def test_every_form_control_has_a_label(client, world, url):
    from html.parser import HTMLParser

    class Controls(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.labels, self.wrapped = [], set(), 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "label":
                if attrs.get("for"):
                    self.labels.add(attrs["for"])
                else:
                    self.wrapped += 1
            if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
                "hidden",
                "submit",
            }:
                self.ids.append(attrs.get("id") or "")

    parser = Controls()
    parser.feed(page(client, url))
    unlabelled = [i for i in parser.ids if i not in parser.labels]
    assert len(unlabelled) <= parser.wrapped, unlabelled


def test_names_from_the_database_are_escaped_in_cards_and_facets(client):
    """Curators' text is not trusted either: a name with markup shows as text
    in the practice cards and in the facet checkboxes."""
    name = '<b onclick="x()">Bold</b> & Co'
    theme = ThemeFactory(name=name)
    practice = PracticeFactory(themes=[theme])
    practice.involvements.create(institution=InstitutionFactory(name=name))
    html = client.get("/practices/").content.decode()
    escaped = "&lt;b onclick=&quot;x()&quot;&gt;Bold&lt;/b&gt; &amp; Co"
    assert "<b onclick" not in html
    assert html.count(escaped) >= 4  # card institutions and themes, two facets
