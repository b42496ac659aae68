import hashlib
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.listing import search, suggestions
from practices.listing.search_index import FTS_TABLE
from practices.models import Practice, SearchDocument, SearchSynonym
from practices.regions import Region
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.hostile_input import SEARCH_OPERATORS

pytestmark = pytest.mark.django_db


def titles(text):
    return [
        p.title
        for p in search.search(Practice.objects.published(), text).order_by(
            "-rank", "title"
        )
    ]


def test_a_title_match_outranks_a_summary_match_which_outranks_a_description_match():
    PracticeFactory(
        title="Water training", summary="About skills.", description="Other."
    )
    PracticeFactory(
        title="Campus", summary="Water technology skills.", description="Other."
    )
    PracticeFactory(
        title="Networks", summary="About skills.", description="Clean water."
    )
    PracticeFactory(title="Unrelated", summary="Nothing here.", description="Nothing.")

    assert titles("water") == ["Water training", "Campus", "Networks"]


def test_every_word_must_match():
    PracticeFactory(title="Greening campuses", summary="Sustainability for youth.")
    PracticeFactory(title="Greening curricula", summary="Climate change.")

    assert titles("greening youth") == ["Greening campuses"]


def test_a_minus_word_excludes():
    PracticeFactory(title="Robot inspection", summary="Underwater robot.")
    PracticeFactory(title="Robot lab", summary="A lab on wheels.")

    assert titles("robot -underwater") == ["Robot lab"]


def test_a_quoted_phrase_matches_its_words_together():
    PracticeFactory(title="Mobile learning", summary="Career coaching on wheels.")
    PracticeFactory(title="Learning mobile phones", summary="Other.")

    assert "Mobile learning" in titles('"mobile learning"')


def test_plural_and_singular_find_each_other():
    PracticeFactory(title="Digital competence", summary="Upskilling for companies.")

    assert titles("competences") == ["Digital competence"]


def test_institution_names_are_searched():
    wetsus = InstitutionFactory(name="Wetsus")
    PracticeFactory(title="WaterCampus", summary="Research.", institutions=[wetsus])
    PracticeFactory(title="Other", summary="Research.")

    assert titles("wetsus") == ["WaterCampus"]


def test_renaming_an_institution_updates_what_finds_its_practices():
    institution = InstitutionFactory(name="Old name")
    PracticeFactory(title="Linked", institutions=[institution])

    institution.name = "Polytechnic ATMI Surakarta"
    institution.save()

    assert titles("surakarta") == ["Linked"]
    assert titles("old") == []


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_practice_with_institutions_deletes_its_vector(how):
    """Its involvements go first, which would store its vector again."""
    practice = PracticeFactory(title="Gone", institutions=[InstitutionFactory()])
    if how == "instance":
        practice.delete()
    else:
        Practice.objects.filter(pk=practice.pk).delete()

    assert not SearchDocument.objects.filter(pk=practice.pk).exists()
    connection.check_constraints()  # what a commit would check
    assert titles("gone") == []


def test_removing_an_institution_from_a_practice_updates_its_vector():
    wetsus = InstitutionFactory(name="Wetsus")
    practice = PracticeFactory(title="WaterCampus", institutions=[wetsus])
    practice.involvements.get().delete()

    assert titles("wetsus") == []
    assert titles("watercampus") == ["WaterCampus"]


def test_updating_the_vectors_of_no_practice_does_nothing():
    assert Practice.objects.none().update_search_vectors() == 0
    assert Practice.objects.filter(pk__in=[]).update_search_vectors() == 0


def test_drafts_are_never_found():
    PracticeFactory(title="Hidden draft", status=Practice.Status.DRAFT)

    assert titles("hidden") == []


