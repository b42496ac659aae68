from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from practices.listing import search
from practices.models import Practice, SearchDocument
from tests.factories import InstitutionFactory, PracticeFactory
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


def test_the_vectors_of_practices_loaded_raw_can_be_rebuilt():
    """loaddata saves raw: no signal computes the vectors; the command does."""
    practice = PracticeFactory(title="Aquaponics campus")
    SearchDocument.objects.all().delete()
    assert titles("aquaponics") == (
        [] if connection.vendor == "postgresql" else [practice.title]
    )

    call_command("update_search_vectors", stdout=StringIO())

    assert titles("aquaponics") == ["Aquaponics campus"]
