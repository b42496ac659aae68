"""Dates and counts written as a reader of the page's language writes them:
"29 novembre 2026" and "1 234" in French, "29 de noviembre de 2026" and
"1 234" in Spanish, Western digits in Arabic (Django's Arabic format, which
groups no digits); and the notes and `lang` attributes that say a shown text
is in English on another language's page, on theme and challenge pages and in
the challenge filter's tooltip."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from practices.listing.facets import FacetOption
from practices.templatetags.facet_options import _option
from tests.factories import ChallengeFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"

DATES = {
    "en": "29 November 2026",
    "fr": "29 novembre 2026",
    "es": "29 de noviembre de 2026",
    "ar": "29 نوفمبر، 2026",
}
COUNTS = {
    "en": "1,234 practices",
    "fr": f"1{NBSP}234 pratiques",
    "es": f"1{NBSP}234 prácticas",
    "ar": "1234 ممارسة",
}


@pytest.mark.parametrize("language", DATES)
def test_a_practice_page_writes_its_date_in_the_page_language(client, language):
    practice = PracticeFactory(last_verified=datetime.date(2026, 11, 29))
    prefix = "" if language == "en" else f"/{language}"
    html = client.get(f"{prefix}/practices/{practice.slug}/").content.decode()
    assert f'<time datetime="2026-11-29">{DATES[language]}</time>' in html


@pytest.mark.parametrize("language", COUNTS)
def test_counts_are_grouped_as_the_language_groups_them(language):
    template = Template(
        "{% load i18n numbers %}{% blocktranslate with number=n|grouped "
        "count counter=n %}{{ number }} practice{% plural %}{{ number }} "
        "practices{% endblocktranslate %}"
    )
    with translation.override(language):
        assert template.render(Context({"n": 1234})) == COUNTS[language]
        assert Template("{% load numbers %}{{ 12|grouped }}").render(Context()) == "12"


@pytest.mark.parametrize("language", COUNTS)
@pytest.mark.parametrize("n", [0, 7, 999, -999, "999", 1000])
def test_a_count_below_a_thousand_is_written_as_number_format_writes_it(language, n):
    rendered = Template("{% load numbers %}{{ n|grouped }}")
    with translation.override(language):
        assert rendered.render(Context({"n": n})) == number_format(
            int(n), force_grouping=True
        )


@pytest.mark.parametrize(
    "language, shown",
    [("en", "1,234"), ("fr", f"1{NBSP}234"), ("es", f"1{NBSP}234"), ("ar", "1234")],
)
def test_facet_counts_are_grouped_too(language, shown):
    option = FacetOption("greening", "Greening", 1234, False, "")
    with translation.override(language):
        assert f'<span class="count">({shown})</span>' in _option(
            "theme", 1, option, language
        )


def test_a_list_page_in_french_shows_its_count(client):
    PracticeFactory.create_batch(2)
    html = client.get("/fr/practices/").content.decode()
    assert re.search(r"2 pratiques\s*</h2>", html)


# Texts shown in English on another language's page


def test_a_theme_page_says_its_description_is_shown_in_english(client):
    theme = ThemeFactory(
        slug="greening", name="Greening", name_fr="Verdissement", description="Green."
    )
    html = client.get(f"/fr/themes/{theme.slug}/").content.decode()
    assert 'class="translation-note"' in html
    assert "ne sont pas encore traduits" in html  # the description
    assert "Traduit de l" in html  # the name
    assert '<p class="lead" lang="en" dir="auto">Green.</p>' in html
    english = client.get(f"/themes/{theme.slug}/").content.decode()
    assert 'class="translation-note"' not in english


def test_a_challenge_page_says_its_summary_is_translated(client):
    challenge = ChallengeFactory(
        slug="data-gaps",
        name="Data gaps",
        name_fr="Lacunes de données",
        summary="Few data.",
        summary_fr="Peu de données.",
    )
    html = client.get(f"/fr/challenges/{challenge.slug}/").content.decode()
    assert "Traduit de l" in html
    assert "ne sont pas encore traduits" not in html


def test_a_fully_translated_theme_page_says_it_is_a_translation(client):
    theme = ThemeFactory(
        slug="digital",
        name="Digital",
        name_es="Digital (es)",
        description="Digital.",
        description_es="Digital (descripción).",
    )
    html = client.get(f"/es/themes/{theme.slug}/").content.decode()
    assert 'class="translation-note"' in html
    assert (
        'lang="en"' not in html.split('class="translation-note"')[0].split("<main")[-1]
    )


@pytest.mark.parametrize(
    "query",
    # Filtered, the list counts; unfiltered, it reads the kept counts.
    ["?challenge=data-gaps", ""],
)
def test_the_challenge_tooltip_says_it_is_in_english(client, query):
    challenge = ChallengeFactory(
        slug="data-gaps",
        name="Addressing data gaps",
        short_name="Data gaps",
        short_name_fr="Données manquantes",
    )
    PracticeFactory(challenges=[challenge])
    html = client.get(f"/fr/practices/{query}").content.decode()
    label = re.search(r'<label for="f-challenge-\d+"[^>]*>.*?</label>', html)[0]
    assert 'lang="en" title="Addressing data gaps"' in label
    assert '<span lang="fr" dir="auto">Données manquantes</span>' in label
    about = re.search(r'<span id="f-challenge-\d+-about"[^>]*>', html)[0]
    assert 'lang="en"' in about

    english = client.get(f"/practices/{query}").content.decode()
    label = re.search(r'<label for="f-challenge-\d+"[^>]*>', english)[0]
    assert "lang=" not in label


def test_a_translated_challenge_tooltip_has_no_lang(client):
    challenge = ChallengeFactory(
        slug="data-gaps",
        name="Addressing data gaps",
        name_fr="Combler les lacunes de données",
        short_name="Data gaps",
    )
    PracticeFactory(challenges=[challenge])
    html = client.get("/fr/practices/").content.decode()
    label = re.search(r'<label for="f-challenge-\d+"[^>]*>.*?</label>', html)[0]
    assert 'title="Combler les lacunes de données"' in label
    assert "lang=" not in label
    # No French short name: the label is the French full name.
    assert ">Combler les lacunes de données <span" in label
