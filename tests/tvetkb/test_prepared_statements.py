"""Statements PostgreSQL plans once per connection (tvetkb/prepared_statements.py):
the same rows as planning each time, prepared only where a rollback cannot
take them away, and not at all where turned off or on SQLite."""

import pytest
from django.db import connection, transaction

from practices.listing.cards import with_card_details
from practices.models import Practice
from tests.factories import InstitutionFactory, PracticeFactory, ThemeFactory
from tvetkb import prepared_statements
from tvetkb.prepared_statements import numbered

# Outside a wrapping transaction, as a server's requests run; what the
# migrations created is brought back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STATEMENT = "SELECT %s + 1, '100%%' WHERE %s > 0"


def postgresql():
    return connection.vendor == "postgresql"


def prepared_on_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def run(sql, params):
    with connection.cursor() as cursor:
        prepared_statements.execute(cursor, sql, params)
        return cursor.fetchall()


def test_parameters_are_numbered_for_prepare_and_percent_signs_kept():
    assert numbered(STATEMENT) == "SELECT $1 + 1, '100%' WHERE $2 > 0"
    assert numbered("SELECT 1") == "SELECT 1"


def test_a_statement_is_prepared_once_and_gives_the_rows_of_planning_it_each_time():
    if not postgresql():
        pytest.skip("PostgreSQL's prepared statements")
    connection.ensure_connection()
    before = len(prepared_on_server())

    first = run(STATEMENT, [1, 1])
    second = run(STATEMENT, [41, 41])
    nothing = run(STATEMENT, [-1, -1])

    assert (first, second, nothing) == ([(2, "100%")], [(42, "100%")], [])
    assert len(prepared_on_server()) == before + 1
    assert len(connection.prepared_statements) == before + 1


def test_no_statement_is_prepared_in_a_transaction_a_rollback_could_undo():
    if not postgresql():
        pytest.skip("PostgreSQL's prepared statements")
    connection.ensure_connection()
    before = prepared_on_server()

    with pytest.raises(RuntimeError), transaction.atomic():
        assert run(STATEMENT, [1, 1]) == [(2, "100%")]
        raise RuntimeError("rolled back")

    assert prepared_on_server() == before
    # Outside the transaction it is prepared, and then runs inside one too.
    assert run(STATEMENT, [2, 2]) == [(3, "100%")]
    with transaction.atomic():
        assert run(STATEMENT, [3, 3]) == [(4, "100%")]
    assert len(prepared_on_server()) == len(before) + 1


def test_a_new_connection_prepares_again():
    if not postgresql():
        pytest.skip("PostgreSQL's prepared statements")
    assert run(STATEMENT, [1, 1]) == [(2, "100%")]

    connection.close()

    assert run(STATEMENT, [5, 5]) == [(6, "100%")]
    assert len(prepared_on_server()) == 1


def test_turned_off_or_on_sqlite_nothing_is_prepared(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False

    assert run(STATEMENT, [1, 1]) == [(2, "100%")]

    if postgresql():
        assert "SELECT $1 + 1" not in " ".join(prepared_on_server())
    else:
        assert not hasattr(connection, "prepared_statements")


def test_cards_read_through_a_prepared_statement_name_what_each_practice_has():
    """Two lists of cards on one connection, the second with other practices,
    as two visitors' pages: each card has its own names."""
    digital, green = ThemeFactory(name="Digital"), ThemeFactory(name="Green")
    first = PracticeFactory(title="First", themes=[digital])
    polytechnic = InstitutionFactory(name="Polytechnic")
    second = PracticeFactory(title="Second", themes=[green], institutions=[polytechnic])
    third = PracticeFactory(title="Third", themes=[digital, green])

    def names(practices):
        cards = with_card_details(Practice.objects.filter(pk__in=practices))
        return {
            p.title: (
                [str(name) for name in p.card_details.themes],
                [str(i.name) for i in p.card_details.institutions],
            )
            for p in cards
        }

    assert names([first.pk, second.pk]) == {
        "First": (["Digital"], []),
        "Second": (["Green"], ["Polytechnic"]),
    }
    assert names([third.pk, first.pk]) == {
        "Third": (["Digital", "Green"], []),
        "First": (["Digital"], []),
    }
    if postgresql():
        assert any("practices_practice_themes" in s for s in prepared_on_server())
