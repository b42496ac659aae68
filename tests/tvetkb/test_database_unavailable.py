"""When the database cannot be reached, pages answer 503 with Retry-After and
our own error page; /healthz answers load balancers that probe by IP address."""

import os

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as with a server that refuses connections."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.9 failed: refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)


def visitor():
    client = Client()
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path", ["/", "/practices/", "/practices/a-practice/", "/api/practices/"]
)
def test_pages_answer_503_with_retry_after_and_our_page(database_down, path):
    response = visitor().get(path)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "We will be back in a moment" in response.content.decode()


def test_curator_session_with_database_down_gets_503(client, database_down):
    """The session and user are read by middleware, before any view runs."""
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a" * 32

    response = client.get("/admin/")

    assert response.status_code == 503


def test_other_errors_stay_500(monkeypatch):
    PracticeFactory(slug="a-practice")
    monkeypatch.setattr(
        "practices.views.PracticeDetailView.get_object",
        lambda self, queryset=None: 1 / 0,
    )

    response = visitor().get("/practices/a-practice/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_healthz_answers_a_probe_by_ip_address():
    probe = Client(headers={"host": "10.0.0.5:8000"})

    response = probe.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Other addresses by IP are still refused.
    assert probe.get("/practices/").status_code == 400


def test_healthz_by_ip_reports_the_database_down(database_down):
    response = Client(headers={"host": "10.0.0.5"}).get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


class QueryCanceled(Exception):
    """As psycopg reports a statement cancelled by statement_timeout."""

    pgcode = "57014"


def raise_timeout(*args, **kwargs):
    raise OperationalError(
        "canceling statement due to statement timeout"
    ) from QueryCanceled()


def test_a_search_that_takes_too_long_gets_a_friendly_503(monkeypatch):
    monkeypatch.setattr("practices.views.PracticeListView.get_queryset", raise_timeout)

    response = visitor().get("/practices/?q=welding")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "That took too long" in response.content.decode()


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL connection setting"
)


@needs_postgresql
def test_statements_have_a_time_limit_on_postgresql(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        limit = cursor.fetchone()[0]
    assert limit not in ("0", "0ms")
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] > 0


@needs_postgresql
def test_pages_statements_are_not_jit_compiled_on_postgresql():
    # Compiling a large page's statement cost more than it saved.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@needs_postgresql
def test_the_planner_prices_random_reads_as_configured():
    # 1.1 (solid-state storage) unless DATABASE_RANDOM_PAGE_COST says otherwise.
    configured = float(os.environ.get("DATABASE_RANDOM_PAGE_COST") or 1.1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == configured


@needs_postgresql
def test_a_statement_past_the_limit_answers_503_on_postgresql(monkeypatch):
    def slow_search(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr("practices.views.PracticeListView.get_queryset", slow_search)

    response = visitor().get("/practices/?q=welding")

    assert response.status_code == 503
    assert "That took too long" in response.content.decode()
