"""Content in the page's language: translated fields with a per-field fallback
to English, each shown text carrying its own language, and a translation
marked as such, the English original one click away."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from practices.models import Practice, Theme
from tests.factories import (
    ChallengeFactory,
    InstitutionFactory,
    InvolvementFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def element(html, pattern):
    """The start tag of the first element whose text matches `pattern`."""
    match = re.search(rf"(<[a-z0-9]+[^>]*>)(?:<a [^>]*>)?{pattern}", html)
    assert match, pattern
    return match[1]


def test_a_french_title_without_a_french_summary(client):
    practice = PracticeFactory(
        title="Apprentices in solar energy",
        summary="Young people learn to install solar panels.",
    )
    practice.title_fr = "Apprentis du solaire"
    practice.save()

    html = client.get(f"/fr/practices/{practice.slug}/").content.decode()

    title = element(html, "Apprentis du solaire")
    assert "lang=" not in title  # the page's own language
    summary = element(html, "Young people learn to install solar panels.")
    assert 'lang="en"' in summary
    assert "Traduit de l" in html
    assert f'href="/practices/{practice.slug}/" hreflang="en"' in html
    assert "ne sont pas encore traduits" in html


def test_english_pages_are_unchanged(client):
    practice = PracticeFactory(title="Apprentices in solar energy")
    practice.title_fr = "Apprentis du solaire"
    practice.save()

    html = client.get(f"/practices/{practice.slug}/").content.decode()

    assert "Apprentices in solar energy" in html
    assert "Apprentis" not in html
    assert 'lang="en" dir="auto"' not in html


def test_saving_on_a_french_page_keeps_the_english_text():
    practice = PracticeFactory(title="Apprentices in solar energy")
    with translation.override("fr"):
        practice.title = "Apprentis du solaire"
        practice.save()
    stored = Practice.objects.rewrite(False).values("title", "title_en", "title_fr")
    assert stored.get(pk=practice.pk) == {
        "title": "Apprentices in solar energy",
        "title_en": "Apprentices in solar energy",
        "title_fr": "Apprentis du solaire",
    }


def test_cards_and_facets_name_vocabulary_in_the_page_language(client):
    translated = ThemeFactory(name="Green skills", name_es="Competencias verdes")
    english_only = ThemeFactory(name="Digital learning")
    challenge = ChallengeFactory(
        name="Gaps in data on innovation", short_name="Data gaps"
    )
    challenge.name_es = "Falta de datos sobre la innovación"
    challenge.save()
    practice = PracticeFactory(themes=[translated, english_only])
    practice.challenges.add(challenge)
    institution = InstitutionFactory(name="Solar Institute")
    institution.name_es = "Instituto Solar"
    institution.save()
    InvolvementFactory(practice=practice, institution=institution)

    html = client.get("/es/practices/").content.decode()

    assert "<li>Competencias verdes</li>" in html
    assert '<li lang="en" dir="auto">Digital learning</li>' in html
    # No Spanish short name: the Spanish full statement rather than English.
    assert "<li>Falta de datos sobre la innovación</li>" in html
    assert "<bdi>Instituto Solar</bdi>" in html
    assert re.search(r"<label [^>]*>Competencias verdes <span", html)
    assert re.search(
        r'<label [^>]*><span lang="en" dir="auto">Digital learning</span>', html
    )


def test_sorting_by_title_follows_the_page_language(client):
    PracticeFactory(title="Apprenticeships", title_fr="Zèbre")
    PracticeFactory(title="Mentoring", title_fr="Accompagnement")
    PracticeFactory(title="Bakery school")  # English only

    html = client.get("/fr/practices/?sort=title").content.decode()

    titles = re.findall(r'class="card__title"[^>]*><a [^>]*>([^<]+)<', html)
    assert titles == ["Accompagnement", "Bakery school", "Zèbre"]


def test_theme_list_sorts_translated_names(client):
    ThemeFactory(name="Apprenticeship", name_fr="Zonage")
    ThemeFactory(name="Work-based learning", name_fr="Alternance")
    with translation.override("fr"):
        names = [theme.name for theme in Theme.objects.with_published_practice_count()]
    assert names == ["Alternance", "Zonage"]


@pytest.mark.parametrize("language", ["", "/fr", "/ar"])
def test_list_page_queries_do_not_grow_with_languages(client, language):
    ThemeFactory(name="Green skills", name_fr="Compétences vertes")
    PracticeFactory.create_batch(3, title_fr="Une pratique")
    client.get(f"{language}/practices/")  # warm what is cached once
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{language}/practices/")
    english = CaptureQueriesContext(connection)
    with english:
        client.get("/practices/")
    assert len(queries) == len(english)


def test_machines_are_told_the_language_of_the_page_and_of_its_texts(client):
    practice = PracticeFactory(title="Solar apprentices", title_es="Aprendices")

    html = client.get(f"/es/practices/{practice.slug}/").content.decode()

    assert '<meta property="og:locale" content="es_ES">' in html
    assert '<meta property="og:locale:alternate" content="ar_AR">' in html
    assert '"inLanguage": "es"' in html
    assert f'"url": "http://testserver/practices/{practice.slug}/"' in html
    english = client.get(f"/practices/{practice.slug}/").content.decode()
    assert '"inLanguage": "en"' in english
    assert "translationOfWork" not in english
