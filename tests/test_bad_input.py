"""Malformed or hostile input never makes a public address fail: it is ignored or
answered with a 4xx, the page says what it did not understand, and whatever is
echoed back is escaped. Runs on SQLite and on PostgreSQL."""

import pytest

from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.hostile_input import SEARCH_OPERATORS
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

NOT_UNDERSTOOD = "were not understood"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module", autouse=True)
def kb(django_db_setup, django_db_blocker):
    """A small knowledge base, made once for the module in a transaction that is
    rolled back after its last test; each test runs in a savepoint inside it.
    Germany (DE) is deliberately not in it."""
    with shared_data(django_db_blocker):
        yield make_kb()


def make_kb():
    theme = ThemeFactory(name="Greening", slug="greening")
    other_theme = ThemeFactory(name="Migration", slug="migration")
    challenge = ChallengeFactory(name="Data gaps", slug="data-gaps")
    finland = CountryFactory(code="FI")
    institution = InstitutionFactory(
        name="Polytechnic", slug="polytechnic", country=finland
    )
    greening = PracticeFactory(
        title="Solar workshop",
        slug="solar-workshop",
        themes=[theme],
        challenges=[challenge],
        countries=[finland],
        institutions=[institution],
    )
    migration = PracticeFactory(
        title="Welcome classes",
        slug="welcome-classes",
        themes=[other_theme],
        countries=[finland],
        institutions=[institution],
    )
    return {"greening": greening, "migration": migration}


def assert_nothing_injected(response):
    """None of the markup this module sends comes back unescaped."""
    html = response.content.decode().lower()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


def fetch(client, path, query):
    """GET `path` with `query`: a dict of parameters, or a raw, already
    percent-encoded query string (for bytes a dict could not carry)."""
    if isinstance(query, str):
        return client.get(f"{path}?{query}")
    return client.get(path, query)


LIST_PAGES = ["/practices/", "/practices/map/", "/institutions/"]
DETAIL_PAGES = ["/themes/greening/", "/countries/FI/", "/institutions/polytechnic/"]

# Sent to every page: the list pages and the detail pages (which read only `page`).
BAD_INPUT = [
    pytest.param({"page": "abc"}, id="page-abc"),
    pytest.param({"page": "-1"}, id="page-negative"),
    pytest.param({"page": "0"}, id="page-zero"),
    pytest.param({"page": "99999"}, id="page-past-the-end"),
    pytest.param({"page": "1e9"}, id="page-exponent"),
    pytest.param("page=%00", id="page-nul"),
    pytest.param({"country": "ZZ"}, id="country-unknown-code"),
    pytest.param({"country": "zz"}, id="country-unknown-lowercase"),
    pytest.param({"country": XSS}, id="country-script"),
    pytest.param({"country": "DE"}, id="country-not-in-database"),
    pytest.param({"theme": "does-not-exist"}, id="theme-unknown"),
    pytest.param({"region": "mars"}, id="region-unknown"),
    pytest.param({"sort": "bogus"}, id="sort-unknown"),
    pytest.param({"institution": "../../etc"}, id="institution-path"),
    pytest.param({"q": "x" * 10_000}, id="q-10000-chars"),
    *[
        pytest.param({"q": text}, id=f"q-operators-{i}")
        for i, text in enumerate(SEARCH_OPERATORS)
    ],
    pytest.param("q=%00", id="q-nul"),
    pytest.param("q=%FF%FE", id="q-invalid-utf8"),
    pytest.param({"q": "🎓 solar 🌞"}, id="q-emoji"),
    pytest.param({"q": XSS}, id="q-script"),
    pytest.param({"theme": ["greening", "greening"]}, id="theme-repeated"),
    pytest.param({"theme": [f"theme-{i}" for i in range(200)]}, id="theme-200-values"),
    pytest.param({"utm_source": "x", "foo[]": "bar", "": "empty"}, id="unknown-params"),
]

