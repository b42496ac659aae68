"""A backup of a populated knowledge base with history restores into an empty
database with every public page and every revision identical (SQLite's backup
API; pg_dump/pg_restore on PostgreSQL)."""

import shutil

import pytest
import reversion
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from reversion.models import Version

from practices.models import Practice, Theme

# serialized_rollback: the database is left as empty as the next test of that
# kind expects (a restore replaces every table, content types included).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def public_addresses():
    practices = Practice.objects.published().values_list("slug", flat=True)
    themes = Theme.objects.values_list("slug", flat=True)
    return [
        "/",
        "/practices/",
        "/practices/?q=digital",
        "/institutions/",
        "/themes/",
        "/challenges/",
        "/countries/",
        "/api/practices/",
        "/practices.csv",
        "/practices.atom",
        "/sitemap.xml",
        "/sitemap-practices.xml",
        *(f"/practices/{slug}/" for slug in practices),
        *(f"/themes/{slug}/" for slug in themes),
    ]


def snapshot():
    client = Client()
    pages = {}
    for address in public_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = b"".join(response) if response.streaming else response.content
    revisions = list(
        Version.objects.order_by("pk").values_list(
            "pk",
            "object_id",
            "content_type__model",
            "serialized_data",
            "revision__date_created",
            "revision__comment",
        )
    )
    return pages, revisions


@pytest.fixture
def knowledge_base_with_history():
    call_command("seed", verbosity=0)
    practice = Practice.objects.published().order_by("pk").first()
    with reversion.create_revision():
        reversion.set_comment("Clearer summary.")
        practice.summary = "A clearer summary, edited by a curator."
        practice.save()
    assert Version.objects.get_for_object(practice).count() >= 2


@pytest.mark.skipif(
    connection.vendor == "postgresql" and not shutil.which("pg_dump"),
    reason="pg_dump is not installed",
)
def test_a_backup_restores_every_page_and_revision(
    knowledge_base_with_history, tmp_path
):
    before = snapshot()
    backup = tmp_path / "tvetkb.dump"
    call_command("backup_database", file=str(backup), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert not Practice.objects.exists()
    assert not Version.objects.exists()

    call_command("restore_database", str(backup), interactive=False, verbosity=0)

    after = snapshot()
    assert after[1] == before[1]
    assert after[0].keys() == before[0].keys()
    for address, content in before[0].items():
        assert after[0][address] == content, address


def test_restoring_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such backup"):
        call_command("restore_database", str(tmp_path / "nope"), interactive=False)


@pytest.mark.parametrize("command", ["backup_database", "restore_database"])
def test_another_kind_of_database_is_refused_with_a_clear_message(
    command, tmp_path, monkeypatch
):
    monkeypatch.setattr(connection, "vendor", "mysql")
    backup = tmp_path / "kb.dump"
    backup.write_bytes(b"")
    arguments = (
        ["--file", str(backup)]
        if command == "backup_database"
        else [str(backup), "--no-input"]
    )

    with pytest.raises(CommandError, match=r"PostgreSQL and SQLite.*mysql"):
        call_command(command, *arguments)