HOSTILE = {
    **{f"operators-{n}": text for n, text in enumerate(SEARCH_OPERATORS)},
    "nul": "a\x00b",
    "replacement-chars": "\ufffd\ufffe",
    "very-long": "x" * 10_000,
    "emoji": "🚀 innovation",
    "html": "<script>alert(1)</script>",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_search_text_never_raises(text):
    PracticeFactory(title="Innovation hub")

    list(search.search(Practice.objects.published(), text))


def test_search_text_is_cleaned_of_control_characters_and_shortened():
    assert search.clean_query(" a\x00b\tc \n") == "a b c"
    assert len(search.clean_query("x" * 10_000)) == search.MAX_QUERY_LENGTH


def test_empty_search_matches_nothing():
    PracticeFactory()

    assert titles("   ") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flatfish or theoprax", ["Flatfish", "Theoprax"]),
        # "or" binds loosest: flatfish, or else (theoprax and kit).
        ("flatfish OR theoprax kit", ["Flatfish", "Theoprax"]),
        ("underwater or theoprax -kit", ["Flatfish"]),
        ("nothing or underwater robot", ["Flatfish", "Other"]),
        ("or flatfish", ["Flatfish"]),
        ("flatfish or", ["Flatfish"]),
    ],
)
def test_or_accepts_either_word_on_every_database(text, expected):
    PracticeFactory(title="Flatfish", summary="An underwater robot.")
    PracticeFactory(title="Theoprax", summary="A teaching method with a robot kit.")
    PracticeFactory(title="Other", summary="Nothing here.")

    assert sorted(titles(text)) == expected


def empty_the_index():
    SearchDocument.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


def test_the_index_of_practices_loaded_raw_can_be_rebuilt():
    """loaddata saves raw: no signal indexes the practices; the command does."""
    PracticeFactory(title="Aquaponics campus")
    empty_the_index()
    assert titles("aquaponics") == []

    call_command("update_search_vectors", stdout=StringIO())

    assert titles("aquaponics") == ["Aquaponics campus"]


# The site's vocabulary ----------------------------------------------------


def test_practices_are_found_by_their_themes_challenges_countries_and_regions():
    theme = ThemeFactory(name="Greening and climate change")
    challenge = ChallengeFactory(name="Addressing data gaps is essential")
    brazil = CountryFactory(code="BR")
    PracticeFactory(
        title="Underwater robot",
        themes=[theme],
        challenges=[challenge],
        countries=[brazil],
        target_groups="Apprentices in shipyards",
    )
    PracticeFactory(title="Unrelated", summary="Nothing to see.")

    for text in ["climate", "data gaps", "Brazil", "Latin America", "shipyards"]:
        assert titles(text) == ["Underwater robot"], text


def test_a_title_match_outranks_a_theme_name_match():
    theme = ThemeFactory(name="Entrepreneurship")
    PracticeFactory(title="Campus shop", summary="Students sell.", themes=[theme])
    PracticeFactory(title="Entrepreneurship lab", summary="Students found firms.")

    assert titles("entrepreneurship") == ["Entrepreneurship lab", "Campus shop"]


def test_linking_a_theme_from_either_side_updates_what_finds_the_practice():
    theme = ThemeFactory(name="Aquaculture")
    practice = PracticeFactory(title="Fish farm")
    assert titles("aquaculture") == []

    practice.themes.add(theme)
    assert titles("aquaculture") == ["Fish farm"]

    theme.practices.remove(practice)
    assert titles("aquaculture") == []

    theme.practices.add(practice)
    theme.practices.clear()
    assert titles("aquaculture") == []


@pytest.mark.parametrize("factory", [ThemeFactory, ChallengeFactory])
def test_renaming_a_theme_or_challenge_reindexes_its_practices_in_one_statement(
    factory, django_assert_max_num_queries
):
    linked = factory(name="Old name")
    link = "themes" if factory is ThemeFactory else "challenges"

    def rename_costs(new_name):
        linked.name = new_name
        with CaptureQueriesContext(connection) as queries:
            linked.save()
        return len(queries)

    PracticeFactory(title="First", **{link: [linked]})
    few = rename_costs("Hydroponics")
    for n in range(6):
        PracticeFactory(title=f"More {n}", **{link: [linked]})
    many = rename_costs("Aquaponics")

    assert many == few
    assert len(titles("aquaponics")) == 7
    assert titles("hydroponics") == []


def test_moving_a_country_to_another_region_reindexes_its_practices():
    country = CountryFactory(code="NO")
    PracticeFactory(title="Fjord school", countries=[country])
    assert titles("Europe") == ["Fjord school"]

    country.region = Region.ARAB_STATES
    country.save()

    assert titles("Europe") == []
    assert titles("Arab States") == ["Fjord school"]


def test_a_short_word_matches_whole_words_only():
    PracticeFactory(title="AI laboratory", summary="Machine learning.")
    PracticeFactory(title="Training", summary="Sustainable maintenance.")

    assert titles("AI") == ["AI laboratory"]


def test_a_deleted_practice_leaves_the_index():
    practice = PracticeFactory(title="Ephemeral")
    practice.delete()

    assert titles("ephemeral") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid = %s", [practice.pk]
            )
            assert cursor.fetchone() == (0,)


