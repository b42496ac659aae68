"""Search on the French, Spanish and Arabic pages: each language's stemming
for the practices' translations, English for the texts not translated yet, on
both databases."""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from practices.listing import search
from practices.listing.facets import listing_counts
from practices.listing.filters import PracticeFilterSet
from practices.models import Practice
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.hostile_input import SEARCH_OPERATORS

pytestmark = pytest.mark.django_db


def titles(text, language):
    """The English titles of the practices `text` finds on a page in
    `language`, best first."""
    with translation.override(language):
        found = search.search(Practice.objects.published(), text)
        return [p.title_en for p in found.order_by("-rank", "title_en")]


@pytest.fixture
def trainers():
    return PracticeFactory(
        title="Training of trainers in digital learning",
        title_fr="Formation des formateurs en apprentissage numérique",
        summary="Teachers learn to teach online.",
        summary_fr="Les enseignants apprennent à enseigner en ligne.",
        title_es="Capacitación de docentes en aprendizaje digital",
        summary_es="Los docentes aprenden a enseñar en línea.",
        title_ar="تدريب المعلمين على التعلم الرقمي",
        summary_ar="يتعلم المعلمون التدريس عبر الإنترنت.",
    )


@pytest.fixture
def welding():
    """A practice in English only."""
    return PracticeFactory(
        title="Welding school", summary="Apprentices learn welding in shipyards."
    )


@pytest.mark.usefixtures("welding")
@pytest.mark.parametrize("text", ["formateur", "numériques", "formation numerique"])
def test_a_french_page_finds_a_translation_with_french_stemming(trainers, text):
    assert titles(text, "fr") == [trainers.title_en]


@pytest.mark.usefixtures("welding")
@pytest.mark.parametrize("text", ["docente", "capacitaciones", "Aprendizajes"])
def test_a_spanish_page_finds_a_translation_with_spanish_stemming(trainers, text):
    assert titles(text, "es") == [trainers.title_en]


@pytest.mark.usefixtures("welding")
# With and without the article, singular and plural.
@pytest.mark.parametrize("text", ["التدريب", "تدريب", "المعلم", "معلمين"])
def test_an_arabic_page_finds_a_translation_with_arabic_stemming(trainers, text):
    assert titles(text, "ar") == [trainers.title_en]


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_every_page_still_finds_english_only_practices_by_their_english_text(
    language, trainers, welding
):
    assert titles("welded shipyard", language) == [welding.title_en]
    assert titles("trainers", language) == [trainers.title_en]


@pytest.mark.usefixtures("trainers")
def test_an_english_page_searches_english_only():
    # French stems ("format", "numer") never find English texts or the
    # other way round on an English page.
    PracticeFactory(title="Open data formats")

    assert titles("formateurs", "en") == []
    assert titles("formats", "en") == ["Open data formats"]


def test_a_practice_written_in_french_is_found_with_french_stemming():
    # Submitted from a French page: its texts are in the original columns.
    practice = PracticeFactory(
        title="Ateliers mobiles de soudure",
        summary="Des formateurs itinérants.",
        original_language="fr",
    )

    assert titles("atelier mobile", "fr") == [practice.title_en]


def test_the_vocabulary_is_searched_in_the_pages_language():
    theme = ThemeFactory(name="Greening", name_fr="Écologisation")
    untranslated = ThemeFactory(name="Robotics")
    wetsus = InstitutionFactory(name="Water Institute", name_fr="Institut de l'eau")
    practice = PracticeFactory(
        title="Fish farm",
        themes=[theme, untranslated],
        countries=[CountryFactory(code="BR")],
        institutions=[wetsus],
    )

    for text in ["écologisation", "Brésil", "Amérique latine", "robotics", "eaux"]:
        assert titles(text, "fr") == [practice.title_en], text
    assert titles("Brasil", "es") == [practice.title_en]
    assert titles("البرازيل", "ar") == [practice.title_en]
    assert titles("Brésil", "en") == []


def test_saving_a_translation_reindexes_the_practice(welding):
    assert titles("soudeurs", "fr") == []

    welding.title_fr = "École de soudeurs"
    welding.save()

    assert titles("soudeur", "fr") == [welding.title_en]


def test_a_title_translation_outranks_a_summary_translation():
    PracticeFactory(title="Campus", summary_fr="Des ateliers de robotique.")
    PracticeFactory(title="Lab", title_fr="Robotique pour tous")

    assert titles("robotiques", "fr") == ["Lab", "Campus"]


def test_phrases_exclusions_and_alternatives_work_in_a_translation():
    PracticeFactory(title="One", title_fr="Jardins scolaires urbains")
    PracticeFactory(title="Two", title_fr="Jardins communautaires")

    assert titles('"jardin scolaire"', "fr") == ["One"]
    assert titles("jardins -communautaire", "fr") == ["One"]
    assert sorted(titles("urbain or communautaires", "fr")) == ["One", "Two"]


