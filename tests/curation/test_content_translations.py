"""Curators translate content: in the admin, each text's French, Spanish and
Arabic versions; a list filter of what lacks a translation in a language; and
the spreadsheet export and import with a column per language."""

import pytest
import tablib

from practices.curation.resources import InstitutionResource, PracticeResource
from practices.models import Practice, Theme
from tests.factories import InstitutionFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_a_curator_translates_a_theme_in_the_admin(staff_client):
    theme = ThemeFactory(name="Green skills", slug="green-skills")

    form = staff_client.get(f"/admin/practices/theme/{theme.pk}/change/")
    assert {"name", "name_fr", "name_es", "name_ar", "description_ar"} <= set(
        form.context["adminform"].form.fields
    )
    assert "name_en" not in form.context["adminform"].form.fields

    response = staff_client.post(
        f"/admin/practices/theme/{theme.pk}/change/",
        {
            "name": "Green skills",
            "slug": "green-skills",
            "description": "",
            "name_fr": "Compétences vertes",
            "name_es": "",
            "name_ar": "المهارات الخضراء",
        },
    )

    assert response.status_code == 302
    theme = Theme.objects.get(pk=theme.pk)
    assert (theme.name_en, theme.name_fr, theme.name_es, theme.name_ar) == (
        "Green skills",
        "Compétences vertes",
        None,
        "المهارات الخضراء",
    )


def test_the_practice_form_has_a_section_per_language(staff_client):
    practice = PracticeFactory()

    response = staff_client.get(f"/admin/practices/practice/{practice.pk}/change/")

    html = response.content.decode()
    for name in ("Français", "Español", "العربية"):
        assert f"Translation: {name}" in html
    assert 'name="title_fr"' in html
    assert 'name="transferability_ar"' in html


def test_list_filter_finds_practices_lacking_a_translation(staff_client):
    PracticeFactory(title="Untranslated")
    PracticeFactory(title="Title only", title_fr="Titre seulement")
    PracticeFactory(title="Done", title_fr="Fait", summary_fr="Résumé.")

    response = staff_client.get("/admin/practices/practice/?lacks_translation=fr")

    listed = {p.title for p in response.context["cl"].result_list}
    assert listed == {"Untranslated", "Title only"}
    assert "lacks a translation in" in response.content.decode()


def test_spreadsheet_has_a_column_per_language():
    PracticeFactory(slug="solar", title="Solar", title_es="Solar (es)")

    exported = PracticeResource().export()

    assert {"title", "title_fr", "summary_es", "transferability_ar"} <= set(
        exported.headers
    )
    [row] = exported.dict
    assert row["title_es"] == "Solar (es)"
    assert row["title_fr"] == ""


def test_translations_come_back_from_the_spreadsheet():
    PracticeFactory(slug="solar", title="Solar apprentices")
    exported = PracticeResource().export()
    dataset = tablib.Dataset().load(exported.csv, format="csv")
    dataset.append_col(["x"], header="unused")  # columns unknown are ignored
    rows = dataset.dict
    rows[0]["title_fr"] = "Apprentis du solaire"
    rows[0]["summary_ar"] = "ملخص"
    updated = tablib.Dataset(headers=dataset.headers)
    updated.append([rows[0][header] for header in dataset.headers])

    result = PracticeResource().import_data(updated)

    assert not result.has_errors() and not result.has_validation_errors()
    practice = Practice.objects.get(slug="solar")
    assert practice.title_en == "Solar apprentices"
    assert practice.title_fr == "Apprentis du solaire"
    assert practice.summary_ar == "ملخص"
    assert practice.title_es is None


def test_an_unchanged_institution_sheet_changes_nothing():
    InstitutionFactory(name="Solar Institute", name_fr="Institut solaire")
    exported = InstitutionResource().export()

    result = InstitutionResource().import_data(
        tablib.Dataset().load(exported.csv, format="csv")
    )

    assert result.totals["skip"] == 1
