"""The CSV of the whole base is served from a file kept per content
generation: the second download reads no practice, every change to the
content (archiving, publishing) shows in the next one, and the file is the
export as read from the database, byte for byte. Filtered downloads are read
from the database every time."""

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from practices.open_data.exports import saved_while_sent
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tests.open_data.test_open_data import csv_rows
from tvetkb import cache as forgiving_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_exports(settings, tmp_path):
    """The page cache on (its generation names the kept file), and the
    folder the file is kept in."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
    return settings.EXPORT_CACHE_DIR


@pytest.fixture
def practices():
    welding = PracticeFactory(
        title="Welding for women",
        themes=[ThemeFactory(name="Gender", slug="gender")],
        countries=[CountryFactory(code="KE")],
        institutions=[InstitutionFactory(name="Nairobi Polytechnic")],
    )
    PracticeFactory(title="Solar installers' apprenticeship")
    return welding


def download(path="/practices.csv"):
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; ")
    return b"".join(response.streaming_content)


def titles(body):
    header, *rows = csv_rows(StreamingHttpResponse([body]))
    return sorted(row[header.index("title")] for row in rows)


def practice_queries(run):
    with CaptureQueriesContext(connection) as queries:
        body = run()
    return body, [q["sql"] for q in queries if "practices_practice" in q["sql"]]


def test_the_second_download_reads_no_practice(kept_exports, practices):
    first = download()

    with CaptureQueriesContext(connection) as queries:
        second = download()

    assert len(queries) == 0
    assert second == first
    assert titles(second) == ["Solar installers' apprenticeship", "Welding for women"]


def test_the_kept_file_is_the_export_read_from_the_database(
    kept_exports, practices, settings
):
    download()
    (kept,) = kept_exports.glob("practices-*.csv")
    from_file = download()

    settings.PAGE_CACHE_SECONDS = 0  # nothing kept: read from the database
    live = download()

    assert from_file == live == kept.read_bytes()
    assert from_file.startswith(b"\xef\xbb\xbf")
    assert from_file.count(b"\r\n") == 3  # the header and both practices


def test_junk_parameters_still_get_the_kept_file(kept_exports, practices):
    whole = download()

    body, read = practice_queries(lambda: download("/practices.csv?utm_source=x&q="))

    assert read == []
    assert body == whole


def test_an_archived_practice_is_gone_from_the_next_download(kept_exports, practices):
    download()
    download()
    practices.status = Practice.Status.ARCHIVED
    practices.save()

    body = download()

    assert titles(body) == ["Solar installers' apprenticeship"]
    assert titles(download()) == ["Solar installers' apprenticeship"]
    # Only the current generation's file is kept.
    assert len(list(kept_exports.glob("practices-*.csv"))) == 1


def test_a_published_practice_is_in_the_next_download(kept_exports, practices):
    draft = PracticeFactory(title="Drone surveying", status=Practice.Status.DRAFT)
    assert "Drone surveying" not in titles(download())

    draft.status = Practice.Status.PUBLISHED
    draft.save()

    assert "Drone surveying" in titles(download())


def test_a_renamed_institution_shows_in_the_next_download(kept_exports, practices):
    download()
    institution = practices.institutions.get()
    institution.name = "Kenya Polytechnic"
    institution.save()

    assert b"Kenya Polytechnic" in download()


@pytest.mark.parametrize(
    "query", ["?theme=gender", "?country=KE", "?q=welding", "?sort=title"]
)
def test_filtered_downloads_are_read_from_the_database(kept_exports, practices, query):
    download()

    body, read = practice_queries(lambda: download(f"/practices.csv{query}"))

    assert read, "a filtered download must read the practices"
    expected = (
        ["Solar installers' apprenticeship", "Welding for women"]
        if query == "?sort=title"
        else ["Welding for women"]
    )
    assert titles(body) == expected
    assert len(list(kept_exports.glob("*"))) == 1  # the whole base's file alone


def test_a_download_cut_short_keeps_no_file(tmp_path):
    kept = tmp_path / "practices-current-site.csv"
    chunks = saved_while_sent(iter(["\ufeff", "a,b\r\n", "c,d\r\n"]), kept, "current")

    assert next(chunks) == "\ufeff"
    chunks.close()  # the visitor went away

    assert list(tmp_path.iterdir()) == []


def test_a_complete_download_replaces_the_older_generations(tmp_path):
    (tmp_path / "practices-older-site.csv").write_text("old")
    (tmp_path / "practices-current-other.csv").write_text("other site")
    kept = tmp_path / "practices-current-site.csv"

    sent = list(saved_while_sent(iter(["\ufeff", "a,é\r\n"]), kept, "current"))

    assert sent == ["\ufeff", "a,é\r\n"]
    assert kept.read_bytes() == "\ufeffa,é\r\n".encode()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "practices-current-other.csv",
        "practices-current-site.csv",
    ]


def test_a_folder_that_cannot_be_written_still_gives_the_download(
    kept_exports, practices, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.EXPORT_CACHE_DIR = blocker / "exports"

    assert len(titles(download())) == 2


def test_without_the_page_cache_nothing_is_kept(kept_exports, practices, settings):
    settings.PAGE_CACHE_SECONDS = 0

    download()

    assert not kept_exports.exists()


def test_while_the_cache_is_down_the_download_is_read_from_the_database(
    kept_exports, practices, settings
):
    """No generation can be read, so no file can be trusted (nor kept)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "tvetkb.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    forgiving_cache._state["retry_at"] = 0.0
    try:
        assert len(titles(download())) == 2
        assert len(titles(download())) == 2
    finally:
        forgiving_cache._state["retry_at"] = 0.0

    assert not kept_exports.exists()


def test_each_host_has_its_own_file(kept_exports, practices):
    """The rows hold absolute page addresses: a file kept for one host name is
    never served at another."""
    assert b"http://testserver/practices/" in download()

    response = Client().get("/practices.csv", headers={"host": "localhost"})
    body = b"".join(response.streaming_content)

    assert b"http://localhost/practices/" in body
    assert b"testserver" not in body
    assert len(list(kept_exports.glob("practices-*.csv"))) == 2


@pytest.mark.parametrize(
    "query", ["?theme=no-such-theme", "?country=ZZ&evidence=nonsense", "?q=%20"]
)
def test_values_not_understood_still_get_the_kept_file(kept_exports, practices, query):
    """A filter value the list drops is no filter: the whole base, from the
    file, not a fresh read of every practice that anyone could ask for."""
    whole = download()

    body, read = practice_queries(lambda: download(f"/practices.csv{query}"))

    assert read == []
    assert body == whole