# Snippets -------------------------------------------------------------------


def snippets(text, language):
    with translation.override(language):
        rows = search.with_snippets(Practice.objects.all(), text)
        return {
            p.title_en: search.marked_snippet(getattr(p, "raw_snippet", None))
            for p in rows
        }


def test_a_snippet_comes_from_the_pages_language_where_it_matches(trainers, welding):
    found = snippets("enseignants or welding", "fr")

    assert "<mark>enseignants</mark>" in found[trainers.title_en]
    assert found[trainers.title_en].lang == "fr"
    assert "<mark>welding</mark>" in found[welding.title_en]
    assert found[welding.title_en].lang == "en"


def test_a_snippet_falls_back_to_english_when_the_translation_lacks_the_words(
    trainers,
):
    found = snippets("online", "fr")

    assert "<mark>online</mark>" in found[trainers.title_en]
    assert found[trainers.title_en].lang == "en"


def test_a_snippet_of_a_translation_is_escaped():
    practice = PracticeFactory(
        title="Kits", summary_fr="Des apprenants <b>construisent</b> des kits & co."
    )

    found = snippets("kit", "fr")[practice.title_en]

    assert "<mark>kits</mark>" in found
    assert "<b>" not in found


# On the list page -----------------------------------------------------------


def page(client, url):
    client.get(url)  # the search synonyms are cached by the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_french_list_finds_and_marks_french_and_english_texts(
    client, trainers, welding
):
    _, html = page(client, "/fr/practices/?q=formateurs")

    assert "Formation des <mark>formateurs</mark>" not in html  # titles: no mark
    assert "Formation des formateurs en apprentissage numérique" in html
    assert "Welding school" not in html

    _, html = page(client, "/fr/practices/?q=welding")

    assert '<p class="card__summary card__snippet" dir="auto" lang="en"' in html
    assert "Apprentices learn <mark>welding</mark> in shipyards." in html


def test_a_french_snippet_on_a_french_page_carries_no_other_lang(client, trainers):
    _, html = page(client, "/fr/practices/?q=ligne")

    # (PostgreSQL's headline leaves out the first word.)
    assert re.search(
        r'<p class="card__summary card__snippet" dir="auto">[^<]*'
        r"enseignants apprennent à enseigner en <mark>ligne</mark>",
        html,
    )


def test_searching_costs_every_language_the_same_queries(client, trainers, welding):
    english, _ = page(client, "/practices/?q=trainers")
    french, _ = page(client, "/fr/practices/?q=formateurs")
    arabic, _ = page(client, "/ar/practices/?q=" + quote("التدريب"))
    french_without_search, _ = page(client, "/fr/practices/")

    assert french == english == arabic == french_without_search


def test_facet_counts_count_what_a_french_search_finds():
    theme = ThemeFactory(slug="gardens")
    other = ThemeFactory(slug="other")
    for n in range(3):
        PracticeFactory(title=f"Garden {n}", title_fr=f"Jardin {n}", themes=[theme])
    PracticeFactory(title="School gardens", themes=[other])
    PracticeFactory(title="Jardin", title_fr="Atelier", themes=[other])
    PracticeFactory(title="Welding", themes=[other])

    with translation.override("fr"):
        filterset = PracticeFilterSet(
            QueryDict("q=jardins"), queryset=Practice.objects.published()
        )
        assert filterset.is_valid()
        listing = listing_counts(filterset, Practice.objects.published())

    counts = {
        option.value: option.count
        for facet in listing.facets
        if facet.name == "theme"
        for option in facet.options
    }
    # Three by their French title; "Jardin", untranslated in English, by its
    # English title; "School gardens" not ("gardens" is no French word's stem).
    assert listing.total == 4
    assert counts["gardens"] == 3
    assert counts["other"] == 1


def test_a_french_search_pages_and_sorts_by_french_title(client):
    for n in range(25):
        PracticeFactory(title=f"A {n:02} training", title_fr=f"Formation {chr(90 - n)}")

    _, first = page(client, "/fr/practices/?q=formations&sort=title")
    _, second = page(client, "/fr/practices/?q=formations&sort=title&page=2")

    assert "Formation B" in first and "Formation Z" not in first
    assert first.index("Formation B") < first.index("Formation C")
    assert "Formation Z" in second and "Formation B" not in second


@pytest.mark.parametrize(
    "text",
    [
        *SEARCH_OPERATORS,
        "ال",
        "التَّدْرِيب",
        "تـــدريب",
        # Right-to-left and left-to-right marks around a word.
        "\u200f" + "التدريب" + "\u200e",
        "\ue000\ue001\ue002",
        "a\x00b",
        "ـ",
        "ﷺ ﷽",
        "x" * 10_000,
    ],
)
def test_hostile_text_never_breaks_an_arabic_search(client, text):
    PracticeFactory(title="Training", title_ar="تدريب المعلمين")

    response = client.get("/ar/practices/?q=" + quote(text))

    assert response.status_code == 200