# More of the same, sent to the list pages only (the pages that read them).
MORE_BAD_INPUT = [
    pytest.param({"page": "9" * 400}, id="page-huge-number"),
    pytest.param("page=%FF%FE", id="page-invalid-utf8"),
    pytest.param({"page": ["1", "2"]}, id="page-repeated"),
    pytest.param({"country": "fi"}, id="country-lowercase-known"),
    pytest.param({"country": "x" * 5000}, id="country-long"),
    pytest.param("country=%00", id="country-nul"),
    pytest.param("theme=%00", id="theme-nul"),
    pytest.param("theme=%FF%FE", id="theme-invalid-utf8"),
    pytest.param({"theme": ["greening"] * 200}, id="theme-200-repeats"),
    pytest.param("region=%00", id="region-nul"),
    pytest.param({"challenge": "nope"}, id="challenge-unknown"),
    pytest.param("challenge=%00", id="challenge-nul"),
    pytest.param("sort=%00", id="sort-nul"),
    pytest.param("year=%00", id="year-nul"),
    pytest.param(
        {"year": ["19", "99999", "abcd", "\uff12\uff10\uff11\uff19"]},
        id="year-not-a-year",
    ),
    pytest.param("institution=%00", id="institution-nul"),
    pytest.param({"kind": "bogus"}, id="kind-unknown"),
    pytest.param("kind=%00", id="kind-nul"),
    pytest.param({"q": "<->"}, id="q-operators-followed-by"),
    pytest.param({"q": "a & (b | !c)"}, id="q-operators-nested"),
    pytest.param("q=a%00b", id="q-nul-inside"),
    pytest.param("q=%C0%AF", id="q-overlong-utf8"),
    pytest.param({"q": "\u202e\u200b\ufeff"}, id="q-invisible-characters"),
    pytest.param({"q": '"><img src=x onerror=alert(1)>'}, id="q-attribute-breakout"),
    pytest.param({"q": ["solar", "workshop"]}, id="q-repeated"),
    pytest.param("%00=1&%FF=2", id="param-names-not-text"),
    pytest.param("&&&=&==", id="query-only-separators"),
]


@pytest.mark.parametrize("path", LIST_PAGES + DETAIL_PAGES)
@pytest.mark.parametrize("query", BAD_INPUT)
def test_page_answers_bad_input_without_error(client, kb, path, query):
    response = fetch(client, path, query)

    assert response.status_code < 500
    assert response.status_code == 200
    assert_nothing_injected(response)


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("query", MORE_BAD_INPUT)
def test_list_page_answers_more_bad_input_without_error(client, kb, path, query):
    response = fetch(client, path, query)

    assert response.status_code < 500
    assert response.status_code == 200
    assert_nothing_injected(response)


# --- what was not understood is said --------------------------------------------


@pytest.mark.parametrize(
    ("query", "label"),
    [
        pytest.param({"theme": "does-not-exist"}, "Theme", id="theme-unknown"),
        pytest.param(
            {"theme": [f"theme-{i}" for i in range(200)]}, "Theme", id="theme-200"
        ),
        pytest.param("theme=%00", "Theme", id="theme-nul"),
        pytest.param({"country": "ZZ"}, "Country", id="country-unknown"),
        pytest.param({"country": "zz"}, "Country", id="country-unknown-lowercase"),
        pytest.param({"country": "DE"}, "Country", id="country-not-in-database"),
        pytest.param({"country": XSS}, "Country", id="country-script"),
        pytest.param({"region": "mars"}, "Region", id="region-unknown"),
        pytest.param({"challenge": "nope"}, "Challenge", id="challenge-unknown"),
        pytest.param(
            {"institution": "../../etc"}, "Institution", id="institution-path"
        ),
        pytest.param({"sort": "bogus"}, "Sort by", id="sort-unknown"),
    ],
)
def test_practice_list_says_which_filter_was_not_understood(client, kb, query, label):
    response = fetch(client, "/practices/", query)

    html = response.content.decode()
    assert response.status_code == 200
    assert NOT_UNDERSTOOD in html
    assert f"<li>{label}:" in html


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"page": "abc"}, id="page-abc"),
        pytest.param({"utm_source": "x", "foo": "bar"}, id="unknown-params"),
        pytest.param({"theme": ["greening", "greening"]}, id="theme-repeated"),
        pytest.param({"country": "fi"}, id="country-lowercase"),
        pytest.param({"q": "a:* & !!"}, id="q-operators"),
    ],
)
def test_practice_list_has_no_notice_for_understood_input(client, kb, query):
    response = fetch(client, "/practices/", query)

    assert response.status_code == 200
    assert NOT_UNDERSTOOD not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "label"),
    [
        pytest.param({"country": "ZZ"}, "Country", id="country-unknown"),
        pytest.param({"country": "DE"}, "Country", id="country-without-institutions"),
        pytest.param({"kind": "bogus"}, "Kind", id="kind-unknown"),
    ],
)
def test_institution_list_says_which_filter_was_not_understood(
    client, kb, query, label
):
    response = fetch(client, "/institutions/", query)

    html = response.content.decode()
    assert response.status_code == 200
    assert NOT_UNDERSTOOD in html
    assert f"<li>{label}:" in html


