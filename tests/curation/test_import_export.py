"""Bulk import and export of practices and institutions: CSV and Excel exports
that name related records by slug, imports previewed by a dry run, errors
reported per row, and all or nothing: one invalid row and nothing changes."""

import csv
import datetime
import io

import openpyxl
import pytest
import reversion
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Revision, Version

from practices.curation.resources import InstitutionResource, PracticeResource
from practices.models import Country, Institution, Involvement, Practice
from tests.admin_pages import admin_url
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PRACTICE_HEADERS = [
    "slug",
    "title",
    "status",
    "summary",
    "countries",
    "themes",
    "challenges",
    "institutions",
    "source",
]


@pytest.fixture
def world():
    """Related records an import can name, and one existing practice."""
    germany, finland = CountryFactory(code="DE"), CountryFactory(code="FI")
    themes = [
        ThemeFactory(name="Greening", slug="greening"),
        ThemeFactory(name="Migration", slug="migration"),
    ]
    polytechnic = InstitutionFactory(
        name="Polytechnic of Hamburg", slug="polytechnic", country=germany
    )
    ministry = InstitutionFactory(
        name="Ministry of Education", slug="ministry", country=finland
    )
    ChallengeFactory(name="Data gaps", slug="data-gaps")
    SourceFactory()
    practice = PracticeFactory(
        title="Dual training",
        slug="dual-training",
        themes=themes,
        countries=[germany],
        institutions=[polytechnic],
    )
    Involvement.objects.create(
        practice=practice, institution=ministry, role=Involvement.Role.FUNDER
    )
    return practice


def snapshot():
    """Every practice, institution, link and many-to-many row, for comparing the
    database before and after (bookkeeping fields left out)."""
    bookkeeping = {"updated_at", "lock_version"}

    def rows(queryset):
        return [
            {k: v for k, v in row.items() if k not in bookkeeping}
            for row in queryset.order_by("pk").values()
        ]

    return {
        "practices": rows(Practice.objects.all()),
        "institutions": rows(Institution.objects.all()),
        "involvements": rows(Involvement.objects.all()),
        **{
            name: rows(getattr(Practice, name).through.objects.all())
            for name in ["themes", "countries", "challenges"]
        },
    }


def history_size():
    return Revision.objects.count(), Version.objects.count()


def practice_dataset(*rows):
    return tablib.Dataset(*rows, headers=PRACTICE_HEADERS)


UPDATE_ROW = (
    "dual-training",
    "Dual training, updated",
    "published",
    "Apprenticeships, updated.",
    "DE|FI",
    "greening",
    "data-gaps",
    "polytechnic:partner",
    "forum-report",
)
CREATE_ROW = (
    "learning-factories",
    "Learning factories",
    "draft",
    "Training in a working factory.",
    "FI",
    "migration|greening",
    "",
    "ministry:lead|polytechnic:funder",
    "forum-report",
)


def linked(practice):
    practice = Practice.objects.get(pk=practice.pk)
    return {
        "countries": sorted(c.code for c in practice.countries.all()),
        "themes": sorted(t.slug for t in practice.themes.all()),
        "challenges": sorted(c.slug for c in practice.challenges.all()),
        "institutions": sorted(
            (i.institution.slug, i.role) for i in practice.involvements.all()
        ),
    }


# --- export --------------------------------------------------------------------


def export_through_admin(client, model, file_format):
    url = admin_url(f"{model}_export")
    form = client.get(url).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices}
    prefix = f"{model}resource_"
    data = {
        "resource": "0",
        "format": formats[file_format],
        **{name: "on" for name in form.fields if name.startswith(prefix)},
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *values = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in values]


EXPECTED_EXPORT = {
    "slug": "dual-training",
    "title": "Dual training",
    "status": "published",
    "countries": "DE",
    "themes": "greening|migration",
    "institutions": "polytechnic:lead|ministry:funder",
    "source": "forum-report",
}


@pytest.mark.parametrize(
    ("file_format", "read"),
    [("csv", csv_rows), ("xlsx", xlsx_rows)],
    ids=["csv", "xlsx"],
)
def test_admin_exports_practices_with_related_records_by_slug(
    staff_client, world, file_format, read
):
    response = export_through_admin(staff_client, "practice", file_format)

    assert f".{file_format}" in response["Content-Disposition"]
    [row] = read(response.content)
    assert list(row) == PracticeResource().get_export_headers()
    assert {key: row[key] for key in EXPECTED_EXPORT} == EXPECTED_EXPORT