# Synonyms -------------------------------------------------------------------


def test_synonyms_expand_a_query_both_ways():
    SearchSynonym.objects.create(terms="VR\nvirtual reality")
    PracticeFactory(title="Welding simulator", summary="Virtual reality booths.")
    PracticeFactory(title="VR headsets", summary="For nurses.")

    assert sorted(titles("VR")) == ["VR headsets", "Welding simulator"]
    assert sorted(titles("virtual reality")) == ["VR headsets", "Welding simulator"]
    # Only the run of words that is a synonym is expanded.
    assert titles("virtual reality nurses") == ["VR headsets"]


def test_a_curators_change_to_the_synonyms_applies_at_once():
    PracticeFactory(title="Makerspace", summary="A fab lab for apprentices.")
    assert titles("hackerspace") == []

    synonym = SearchSynonym.objects.create(terms="makerspace\nhackerspace")
    assert titles("hackerspace") == ["Makerspace"]

    synonym.delete()
    assert titles("hackerspace") == []


def test_the_fields_common_synonyms_are_there_from_the_start():
    groups = search.synonym_groups()

    assert "artificial intelligence" in groups["ai"]
    assert "Industry 4.0" in groups["4ir"]
    assert "vocational education" in groups["tvet"]


def test_a_synonym_needs_two_terms():
    with pytest.raises(ValidationError):
        SearchSynonym(terms="lonely").full_clean()


# Snippets -------------------------------------------------------------------


def snippets_of(practices, text):
    """{practice id: snippet HTML} as the list page shows them."""
    rows = search.with_snippets(practices, text)
    return {p.pk: search.marked_snippet(getattr(p, "raw_snippet", None)) for p in rows}


def test_a_snippet_marks_the_matched_words_and_escapes_the_rest():
    practice = PracticeFactory(
        title="Campus",
        summary="Learners <b>build</b> solar kits & repair them in villages.",
    )

    found = snippets_of(Practice.objects.all(), "solar")

    assert "<mark>solar</mark>" in found[practice.pk]
    assert "kits &amp; repair" in found[practice.pk]
    # PostgreSQL's ts_headline drops tags; SQLite's snippet keeps them, escaped.
    assert "<b>" not in found[practice.pk]


def test_marker_characters_in_a_practice_never_unbalance_the_highlight():
    """The snippet's marks are private-use characters; a practice's text may
    hold them too (pasted from anywhere). Its snippet still has as many
    closing tags as opening ones, each closing an open one."""
    practice = PracticeFactory(
        title="Campus",
        summary="Learners \ue001 build solar kits \ue000 and \ue000 repair them.",
    )

    snippet = snippets_of(Practice.objects.all(), "solar")[practice.pk]

    assert "<mark>solar</mark>" in snippet
    depth = 0
    for tag in re.findall(r"</?mark>", snippet):
        depth += 1 if tag == "<mark>" else -1
        assert depth in (0, 1), snippet
    assert depth == 0, snippet


def test_a_snippet_comes_from_the_body_when_the_summary_lacks_the_words():
    practice = PracticeFactory(
        summary="A campus programme.", description="Learners build solar kits."
    )

    found = snippets_of(Practice.objects.all(), "solar")

    assert "<mark>solar</mark>" in found[practice.pk]
    assert "campus" not in found[practice.pk]


def test_a_snippet_comes_from_the_summary_when_it_has_the_words():
    """The card's snippet stands for its summary: where the summary matches,
    the snippet is the summary's, however many matches the description has."""
    practice = PracticeFactory(
        summary="A campus programme where learners build solar kits.",
        description="Solar panels, solar pumps and solar lamps. " * 5,
    )

    found = snippets_of(Practice.objects.all(), "solar")

    assert "learners build <mark>solar</mark> kits" in found[practice.pk]
    assert "pumps" not in found[practice.pk]


def test_snippets_cost_no_query_of_their_own(django_assert_num_queries):
    ids = [PracticeFactory(summary=f"Solar kits number {n}.").pk for n in range(5)]
    search.synonym_groups()  # cached, as on any page after the first

    with django_assert_num_queries(1):
        found = snippets_of(Practice.objects.filter(pk__in=ids), "solar")

    assert set(found) == set(ids)
    assert all("<mark>" in snippet for snippet in found.values())


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_never_breaks_snippets_or_suggestions(text):
    PracticeFactory(title="Innovation hub")

    snippets_of(Practice.objects.all(), text)
    suggestions.suggest(text)