def test_unknown_filter_is_ignored_and_the_others_still_apply(client, kb):
    response = client.get("/practices/", {"theme": "greening", "country": "ZZ"})

    assert list(response.context["page_obj"].object_list) == [kb["greening"]]
    assert NOT_UNDERSTOOD in response.content.decode()


def test_unknown_value_among_known_ones_is_reported(client, kb):
    response = client.get("/practices/", {"theme": ["greening", "does-not-exist"]})

    assert response.status_code == 200
    assert NOT_UNDERSTOOD in response.content.decode()


def test_repeated_value_counts_once(client, kb):
    response = client.get("/practices/", {"theme": ["greening"] * 200})

    assert list(response.context["page_obj"].object_list) == [kb["greening"]]


def test_lowercase_country_code_is_understood(client, kb):
    response = client.get("/practices/", {"country": "fi"})

    assert response.context["paginator"].count == 2


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a " * 100, id="one-word-100-times"),
        pytest.param(" ".join(f"w{i}" for i in range(66)), id="66-distinct-words"),
        pytest.param(" ".join(f"-w{i}" for i in range(50)), id="50-excluded-words"),
        pytest.param('"a" ' * 50, id="50-phrases"),
    ],
)
def test_search_with_very_many_words_answers(client, text):
    # The SQLite fallback adds one condition per word: without a cap, ~90 words
    # overflowed SQLite's parser stack (a 500) after seconds of query building.
    response = client.get("/practices/", {"q": text})

    assert response.status_code == 200


def test_long_search_text_is_cut_not_refused(client, kb):
    response = client.get("/practices/", {"q": "solar " * 2000})

    assert response.status_code == 200
    assert len(response.context["search_text"]) <= 200


# --- page numbers -------------------------------------------------------------------


@pytest.fixture
def many_practices(db):
    theme = ThemeFactory(name="Greening", slug="greening")
    PracticeFactory.create_batch(25, themes=[theme])


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param("abc", 1, id="not-a-number"),
        pytest.param("1e9", 1, id="exponent"),
        pytest.param("2", 2, id="last"),
        pytest.param("99999", 2, id="past-the-end"),
    ],
)
@pytest.mark.parametrize("path", ["/practices/", "/themes/greening/"])
def test_page_number_out_of_range_gives_a_real_page(
    client, many_practices, path, page, expected
):
    response = client.get(path, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


# --- escaping ---------------------------------------------------------------------


@pytest.mark.parametrize("path", LIST_PAGES)
def test_search_text_is_escaped_when_echoed(client, kb, path):
    response = client.get(path, {"q": XSS})

    html = response.content.decode()
    assert "<script>alert(1)" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("path", LIST_PAGES)
def test_search_text_cannot_break_out_of_an_attribute(client, kb, path):
    response = client.get(path, {"q": '"><img src=x onerror=alert(1)>'})

    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("path", LIST_PAGES)
def test_rejected_country_is_escaped_when_echoed(client, kb, path):
    response = client.get(path, {"country": XSS})

    html = response.content.decode()
    assert NOT_UNDERSTOOD in html
    assert "<script>alert(1)" not in html.lower()


# --- unknown slugs and codes ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/practices/nope/",
        "/themes/nope/",
        "/challenges/nope/",
        "/institutions/nope/",
        "/countries/ZZ/",
        "/countries/zzz/",
        "/countries/%00%00/",
        "/countries/DE/",  # a real code, not in the knowledge base
        "/countries/%FF%FE/",
        "/countries/1A/",
        "/countries/%C3%84%C3%96/",  # two letters, not ASCII
        "/practices/%00/",
        "/practices/%FF%FE/",
        "/themes/..%2F..%2Fetc/",
        "/institutions/" + "a" * 500 + "/",
        "/practices/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_unknown_detail_page_is_not_found(client, kb, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert_nothing_injected(response)


def test_unknown_host_is_refused_with_a_client_error(client):
    response = client.get("/practices/", HTTP_HOST="evil.example")

    assert response.status_code == 400


def test_lowercase_country_code_redirects_permanently_to_uppercase(client):
    PracticeFactory(countries=[CountryFactory(code="DE")])

    response = client.get("/countries/de/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/countries/DE/?page=2"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("status", [Practice.Status.DRAFT, Practice.Status.IN_REVIEW])
def test_unpublished_practice_detail_is_not_found(client, status):
    practice = PracticeFactory(status=status, published_at=None)

    response = client.get(practice.get_absolute_url())

    assert response.status_code == 404
    assert practice.title.encode() not in response.content