def test_admin_export_includes_unpublished_practices(staff_client, world):
    PracticeFactory(slug="a-draft", status=Practice.Status.DRAFT)

    rows = csv_rows(export_through_admin(staff_client, "practice", "csv").content)

    assert sorted(row["slug"] for row in rows) == ["a-draft", "dual-training"]


def test_resource_exports_practices(world):
    dataset = PracticeResource().export()

    [row] = dataset.dict
    assert {key: row[key] for key in EXPECTED_EXPORT} == EXPECTED_EXPORT
    assert row["challenges"] == ""


@pytest.mark.parametrize(
    ("file_format", "read"),
    [("csv", csv_rows), ("xlsx", xlsx_rows)],
    ids=["csv", "xlsx"],
)
def test_admin_exports_institutions_with_country_code(
    staff_client, world, file_format, read
):
    rows = read(export_through_admin(staff_client, "institution", file_format).content)

    assert [(r["slug"], r["name"], r["country"]) for r in rows] == [
        ("ministry", "Ministry of Education", "FI"),
        ("polytechnic", "Polytechnic of Hamburg", "DE"),
    ]


# --- import through the resource -------------------------------------------------


def test_valid_import_updates_and_creates_practices(world):
    result = PracticeResource().import_data(practice_dataset(UPDATE_ROW, CREATE_ROW))

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    updated = Practice.objects.get(slug="dual-training")
    assert (updated.title, updated.summary) == (
        "Dual training, updated",
        "Apprenticeships, updated.",
    )
    assert linked(updated) == {
        "countries": ["DE", "FI"],
        "themes": ["greening"],
        "challenges": ["data-gaps"],
        "institutions": [("polytechnic", "partner")],
    }
    created = Practice.objects.get(slug="learning-factories")
    assert (created.title, created.status, created.source.slug) == (
        "Learning factories",
        "draft",
        "forum-report",
    )
    assert linked(created) == {
        "countries": ["FI"],
        "themes": ["greening", "migration"],
        "challenges": [],
        "institutions": [("ministry", "lead"), ("polytechnic", "funder")],
    }


def test_import_without_role_makes_institution_the_lead(world):
    row = (*CREATE_ROW[:7], "ministry", *CREATE_ROW[8:])

    PracticeResource().import_data(practice_dataset(row))

    created = Practice.objects.get(slug="learning-factories")
    assert linked(created)["institutions"] == [("ministry", "lead")]


def test_import_is_recorded_in_history(world):
    PracticeResource().import_data(practice_dataset(UPDATE_ROW))

    latest = Version.objects.get_for_object(world).first()
    assert latest.field_dict["title"] == "Dual training, updated"
    assert latest.revision.get_comment() == "Imported from a file."


def test_import_records_one_revision_per_practice(world):
    PracticeResource().import_data(practice_dataset(UPDATE_ROW, CREATE_ROW))

    updated = Version.objects.get_for_object(world).first()
    created = Version.objects.get_for_object(
        Practice.objects.get(slug="learning-factories")
    ).first()
    assert updated.revision_id != created.revision_id
    for version in (updated, created):
        practices = version.revision.version_set.filter(content_type__model="practice")
        assert [v.pk for v in practices] == [version.pk]


BAD_ROWS = {
    "unknown-theme": (
        {"themes": "greening|no-such-theme"},
        "themes",
        "Unknown theme: no-such-theme",
    ),
    "unknown-institution": (
        {"institutions": "polytechnic:lead|nowhere:partner"},
        "institutions",
        "Unknown institution: nowhere",
    ),
    "unknown-role": (
        {"institutions": "polytechnic:sponsor"},
        "institutions",
        "Unknown role “sponsor” for polytechnic.",
    ),
    "unknown-country": ({"countries": "DE|XX"}, "countries", "Unknown country: XX"),
    "unknown-source": ({"source": "no-such-report"}, "source", None),
    "invalid-status": ({"status": "live"}, "status", None),
    "missing-title": ({"title": ""}, "title", None),
    "control-character": ({"summary": "Line one\x0bline two"}, "summary", None),
}


def bad_row(changes):
    row = dict(zip(PRACTICE_HEADERS, CREATE_ROW, strict=True))
    row.update(slug="bad-row", **changes)
    return tuple(row.values())


