"""A knowledge base seeded before the fixtures were checked against the report
gets the corrections from a migration, which changes only what curators left
as it was loaded."""

import importlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from practices.models import Institution, Involvement, Practice, SearchDocument

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The fixtures as they were first published, before the corrections.
OLD_FIXTURES = Path(__file__).parent / "data" / "fixtures_before_corrections"
MIGRATION = "0008_report_fidelity_corrections"
corrections = importlib.import_module(f"practices.migrations.{MIGRATION}")
TRANSLATIONS = "0018_content_translations"
content_translations = importlib.import_module(f"practices.migrations.{TRANSLATIONS}")

PRACTICE_TEXT = [
    "title",
    "summary",
    "description",
    "target_groups",
    "context",
    "transferability",
]


def fixture(name, folder=FIXTURES):
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


class SchemaEditor:
    connection = connection


def run_corrections():
    """The migration as a knowledge base seeded before it goes through it: with
    the models it knows (a later migration renames a field), then the later
    copy of the texts into the English columns (0018)."""
    loader = MigrationExecutor(connection).loader
    corrections.correct(
        loader.project_state([("practices", MIGRATION)]).apps, SchemaEditor()
    )
    content_translations.copy_english_texts(
        loader.project_state([("practices", TRANSLATIONS)]).apps, SchemaEditor()
    )


def practice_as_loaded(practice):
    return {
        **{field: getattr(practice, field) for field in PRACTICE_TEXT},
        "scope": practice.scope,
        "countries": sorted(c.code for c in practice.countries.all()),
        "themes": sorted(t.slug for t in practice.themes.all()),
        "institutions": sorted(
            (i.institution.slug, i.role) for i in practice.involvements.all()
        ),
        "inferred_fields": practice.inferred_fields,
        "editorial_note": practice.editorial_note,
    }


def practice_in_fixture(row):
    return {
        **{field: row.get(field, "") for field in PRACTICE_TEXT},
        "scope": row.get("scope", ""),
        "countries": sorted(row.get("countries", [])),
        "themes": sorted(row.get("themes", [])),
        "institutions": sorted(
            (link["institution"], link["role"]) for link in row["institutions"]
        ),
        "inferred_fields": row["inferred_fields"],
        "editorial_note": row["editorial_note"],
    }


INSTITUTION_FIELDS = ["name", "kind", "city", "website", "description"]


def institution_as_loaded(institution):
    return {
        **{field: getattr(institution, field) for field in INSTITUTION_FIELDS},
        "country": institution.country_id,
        "inferred_fields": institution.inferred_fields,
        "editorial_note": institution.editorial_note,
    }


def institution_in_fixture(row):
    return {
        **{field: row[field] for field in INSTITUTION_FIELDS},
        "country": row["country"],
        "inferred_fields": row["inferred_fields"],
        "editorial_note": row["editorial_note"],
    }


@pytest.fixture
def seeded_before_corrections(db):
    call_command("seed", fixtures=OLD_FIXTURES, verbosity=0)


@pytest.mark.usefixtures("seeded_before_corrections")
def test_an_untouched_knowledge_base_ends_as_the_corrected_fixtures_load():
    run_corrections()

    practices = Practice.objects.prefetch_related(
        "countries", "themes", "involvements__institution"
    )
    assert {p.slug: practice_as_loaded(p) for p in practices} == {
        row["slug"]: practice_in_fixture(row) for row in fixture("practices")
    }
    assert {i.slug: institution_as_loaded(i) for i in Institution.objects.all()} == {
        row["slug"]: institution_in_fixture(row) for row in fixture("institutions")
    }
    assert not Institution.objects.filter(slug="hp").exists()