# Did you mean ---------------------------------------------------------------


def test_a_misspelt_word_is_corrected_from_the_published_practices():
    PracticeFactory(title="Entrepreneurship camp")

    assert suggestions.suggest("entrepeneurship").query == "entrepreneurship"
    assert suggestions.suggest("entrepeneurship camp").query == "entrepreneurship camp"


def test_a_word_of_a_draft_is_never_suggested():
    PracticeFactory(title="Aquaponics", status=Practice.Status.DRAFT)

    assert suggestions.suggest("aquaponic").query == ""


def test_nothing_is_suggested_when_nothing_is_close():
    PracticeFactory(title="Welding")

    assert suggestions.suggest("zzzzqqq").query == ""


def test_themes_and_challenges_with_close_names_are_suggested():
    greening = ThemeFactory(name="Greening and climate change")
    ThemeFactory(name="Entrepreneurship")

    found = suggestions.suggest("climat")

    assert found.themes == [greening]


def test_trigram_similarity_is_pg_trgms():
    assert suggestions.trigram_similarity("word", "word") == 1.0
    assert suggestions.trigram_similarity("word", "") == 0.0
    # pg_trgm: similarity('welding', 'building') = 4/13
    assert suggestions.trigram_similarity("welding", "building") == pytest.approx(
        4 / 13
    )


# On the list page -----------------------------------------------------------


def list_page_queries(client, url):
    client.get(url)  # the search synonyms are cached by the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page_with_its_snippets(client):
    PracticeFactory(title="Campus", summary="Learners build solar kits.")

    _, html = list_page_queries(client, "/practices/?q=solar&page=99")

    assert "<mark>solar</mark>" in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's storage of vectors"
)
def test_search_vectors_are_stored_in_their_row():
    # Out of line (TOAST), a vector is read back twice per match: to match
    # and to rank. Migration 0016 keeps them inline.
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = %s", [table]
        )
        (toast_table,) = cursor.fetchone()
        count_out_of_line = f"SELECT count(*) FROM {toast_table}"
        cursor.execute(count_out_of_line)
        (before,) = cursor.fetchone()
        # Some 6 KB of vector that does not compress (distinct, random-looking
        # words): out of line under the default 2 KB tuple target.
        practice = PracticeFactory(description=" ".join(incompressible_words(300)))
        cursor.execute(count_out_of_line)
        (after,) = cursor.fetchone()
        cursor.execute(
            f"SELECT pg_column_size(vector) FROM {table} WHERE practice_id = %s",
            [practice.pk],
        )
        (size,) = cursor.fetchone()

    assert size > 5000
    assert after == before


def incompressible_words(count):
    letters = str.maketrans("0123456789", "ghijklmnop")
    return [
        hashlib.md5(str(n).encode()).hexdigest()[:12].translate(letters)
        for n in range(count)
    ]


def test_the_list_shows_why_each_result_matched(client):
    PracticeFactory(title="Campus", summary="Learners build solar kits.")

    _, html = list_page_queries(client, "/practices/?q=solar")

    assert "Learners build <mark>solar</mark> kits" in html


def test_snippets_and_suggestions_cost_the_list_no_query(client):
    PracticeFactory(title="Campus", summary="Learners build solar kits.")

    without_search, _ = list_page_queries(client, "/practices/")
    with_search, html = list_page_queries(client, "/practices/?q=solar")

    assert with_search == without_search
    assert "<mark>solar</mark>" in html


def test_an_empty_search_offers_a_spelling_themes_and_fewer_filters(client):
    theme = ThemeFactory(name="Entrepreneurship", slug="entrepreneurship")
    other = ThemeFactory(name="Inclusion", slug="inclusion")
    PracticeFactory(title="Entrepreneurship camp", themes=[theme])
    PracticeFactory(title="Open doors", themes=[other])

    _, html = list_page_queries(client, "/practices/?q=entrepeneurship&theme=inclusion")

    assert "Did you mean" in html
    assert "q=entrepreneurship&amp;theme=inclusion" in html
    assert 'href="/themes/entrepreneurship/">Theme: Entrepreneurship' in html
    assert "Search again without Theme: Inclusion" in html


def test_a_search_that_finds_something_suggests_nothing(client):
    PracticeFactory(title="Entrepreneurship camp")

    _, html = list_page_queries(client, "/practices/?q=entrepreneurship")

    assert "Did you mean" not in html