@pytest.mark.parametrize(
    ("changes", "field", "message"), BAD_ROWS.values(), ids=BAD_ROWS.keys()
)
def test_one_bad_row_leaves_the_database_unchanged(world, changes, field, message):
    before = snapshot()
    dataset = practice_dataset(UPDATE_ROW, bad_row(changes), CREATE_ROW)

    result = PracticeResource().import_data(dataset)

    assert snapshot() == before
    assert not result.has_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert list(invalid.field_specific_errors) == [field]
    if message:
        assert invalid.field_specific_errors[field] == [message]


def test_every_bad_row_is_reported_with_its_number(world):
    dataset = practice_dataset(
        bad_row({"themes": "nope"}),
        UPDATE_ROW,
        bad_row({"status": "live"}),
    )

    result = PracticeResource().import_data(dataset)

    assert [
        (row.number, list(row.field_specific_errors)) for row in result.invalid_rows
    ] == [(1, ["themes"]), (3, ["status"])]


def test_dry_run_changes_nothing(world):
    before = snapshot()

    result = PracticeResource().import_data(
        practice_dataset(UPDATE_ROW, CREATE_ROW), dry_run=True
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    assert snapshot() == before


def test_dry_run_records_no_history(world):
    before = history_size()

    PracticeResource().import_data(practice_dataset(UPDATE_ROW), dry_run=True)

    assert history_size() == before


def test_rejected_import_records_no_history(world):
    before = history_size()

    PracticeResource().import_data(
        practice_dataset(UPDATE_ROW, bad_row({"status": "live"}))
    )

    assert history_size() == before


# --- round trip ----------------------------------------------------------------


def round_trip(client):
    """Export every practice as CSV through the admin and import the file back."""
    exported = export_through_admin(client, "practice", "csv").content
    before = snapshot()
    result = PracticeResource().import_data(
        tablib.Dataset().load(exported.decode("utf-8-sig"), format="csv")
    )
    assert not result.has_errors() and not result.has_validation_errors()
    return before, snapshot()


@pytest.fixture
def second_practice():
    return PracticeFactory(
        slug="second",
        status=Practice.Status.DRAFT,
        published_at=None,
        challenges=[ChallengeFactory(slug="data-gaps")],
        last_verified=datetime.date(2025, 3, 1),
    )


def test_exported_csv_reimported_changes_nothing(staff_client, world, second_practice):
    # Whole seconds: the export's date format keeps those (see the test below).
    Practice.objects.filter(pk=world.pk).update(
        published_at=datetime.datetime(2019, 11, 13, 9, 30, tzinfo=datetime.UTC)
    )

    before, after = round_trip(staff_client)

    assert after == before


def test_exported_csv_reimported_keeps_published_dates(staff_client, world):
    assert world.published_at.microsecond  # set by timezone.now()

    before, after = round_trip(staff_client)

    assert after == before


def test_institutions_round_trip_skips_every_row(world):
    exported = InstitutionResource().export()
    before = snapshot()

    result = InstitutionResource().import_data(
        tablib.Dataset().load(exported.csv, format="csv")
    )

    assert not result.has_validation_errors()
    assert result.totals["skip"] == 2
    assert snapshot() == before


# --- the admin import flow --------------------------------------------------------


def upload(rows, headers=PRACTICE_HEADERS, name="practices.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def preview(client, model, file):
    url = admin_url(f"{model}_import")
    form = client.get(url).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices}
    response = client.post(
        url, {"resource": "0", "format": formats["csv"], "import_file": file}
    )
    assert response.status_code == 200
    return response


def test_admin_preview_lists_rows_and_offers_confirmation(staff_client, world):
    before = snapshot()

    response = preview(staff_client, "practice", upload([UPDATE_ROW, CREATE_ROW]))

    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["update", "new"]
    assert response.context["confirm_form"] is not None
    html = response.content.decode()
    assert "Confirm import" in html
    assert "Learning factories" in html
    assert snapshot() == before


def test_admin_preview_with_a_bad_row_shows_the_error_and_no_confirm_button(
    staff_client, world
):
    before = snapshot()
    file = upload([UPDATE_ROW, bad_row({"themes": "no-such-theme"})])

    response = preview(staff_client, "practice", file)

    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "Unknown theme: no-such-theme" in html
    assert "Confirm import" not in html
    assert snapshot() == before


def confirm(client, model, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(admin_url(f"{model}_process_import"), data)


def test_admin_confirmed_import_writes_every_row(staff_client, world):
    response = preview(staff_client, "practice", upload([UPDATE_ROW, CREATE_ROW]))

    confirmed = confirm(staff_client, "practice", response)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == admin_url("practice_changelist")
    assert Practice.objects.get(slug="dual-training").title == (
        "Dual training, updated"
    )
    created = Practice.objects.get(slug="learning-factories")
    assert linked(created)["institutions"] == [
        ("ministry", "lead"),
        ("polytechnic", "funder"),
    ]


def test_previewed_then_confirmed_import_shows_once_in_history(curator_client, world):
    with reversion.create_revision():
        world.save()
    response = preview(curator_client, "practice", upload([UPDATE_ROW]))
    confirm(curator_client, "practice", response)

    history = curator_client.get(admin_url("practice_history", world.pk))

    imported, _first = history.context["action_list"]
    assert imported["revision"].get_comment() == "Imported from a file."
    assert ("title", "Dual training", "Dual training, updated") in imported["changes"]


def test_admin_import_revision_names_the_curator(curator_client, world):
    response = preview(curator_client, "practice", upload([UPDATE_ROW]))
    confirm(curator_client, "practice", response)

    latest = Version.objects.get_for_object(world).first()
    assert latest.revision.user is not None
    assert latest.revision.user.username == "curator-a"


# --- institutions ----------------------------------------------------------------

INSTITUTION_HEADERS = ["slug", "name", "kind", "country", "city"]


def test_valid_institution_import_updates_and_creates(world):
    CountryFactory(code="PY")
    dataset = tablib.Dataset(
        ("polytechnic", "Polytechnic of Hamburg", "tvet-institution", "DE", "Hamburg"),
        ("fundacion", "Fundación Paraguaya", "ngo", "PY", "Asunción"),
        headers=INSTITUTION_HEADERS,
    )

    result = InstitutionResource().import_data(dataset)

    assert not result.has_validation_errors()
    assert Institution.objects.get(slug="polytechnic").city == "Hamburg"
    created = Institution.objects.get(slug="fundacion")
    assert (created.kind, created.country_id) == ("ngo", "PY")


BAD_INSTITUTIONS = {
    "unknown-country": ({"country": "XX"}, "country", "Unknown country: XX"),
    "invalid-kind": ({"kind": "club"}, "kind", None),
    "missing-name": ({"name": ""}, "name", None),
}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    BAD_INSTITUTIONS.values(),
    ids=BAD_INSTITUTIONS.keys(),
)
def test_bad_institution_row_leaves_the_database_unchanged(
    world, changes, field, message
):
    CountryFactory(code="PY")
    good = ("polytechnic", "Polytechnic of Hamburg", "tvet-institution", "DE", "HH")
    bad = dict(
        zip(
            INSTITUTION_HEADERS,
            ("fundacion", "Fundación Paraguaya", "ngo", "PY", ""),
            strict=True,
        )
    )
    bad.update(changes)
    before = snapshot()

    result = InstitutionResource().import_data(
        tablib.Dataset(good, tuple(bad.values()), headers=INSTITUTION_HEADERS)
    )

    assert snapshot() == before
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert list(invalid.field_specific_errors) == [field]
    if message:
        assert invalid.field_specific_errors[field] == [message]


def test_admin_institution_import_shows_unknown_country(staff_client, world):
    file = upload(
        [("fundacion", "Fundación Paraguaya", "ngo", "XX", "")],
        headers=INSTITUTION_HEADERS,
        name="institutions.csv",
    )

    response = preview(staff_client, "institution", file)

    assert "Unknown country: XX" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not Institution.objects.filter(slug="fundacion").exists()


def test_admin_institution_import_confirmed(staff_client, world):
    file = upload(
        [("fundacion", "Fundación Paraguaya", "ngo", "FI", "Helsinki")],
        headers=INSTITUTION_HEADERS,
        name="institutions.csv",
    )
    response = preview(staff_client, "institution", file)

    assert confirm(staff_client, "institution", response).status_code == 302
    assert Institution.objects.get(slug="fundacion").city == "Helsinki"


def test_reimporting_an_unchanged_export_creates_no_new_versions(staff_client, world):
    version_before = Practice.objects.get(pk=world.pk).lock_version

    round_trip(staff_client)

    assert Practice.objects.get(pk=world.pk).lock_version == version_before


def test_any_iso_country_code_is_accepted_on_import(world):
    assert not Country.objects.filter(code="PY").exists()
    row = dict(zip(PRACTICE_HEADERS, CREATE_ROW, strict=True))
    row.update(countries="py|FI")

    result = PracticeResource().import_data(practice_dataset(tuple(row.values())))

    assert not result.has_errors() and not result.has_validation_errors()
    practice = Practice.objects.get(slug="learning-factories")
    assert sorted(c.code for c in practice.countries.all()) == ["FI", "PY"]
    assert Country.objects.get(code="PY").name == "Paraguay"


def test_a_row_changing_only_institutions_is_imported(staff_client, world):
    exported = export_through_admin(staff_client, "practice", "csv").content
    dataset = tablib.Dataset().load(exported.decode("utf-8-sig"), format="csv")
    column = dataset.headers.index("institutions")
    row = list(dataset[0])
    row[column] = "ministry:lead"
    dataset[0] = row

    result = PracticeResource().import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    links = {(i.institution.slug, i.role) for i in world.involvements.all()}
    assert links == {("ministry", "lead")}


def test_admin_export_runs_a_constant_number_of_queries(staff_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            export_through_admin(staff_client, "practice", "csv")
        return len(captured)

    few = count()
    for n in range(10):
        PracticeFactory(slug=f"extra-{n}", institutions=[InstitutionFactory()])
    assert count() == few


def test_a_file_naming_one_slug_twice_is_refused_naming_both_rows(world):
    before = snapshot()
    renamed = ("dual-training", "Dual training, second", *UPDATE_ROW[2:])
    dataset = practice_dataset(UPDATE_ROW, CREATE_ROW, renamed)

    result = PracticeResource().import_data(dataset)

    assert snapshot() == before
    [error] = result.base_errors
    assert str(error.error) == (
        "Each row must name a different record, but the file repeats the slug "
        "“dual-training” in rows 1, 3. Nothing was imported."
    )


def test_the_preview_of_a_file_naming_one_slug_twice_says_so(world, curator_client):
    renamed = ("dual-training", "Dual training, second", *UPDATE_ROW[2:])
    upload = SimpleUploadedFile(
        "practices.csv",
        practice_dataset(UPDATE_ROW, renamed).csv.encode(),
        content_type="text/csv",
    )

    response = curator_client.post(
        admin_url("practice_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )

    assert "the file repeats the slug “dual-training” in rows 1, 2" in (
        response.content.decode()
    )


# --- spreadsheet formulas ----------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize(
    ("file_format", "read"),
    [("csv", csv_rows), ("xlsx", xlsx_rows)],
    ids=["csv", "xlsx"],
)
def test_admin_exports_escape_spreadsheet_formulas(
    staff_client, world, file_format, read
):
    Practice.objects.filter(pk=world.pk).update(summary=FORMULA, title="-1+1")

    [row] = read(export_through_admin(staff_client, "practice", file_format).content)

    assert row["summary"] == f"'{FORMULA}"
    assert row["title"] == "'-1+1"


def test_an_escaped_export_reimported_keeps_the_text(staff_client, world):
    Practice.objects.filter(pk=world.pk).update(summary=FORMULA, title="@mention")

    before, after = round_trip(staff_client)

    assert after == before
    world.refresh_from_db()
    assert (world.summary, world.title) == (FORMULA, "@mention")


def test_an_import_makes_cached_pages_stale_once_not_per_row(
    world, settings, monkeypatch
):
    """Every row's save would start a generation of the page cache, and no
    page would be served from it while a large import runs: the import counts
    as one change, made stale as it starts and once it has committed."""
    from django.test import Client

    from tvetkb import page_cache

    settings.PAGE_CACHE_SECONDS = 600
    assert "Dual training" in Client().get("/practices/").text
    assert Client().get("/practices/")["X-Page-Cache"] == "hit"
    generations = []
    start = page_cache._start_generation
    monkeypatch.setattr(
        page_cache, "_start_generation", lambda: generations.append(start())
    )

    result = PracticeResource().import_data(
        practice_dataset(UPDATE_ROW, CREATE_ROW), user=None
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert len(generations) == 2
    page = Client().get("/practices/")
    assert page.get("X-Page-Cache") != "hit"
    assert "Dual training, updated" in page.text
    # After the import, each change counts again.
    Practice.objects.get(slug="dual-training").save()
    assert len(generations) == 3
