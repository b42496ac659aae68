"""The open data in the site's languages: `?lang=fr` (es, ar, en) gives the
API's, the CSV's and the Atom feed's texts in that language, each in English
where not translated yet, and says which language each text is in; the
field names and addresses stay; without it nothing changes. The sitemap
lists every page in every language, with its alternates."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practices.open_data.exports import COLUMNS, LANGUAGE_COLUMNS
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.open_data.sitemap_pages import sitemap_entries
from tests.open_data.test_open_data import csv_rows

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

HOSTILE_VALUES = [
    "xx",
    "fr-FR",
    "french",
    "f" * 5000,
    "%00",
    "%FF%FE",
    "fr%00",
    "<script>",
    "fr&lang=es",
]


@pytest.fixture
def solar():
    finland = CountryFactory(code="FI")
    return PracticeFactory(
        slug="solar",
        title="Solar apprentices",
        title_fr="Apprentis du solaire",
        summary="Apprentices install solar panels.",
        themes=[
            ThemeFactory(slug="greening", name="Greening", name_fr="Verdissement"),
            ThemeFactory(slug="digital", name="Digital"),
        ],
        challenges=[ChallengeFactory(slug="data-gaps", name="Data gaps")],
        countries=[finland],
        institutions=[
            InstitutionFactory(
                slug="omnia", name="Omnia", name_fr="Omnia (FR)", country=finland
            )
        ],
    )


def json_ok(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


# The API


def test_the_api_gives_texts_in_the_language_asked_for(client, solar):
    item = json_ok(client, "/api/practices/?lang=fr")["results"][0]
    assert item["title"] == "Apprentis du solaire"
    assert item["summary"] == "Apprentices install solar panels."
    assert item["languages"]["title"] == "fr"
    assert item["languages"]["summary"] == "en", "not translated: the English"
    assert item["url"] == "http://testserver/fr/practices/solar/"
    themes = {theme["slug"]: theme for theme in item["themes"]}
    assert themes["greening"]["name"] == "Verdissement"
    assert themes["greening"]["languages"] == {"name": "fr"}
    assert themes["digital"]["name"] == "Digital"
    assert themes["digital"]["languages"] == {"name": "en"}
    (country,) = item["countries"]
    assert country["code"] == "FI"
    assert country["name"] == "Finlande"
    assert country["region_name"] == "Europe et Amérique du Nord"
    assert country["languages"] == {"name": "fr", "region_name": "fr"}
    (institution,) = item["institutions"]
    assert institution["name"] == "Omnia (FR)"
    assert institution["languages"] == {"name": "fr"}


def test_the_api_without_lang_answers_as_it_always_has(client, solar):
    plain = json_ok(client, "/api/practices/")
    assert plain == json_ok(client, "/api/practices/?lang=")
    item = plain["results"][0]
    assert "languages" not in item
    assert item["title"] == "Solar apprentices"
    assert item["url"] == "http://testserver/practices/solar/"
    assert "languages" not in item["themes"][0]
    assert item["countries"][0]["name"] == "Finland"


def test_english_asked_for_says_so(client, solar):
    item = json_ok(client, "/api/practices/solar/?lang=en")
    assert item["title"] == "Solar apprentices"
    assert set(item["languages"].values()) == {"en"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/themes/greening/?lang=fr",
        "/api/themes/?lang=fr",
        "/api/challenges/?lang=fr",
        "/api/countries/?lang=fr",
        "/api/institutions/?lang=fr",
    ],
)
def test_every_collection_takes_lang(client, solar, path):
    data = json_ok(client, path)
    for item in data.get("results", [data]):
        assert item["languages"]
        assert set(item["languages"].values()) <= {"fr", "en"}


def test_the_ranking_gives_its_reasons_in_the_language_asked_for(client, solar):
    data = json_ok(client, "/api/practices/for-context/?country=FI&lang=fr")
    (item,) = data["results"]
    assert item["title"] == "Apprentis du solaire"
    assert item["languages"]["reasons"] == "fr"
    english = json_ok(client, "/api/practices/for-context/?country=FI")
    assert item["reasons"] != english["results"][0]["reasons"]
    assert "languages" not in english["results"][0]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(
    "path",
    ["/api/practices/", "/api/practices/solar/", "/api/practices/for-context/"],
)
def test_an_unknown_language_is_a_400_naming_the_languages(client, solar, path, value):
    response = client.get(f"{path}?lang={value}&country=FI")
    assert response.status_code == 400, response.content
    (message,) = response.json()["lang"]
    assert "en, fr, es, ar" in message


def test_lang_is_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/practices/"]["get"]["parameters"]
    (lang,) = [p for p in parameters if p["name"] == "lang"]
    assert set(lang["schema"]["enum"]) == {"en", "fr", "es", "ar"}
    practice = schema["components"]["schemas"]["Practice"]
    assert "languages" in practice["properties"]
    assert "languages" not in practice.get("required", [])


def test_the_api_documentation_page_shows_lang(client):
    html = client.get("/fr/api/docs/").content.decode()
    assert "lang" in html and "languages" in html


# The CSV


def test_the_csv_in_french_says_the_language_of_each_text(client, solar):
    rows = csv_rows(client.get("/practices.csv?lang=fr"))
    assert rows[0] == COLUMNS + LANGUAGE_COLUMNS
    # Consumers read the language columns by name, in this order.
    assert rows[0][len(COLUMNS) :] == [
        f"{name}_language"
        for name in [
            "title",
            "summary",
            "description",
            "context",
            "transferability",
            "target_groups",
            "themes",
            "challenges",
            "institutions",
        ]
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == "Apprentis du solaire"
    assert row["title_language"] == "fr"
    assert row["summary"] == "Apprentices install solar panels."
    assert row["summary_language"] == "en"
    # In the order of the English export, each name in its language.
    assert row["themes"] == "Digital; Verdissement"
    assert row["themes_language"] == "en; fr"
    assert row["challenges_language"] == "en"
    assert row["institutions"].startswith("Omnia (FR) (")
    assert row["institutions_language"] == "fr"
    assert row["countries"] == "Finlande"
    assert row["regions"] == "Europe et Amérique du Nord"
    assert row["url"] == "http://testserver/fr/practices/solar/"


def test_the_csv_without_lang_keeps_its_columns(client, solar):
    rows = csv_rows(client.get("/practices.csv"))
    assert rows[0] == COLUMNS
    assert rows[1][1] == "Solar apprentices"
    assert rows == csv_rows(client.get("/practices.csv?lang="))


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_the_csv_refuses_an_unknown_language(client, solar, value):
    response = client.get(f"/practices.csv?lang={value}")
    assert response.status_code == 400
    assert "en, fr, es, ar" in response.content.decode()


def test_the_whole_base_is_kept_per_language(settings, tmp_path, solar):
    settings.PAGE_CACHE_SECONDS = 600
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
    bodies = {}
    for query in ["", "?lang=fr", "?lang=es", "?lang=en", ""]:
        for _twice in range(2):  # read from the database, then from the file
            response = Client().get(f"/practices.csv{query}")
            assert response.status_code == 200
            body = b"".join(response.streaming_content)
            assert bodies.setdefault(query, body) == body
    assert len(set(bodies.values())) == 4
    assert "Apprentis du solaire" in bodies["?lang=fr"].decode()
    assert "Apprentis du solaire" not in bodies[""].decode()
    assert len(list(settings.EXPORT_CACHE_DIR.glob("practices-*.csv"))) == 4


# The Atom feed


def test_the_feed_in_french_marks_the_language_of_each_entry(client, solar):
    PracticeFactory(slug="english-only", title="Mentoring", summary="Mentors.")
    response = client.get("/practices.atom?lang=fr")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.get(XML_LANG) == "fr"
    assert root.findtext(f"{ATOM}title") == "tvetkb : pratiques nouvellement publiées"
    entries = {
        entry.findtext(f"{ATOM}title"): entry for entry in root.findall(f"{ATOM}entry")
    }
    solar_entry = entries["Apprentis du solaire"]
    assert solar_entry.get(XML_LANG) == "fr"
    assert solar_entry.find(f"{ATOM}summary").get(XML_LANG) == "en"
    assert solar_entry.find(f"{ATOM}link").get("href").endswith("/fr/practices/solar/")
    mentoring = entries["Mentoring"]
    assert mentoring.get(XML_LANG) == "en"
    assert mentoring.find(f"{ATOM}summary").get(XML_LANG) is None, "as its entry"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link.endswith("/practices.atom?lang=fr")


def test_the_feed_without_lang_is_unchanged(client, solar):
    body = client.get("/practices.atom").content
    assert body == client.get("/practices.atom?lang=").content
    root = ET.fromstring(body)
    assert root.get(XML_LANG) == "en"
    assert root.findtext(f"{ATOM}title") == "tvetkb: newly published practices"
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.get(XML_LANG) is None
    assert entry.findtext(f"{ATOM}title") == "Solar apprentices"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_the_feed_refuses_an_unknown_language(client, solar, value):
    response = client.get(f"/practices.atom?lang={value}")
    assert response.status_code == 400
    assert "en, fr, es, ar" in response.content.decode()


# The page cache


def test_the_page_cache_keeps_each_language_apart(settings, solar):
    settings.PAGE_CACHE_SECONDS = 600
    for _twice in range(2):
        english = Client().get("/api/practices/solar/").json()
        french = Client().get("/api/practices/solar/?lang=fr").json()
        spanish = Client().get("/api/practices/solar/?utm=x&lang=es").json()
        assert english["title"] == "Solar apprentices"
        assert french["title"] == "Apprentis du solaire"
        assert spanish["languages"]["title"] == "en"
        feed = Client().get("/practices.atom?lang=fr").content.decode()
        assert "Apprentis du solaire" in feed


# The sitemap


def test_the_sitemap_lists_every_language_with_reciprocal_alternates(client, solar):
    alternates = {}
    for url in sitemap_entries(client):
        links = {
            link.get("hreflang"): link.get("href")
            for link in url.findall(f"{XHTML}link")
        }
        alternates[url.findtext(f"{SITEMAP}loc")] = links
    base = "http://testserver"
    solar_pages = {
        code: f"{base}{prefix}/practices/solar/"
        for code, prefix in [("en", ""), ("fr", "/fr"), ("es", "/es"), ("ar", "/ar")]
    }
    for address in solar_pages.values():
        assert alternates[address] == {**solar_pages, "x-default": solar_pages["en"]}
    assert f"{base}/fr/" in alternates
    assert alternates[f"{base}/themes/greening/"]["ar"] == f"{base}/ar/themes/greening/"
    # Every alternate lists the page back.
    for address, links in alternates.items():
        for other in links.values():
            assert address in alternates[other].values()


# As many queries in any language


def query_count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/practices/",
        "/api/practices/solar/",
        "/api/institutions/",
        "/practices.csv",
        "/practices.atom",
    ],
)
def test_a_language_costs_no_query(client, solar, path):
    PracticeFactory.create_batch(3, themes=solar.themes.all())
    separator = "&" if "?" in path else "?"
    english = query_count(client, path)
    for language in ["fr", "ar"]:
        assert query_count(client, f"{path}{separator}lang={language}") == english
