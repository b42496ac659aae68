"""`seed` fills the shipped translations (fixtures/translations/) into the
records' language columns, never replacing a curator's translation."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from practices.models import Challenge, Institution, Practice, Theme

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def fixtures(tmp_path):
    """The English fixtures, with a small French translation file."""
    for name in ("sources", "themes", "challenges", "institutions", "practices"):
        shutil.copy(FIXTURES / f"{name}.json", tmp_path / f"{name}.json")
    practice = json.loads((FIXTURES / "practices.json").read_text())[0]
    theme = json.loads((FIXTURES / "themes.json").read_text())[0]
    institution = json.loads((FIXTURES / "institutions.json").read_text())[0]
    (tmp_path / "translations").mkdir()
    write(
        tmp_path,
        "fr",
        {
            "themes": {theme["slug"]: {"name": "Thème traduit"}},
            "challenges": {
                "data-gaps": {"short_name": "Manque de données", "summary": "Résumé."}
            },
            "practices": {
                practice["slug"]: {"title": "Titre traduit", "summary": "Résumé."},
                "no-such-practice": {"title": "Supprimée par les curateurs"},
            },
            "institutions": {institution["slug"]: {"description": "Description."}},
        },
    )
    return SimpleNamespace(
        path=tmp_path, practice_slug=practice["slug"], theme_slug=theme["slug"]
    )


def write(folder, language, content):
    path = folder / "translations" / f"{language}.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_seed_loads_the_translations_after_the_english_texts(fixtures, client):
    call_command("seed", fixtures=fixtures.path, verbosity=0)

    practice = Practice.objects.get(slug=fixtures.practice_slug)
    assert practice.title_fr == "Titre traduit"
    assert practice.description_fr is None
    assert practice.title_en == practice.title  # English unchanged
    assert Theme.objects.get(slug=fixtures.theme_slug).name_fr == "Thème traduit"
    assert Challenge.objects.get(slug="data-gaps").short_name_fr == (
        "Manque de données"
    )
    assert Institution.objects.filter(description_fr="Description.").count() == 1

    html = client.get(f"/fr/practices/{fixtures.practice_slug}/").content.decode()
    assert "Titre traduit" in html
    assert "Traduit de l" in html


def test_a_later_run_fills_what_is_missing_and_keeps_curators_edits(fixtures):
    call_command("seed", fixtures=fixtures.path, no_translations=True, verbosity=0)
    assert not Practice.objects.filter(title_fr__isnull=False).exists()
    practice = Practice.objects.get(slug=fixtures.practice_slug)
    practice.title_fr = "Titre revu par une curatrice"
    practice.save()

    call_command("seed", fixtures=fixtures.path, verbosity=0)

    practice.refresh_from_db()
    assert practice.title_fr == "Titre revu par une curatrice"
    assert practice.summary_fr == "Résumé."
    assert Theme.objects.get(slug=fixtures.theme_slug).name_fr == "Thème traduit"


def test_running_again_changes_nothing(fixtures):
    call_command("seed", fixtures=fixtures.path, verbosity=0)
    versions = dict(Practice.objects.values_list("slug", "lock_version"))

    call_command("seed", fixtures=fixtures.path, verbosity=0)

    assert dict(Practice.objects.values_list("slug", "lock_version")) == versions


def test_a_misspelt_field_is_refused(fixtures):
    write(fixtures.path, "es", {"practices": {fixtures.practice_slug: {"titel": "X"}}})

    with pytest.raises(CommandError, match="titel"):
        call_command("seed", fixtures=fixtures.path, verbosity=0)


def test_the_translations_arrive_in_a_version_of_the_records_history(fixtures):
    call_command("seed", fixtures=fixtures.path, verbosity=0)
    practice = Practice.objects.get(slug=fixtures.practice_slug)

    versions = Version.objects.get_for_object(practice)  # newest first
    assert [v.revision.comment for v in versions] == [
        "Translations filled from the shipped files (fixtures/translations/): fr.",
        "Loaded from the forum report's fixtures.",
    ]
    assert versions[0].field_dict["title_fr"] == "Titre traduit"
    assert versions[1].field_dict["title_fr"] is None
    # Each record has a revision of its own (a practice with its involvements,
    # as in every version of it): restoring it touches no other record.
    involvements = {
        str(pk) for pk in practice.involvements.values_list("pk", flat=True)
    }
    assert {
        (v.content_type.model, v.object_id)
        for v in versions[0].revision.version_set.all()
    } == {("practice", str(practice.pk))} | {("involvement", pk) for pk in involvements}


def test_the_first_version_restored_then_the_translated_one_brings_them_back(
    fixtures,
):
    call_command("seed", fixtures=fixtures.path, verbosity=0)
    practice = Practice.objects.get(slug=fixtures.practice_slug)
    translated, first = Version.objects.get_for_object(practice)[:2]

    first.revision.revert()
    practice.refresh_from_db()
    assert practice.title_fr is None

    translated.revision.revert()
    practice.refresh_from_db()
    assert practice.title_fr == "Titre traduit"
    assert practice.summary_fr == "Résumé."


def test_several_languages_of_one_record_arrive_in_one_version(fixtures):
    write(
        fixtures.path,
        "es",
        {"practices": {fixtures.practice_slug: {"title": "Título"}}},
    )
    call_command("seed", fixtures=fixtures.path, verbosity=0)
    practice = Practice.objects.get(slug=fixtures.practice_slug)

    newest = Version.objects.get_for_object(practice)[0]
    assert newest.revision.comment.endswith(": fr, es.")
    assert (newest.field_dict["title_fr"], newest.field_dict["title_es"]) == (
        "Titre traduit",
        "Título",
    )