@pytest.mark.usefixtures("seeded_before_corrections")
def test_what_curators_edited_is_left_alone_field_by_field():
    co_design = Practice.objects.get(slug="temasek-co-design-learning-spaces")
    co_design.summary = "Rewritten by a curator."
    co_design.save()
    flatfish = Practice.objects.get(slug="flatfish-case")
    flatfish.countries.set(["DE"])  # a curator's correction of the place
    wsi_hp = Practice.objects.get(slug="wsi-hp-bechangemaker")
    wsi_hp.summary = "HP confirmed its part to a curator."
    wsi_hp.save()
    hk = Institution.objects.get(slug="hk-denmark")
    hk.kind = Institution.Kind.NETWORK
    hk.save()

    run_corrections()

    co_design.refresh_from_db()
    assert co_design.summary == "Rewritten by a curator."
    # Its description was not edited: it is corrected.
    assert "Teachers need classrooms" not in co_design.description
    flatfish.refresh_from_db()
    assert list(flatfish.countries.values_list("code", flat=True)) == ["DE"]
    assert flatfish.editorial_note == ""
    assert flatfish.summary.startswith("SENAI-CIMATEC, DFKI and Shell developed")
    assert "As the Flatfish combines a real-world project" in flatfish.summary
    wsi_hp.refresh_from_db()
    assert wsi_hp.summary == "HP confirmed its part to a curator."
    assert set(wsi_hp.involvements.values_list("institution__slug", "role")) == {
        ("worldskills-international", "lead"),
        ("hp", "partner"),
    }
    assert wsi_hp.themes.filter(slug="partnerships-networks").exists()
    assert Institution.objects.filter(slug="hp").exists()
    hk.refresh_from_db()
    assert hk.kind == Institution.Kind.NETWORK
    assert hk.inferred_fields == []


@pytest.mark.usefixtures("seeded_before_corrections")
def test_running_the_corrections_again_changes_nothing():
    run_corrections()
    out_first = dump()
    run_corrections()
    assert dump() == out_first


@pytest.mark.usefixtures("seeded_before_corrections")
def test_corrected_records_move_to_a_new_version():
    before = Practice.objects.get(slug="flatfish-case").lock_version
    untouched = Practice.objects.get(slug="viken-academy-4-0").lock_version

    run_corrections()

    assert Practice.objects.get(slug="flatfish-case").lock_version == before + 1
    assert Practice.objects.get(slug="viken-academy-4-0").lock_version == untouched


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Search vectors exist on PostgreSQL"
)
@pytest.mark.usefixtures("seeded_before_corrections")
def test_corrected_text_is_what_search_finds(client):
    run_corrections()
    practices = client.get("/api/practices/", {"q": "forefront"}).json()["results"]
    assert "oxygeni-us" in {p["slug"] for p in practices}

    # The vectors written are those the application computes.
    vectors = SearchDocument.objects.order_by("pk").values_list("pk", "vector")
    written = list(vectors)
    Practice.objects.all().update_search_vectors()
    assert list(vectors) == written


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_corrects_old_text_and_keeps_a_curators():
    call_command("seed", fixtures=OLD_FIXTURES, verbosity=0)
    edited = Practice.objects.get(slug="bilt-bridging-innovation-learning-tvet")
    edited.summary = "A curator's own summary."
    edited.save()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("practices", "0007_editorial_inference")])
        executor.loader.build_graph()
        executor.migrate([("practices", MIGRATION)])
    finally:
        # The models (and the tests after this one) need every later
        # migration applied again.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Practice.objects.get(pk=edited.pk).summary == "A curator's own summary."
    i_hubs = Practice.objects.get(slug="unevoc-i-hubs-framework")
    assert "help actors build" not in i_hubs.summary
    assert "offer platforms for engagement" in i_hubs.summary
    assert not Involvement.objects.filter(institution__slug="hp").exists()


def dump():
    from io import StringIO

    out = StringIO()
    call_command("dumpdata", "practices", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.usefixtures("seeded_before_corrections")
def test_seed_add_missing_on_an_old_knowledge_base_changes_no_record():
    edited = Practice.objects.get(slug="oxygeni-us")
    edited.summary = "A curator's own summary."
    edited.save()
    Practice.objects.get(slug="viken-academy-4-0").delete()
    before = {
        (row["model"], row["pk"]): row["fields"]
        for row in dump()
        if row["model"] in {"practices.practice", "practices.institution"}
    }

    # Translations only fill empty language columns (tests/management/
    # test_seed_translations.py); here, the English records.
    call_command("seed", add_missing=True, no_translations=True, verbosity=0)

    after = {
        (row["model"], row["pk"]): row["fields"]
        for row in dump()
        if row["model"] in {"practices.practice", "practices.institution"}
    }
    added = set(after) - set(before)
    assert [after[key]["slug"] for key in added] == ["viken-academy-4-0"]
    assert {key: after[key] for key in before} == before
