"""Search in every language: a page in French, Spanish or Arabic finds
practices by their translated texts with that language's stemming, and still
finds the ones not translated yet by their English words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.listing import search
from practices.listing.search_index import fts_table, stemmed
from practices.models import Practice, SearchDocument
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    InvolvementFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.hostile_input import SEARCH_OPERATORS

pytestmark = pytest.mark.django_db


def slugs(text, language):
    found = search.search(Practice.objects.published(), text, language)
    return sorted(found.values_list("slug", flat=True))


def postgresql():
    return connection.vendor == "postgresql"


@pytest.fixture
def trainers():
    return PracticeFactory(
        slug="trainers",
        title="Training the trainers",
        title_fr="Former les formateurs",
        summary="Teachers learn from industry.",
        summary_fr="Les enseignants apprennent auprès des entreprises.",
        title_es="Escuelas sostenibles",
        title_ar="تدريب المعلمين",
    )


def test_a_french_word_finds_a_french_title_by_its_stem(trainers):
    # "formateur" is the stem of the title's "formateurs".
    assert slugs("formateur", "fr") == ["trainers"]
    assert slugs("enseignant", "fr") == ["trainers"]


def test_spanish_and_arabic_stemming(trainers):
    assert slugs("sostenible", "es") == ["trainers"]
    assert slugs("escuela", "es") == ["trainers"]
    # المعلم (the teacher) and المعلمين (the teachers) share their stem.
    assert slugs("المعلم", "ar") == ["trainers"]


def test_each_language_searches_its_own_translation_and_english(trainers):
    assert slugs("formateur", "en") == []
    assert slugs("formateur", "es") == []
    assert slugs("sostenible", "fr") == []
    # The English text is found from every language.
    for language in ("en", "fr", "es", "ar"):
        assert slugs("trainers", language) == ["trainers"]


def test_an_english_only_practice_is_found_on_a_french_page():
    PracticeFactory(slug="solar", title="Solar apprentices")

    assert slugs("solar", "fr") == ["solar"]
    assert slugs("apprentice", "fr") == ["solar"]


def test_a_practice_written_in_french_is_found_by_french_stems():
    # Submitted from a French page: the original columns hold French.
    PracticeFactory(
        slug="written-in-french",
        title="Les ateliers mobiles",
        original_language="fr",
    )

    assert slugs("atelier", "fr") == ["written-in-french"]


def test_the_vocabulary_is_searched_in_the_page_language():
    theme = ThemeFactory(name="Digital skills", name_fr="Compétences numériques")
    practice = PracticeFactory(slug="tagged", countries=[CountryFactory(code="DE")])
    practice.themes.add(theme)

    assert slugs("numérique", "fr") == ["tagged"]
    # Country and region names come localized.
    assert slugs("Allemagne", "fr") == ["tagged"]
    assert slugs("Alemania", "es") == ["tagged"]
    assert slugs("Allemagne", "en") == []


def test_a_translation_added_later_is_searchable_at_once():
    practice = PracticeFactory(slug="later", title="Mobile workshops")
    assert slugs("atelier", "fr") == []

    practice.title_fr = "Ateliers mobiles"
    practice.save()

    assert slugs("atelier", "fr") == ["later"]


def test_a_renamed_institution_translation_reindexes_its_practices():
    institution = InstitutionFactory(name="Polytechnic")
    InvolvementFactory(institution=institution, practice=PracticeFactory(slug="linked"))

    institution.name_fr = "École polytechnique"
    institution.save()

    assert slugs("école", "fr") == ["linked"]


def test_every_language_ranks_title_matches_first():
    PracticeFactory(slug="in-title", title="x", title_fr="Ateliers solaires")
    PracticeFactory(
        slug="in-summary", title="y", title_fr="Autre", summary_fr="Des ateliers."
    )

    ranked = search.search(Practice.objects.published(), "ateliers", "fr")
    assert list(ranked.order_by("-rank").values_list("slug", flat=True)) == [
        "in-title",
        "in-summary",
    ]


@pytest.mark.parametrize("text", SEARCH_OPERATORS)
def test_operators_are_words_in_every_language(client, text):
    PracticeFactory(title_fr="Ateliers")
    for prefix in ("/fr", "/es", "/ar"):
        assert client.get(f"{prefix}/practices/", {"q": text}).status_code == 200


def test_the_french_list_page_finds_counts_and_marks(client, trainers):
    PracticeFactory(title="Unrelated", title_fr="Sans rapport")

    html = client.get("/fr/practices/", {"q": "formateur"}).content.decode()

    assert "Former les formateurs" in html
    assert "Sans rapport" not in html
    if postgresql():
        # The snippet is of the French summary the card shows.
        html = client.get("/fr/practices/", {"q": "enseignant"}).content.decode()
        assert "<mark>enseignants</mark>" in html


def test_a_search_costs_the_same_queries_in_every_language(client, trainers):
    counts = {}
    for prefix in ("", "/fr", "/es", "/ar"):
        client.get(f"{prefix}/practices/", {"q": "trainers"})  # warm caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{prefix}/practices/", {"q": "trainers"}).status_code
        counts[prefix] = len(captured)
    assert len(set(counts.values())) == 1, counts


def test_a_deleted_practice_leaves_no_row_in_any_index(trainers):
    pk = trainers.pk
    trainers.delete()

    assert slugs("formateur", "fr") == []
    if postgresql():
        assert not SearchDocument.objects.filter(practice_id=pk).exists()
    else:
        with connection.cursor() as cursor:
            for language in ("en", "fr", "es", "ar"):
                cursor.execute(
                    f"SELECT count(*) FROM {fts_table(language)} WHERE rowid = %s",
                    [pk],
                )
                assert cursor.fetchone() == (0,)


def test_stemming_keeps_accents_for_the_stemmer_and_drops_arabic_short_vowels():
    assert stemmed("Les Formateurs", "fr") == "le formateur"
    # تَدْرِيب with its vowel marks is تدريب.
    assert stemmed("تَدْرِيب", "ar") == stemmed("تدريب", "ar")


def test_the_open_data_searches_the_language_lang_asks_for(client, trainers):
    def api_slugs(**query):
        answer = client.get("/api/practices/", {"q": "formateur", **query})
        return [item["slug"] for item in answer.json()["results"]]

    def csv_text(**query):
        answer = client.get("/practices.csv", {"q": "formateur", **query})
        return b"".join(answer.streaming_content).decode()

    assert api_slugs(lang="fr") == ["trainers"]
    assert api_slugs() == []
    assert "Former les formateurs" in csv_text(lang="fr")
    assert "trainers" not in csv_text()


def test_a_french_search_counts_sorts_and_pages_as_in_english(client, monkeypatch):
    from practices.views import PracticeListView

    theme = ThemeFactory(name="Greening", name_fr="Écologisation")
    PracticeFactory(title="x", title_fr="Zinc : ateliers mobiles", themes=[theme])
    PracticeFactory(title="y", title_fr="Ateliers solaires")
    PracticeFactory(title="Atelier bakery")  # English only
    PracticeFactory(title="z", title_fr="Sans rapport", themes=[theme])
    monkeypatch.setattr(PracticeListView, "paginate_by", 2)

    first = client.get("/fr/practices/", {"q": "ateliers", "sort": "title"})
    second = client.get("/fr/practices/", {"q": "ateliers", "sort": "title", "page": 2})

    assert first.context["paginator"].count == 3
    shown = [p.title for p in first.context["page_obj"]]
    shown += [p.title for p in second.context["page_obj"]]
    assert shown == ["Atelier bakery", "Ateliers solaires", "Zinc : ateliers mobiles"]
    (themes,) = [f for f, *_links in first.context["facets"] if f.name == "theme"]
    # Counted over the practices found, named in French.
    assert [(o.label, o.count) for o in themes.options if o.count] == [
        ("Écologisation", 1)
    ]


def test_the_french_list_downloads_the_practices_it_shows(client, trainers):
    page = client.get("/fr/practices/", {"q": "formateur"})
    csv_url = page.context["csv_url"]

    assert "lang=fr" in csv_url
    answer = client.get(csv_url)
    assert "Former les formateurs" in b"".join(answer.streaming_content).decode()
    # An English page's download stays as it was.
    assert "lang" not in client.get("/practices/").context["csv_url"]


def test_a_word_excluded_on_a_french_page_is_excluded_in_every_language():
    # English "apprentices" matches, but the French title has "solaire".
    PracticeFactory(
        slug="solar", title="Solar apprentices", title_fr="Apprentis du solaire"
    )
    PracticeFactory(slug="bakery", title="Bakery apprentices", title_fr="Boulangerie")

    assert slugs("apprentices -solaire", "fr") == ["bakery"]
    assert slugs("apprentices -solar", "fr") == ["bakery"]
    assert slugs("apprentices", "fr") == ["bakery", "solar"]
    # Alternatives keep their own exclusions.
    assert slugs("boulangerie or apprentices -solaire", "fr") == ["bakery"]
    assert slugs("solaire or bakery", "fr") == ["bakery", "solar"]
