"""The language is in the address: English at today's addresses, French,
Spanish and Arabic under /fr/, /es/, /ar/; a switcher on every page keeps the
page, its filters and its page number; nobody is redirected."""

import re

import pytest
from django.core.cache import cache

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar"]


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    found = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\2"', nav)
    return {code: address for address, code in found}


def alternates(html):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
    )


@pytest.mark.parametrize(
    ("address", "language", "direction"),
    [
        ("/practices/", "en", None),
        ("/fr/practices/", "fr", None),
        ("/es/practices/", "es", None),
        ("/ar/practices/", "ar", "rtl"),
    ],
)
def test_the_address_sets_the_pages_language_and_direction(
    client, address, language, direction
):
    html = client.get(address).content.decode()
    expected = f'<html lang="{language}"'
    expected += f' dir="{direction}">' if direction else ">"
    assert expected in html


def test_english_stays_at_its_address_whatever_the_browser_prefers(client):
    response = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_machine_readable_addresses_are_not_prefixed(client):
    for address in (
        "/api/",
        "/practices.csv",
        "/practices.atom",
        "/sitemap.xml",
        "/sitemap-practices.xml",
        "/robots.txt",
        "/healthz",
    ):
        assert client.get(address).status_code == 200, address
    for address in (
        "/fr/api/",
        "/fr/practices.csv",
        "/fr/sitemap.xml",
        "/fr/sitemap-practices.xml",
    ):
        assert client.get(address).status_code == 404, address


def test_the_switcher_keeps_the_page_its_filters_and_its_page_number(client):
    PracticeFactory.create_batch(2)
    html = client.get("/es/practices/?q=skills&sort=title&page=1").content.decode()
    links = switcher_links(html)
    assert links == {
        "en": "/practices/?q=skills&amp;sort=title&amp;page=1",
        "fr": "/fr/practices/?q=skills&amp;sort=title&amp;page=1",
        "ar": "/ar/practices/?q=skills&amp;sort=title&amp;page=1",
    }
    assert '<span aria-current="true" lang="es">Español</span>' in html
    assert 'lang="ar" hreflang="ar" dir="rtl">العربية</a>' in html


def test_the_switcher_on_a_practice_page_leads_to_the_same_practice(client):
    practice = PracticeFactory()
    html = client.get(f"/practices/{practice.slug}/").content.decode()
    assert switcher_links(html)["fr"] == f"/fr/practices/{practice.slug}/"


def test_alternates_name_every_language_and_are_reciprocal(client):
    practice = PracticeFactory()
    seen = {}
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        response = client.get(f"{prefix}/practices/{practice.slug}/?page=2")
        seen[language] = alternates(response.content.decode())
    expected = {
        language: f"http://testserver{'' if language == 'en' else '/' + language}"
        f"/practices/{practice.slug}/"
        for language in LANGUAGES
    }
    expected["x-default"] = expected["en"]
    for language in LANGUAGES:
        assert seen[language] == expected, language


def test_a_browser_preferring_another_language_is_offered_it(client):
    response = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    html = response.content.decode()
    offer = re.search(r'<p class="language-offer.*?</p>', html, re.S).group(0)
    assert 'lang="ar" dir="rtl"' in offer
    assert 'href="/ar/practices/"' in offer
    assert "العربية" in offer


@pytest.mark.parametrize(
    "accept_language", ["", "en-GB,en;q=0.8", "de-DE,de;q=0.9", "*"]
)
def test_no_offer_when_the_browser_prefers_english_or_none_of_ours(
    client, accept_language
):
    html = client.get("/practices/", HTTP_ACCEPT_LANGUAGE=accept_language).content
    assert b"language-offer" not in html


def test_no_offer_on_a_page_already_in_another_language(client):
    html = client.get("/fr/practices/", HTTP_ACCEPT_LANGUAGE="es").content
    assert b"language-offer" not in html


def test_the_nav_marks_the_current_section_in_every_language(client):
    html = client.get("/fr/themes/").content.decode()
    assert re.search(r'href="/fr/themes/" aria-current="page"', html)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_the_page_cache_never_serves_one_languages_page_at_anothers_address(
    client, page_cache
):
    PracticeFactory()
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        first = client.get(f"{prefix}/practices/")
        assert first["X-Page-Cache"] == "miss", language
        assert f'<html lang="{language}"'.encode() in first.content
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        again = client.get(f"{prefix}/practices/")
        assert again["X-Page-Cache"] == "hit", language
        assert f'<html lang="{language}"'.encode() in again.content


def test_the_page_cache_keeps_one_visitors_offer_from_another(client, page_cache):
    offered = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="fr")
    assert b"language-offer" in offered.content
    plain = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"language-offer" not in plain.content
    # Browsers asking for the same language share one stored page.
    again = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert again["X-Page-Cache"] == "hit"
    assert b"language-offer" in again.content


def test_country_names_are_localized_and_sorted_for_the_reader(client):
    from tests.factories import CountryFactory

    for code in ("IS", "US", "ES"):
        PracticeFactory(countries=[CountryFactory(code=code)])
    html = client.get("/fr/countries/").content.decode()
    # États-Unis among the E's, not after Islande.
    assert html.index("Espagne") < html.index("États-Unis") < html.index("Islande")
    assert "Spain" not in html
    cards = client.get("/es/practices/").content.decode()
    assert "Estados Unidos" in cards
    assert "Islandia" in cards


def test_region_names_are_translated(client):
    from tests.factories import CountryFactory

    PracticeFactory(countries=[CountryFactory(code="JO")])
    assert "الدول العربية" in client.get("/ar/countries/").content.decode()
    assert "États arabes" in client.get("/fr/practices/").content.decode()
