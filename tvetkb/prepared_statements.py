"""Statements PostgreSQL plans once per connection, not at every request.

A list page's small statements, such as the cards' names read by the page's
ids, spend most of their time being planned (0.8 of 1.3 ms for ten cards),
and their plan is the same whatever ids they are given: read each link table
by its practice index. On PostgreSQL, `execute` prepares such a statement the
first time a connection runs it, then only executes it.

Only statements whose best plan does not depend on their parameters belong
here: a search's does (a word in ten practices or in ten thousand), so the
listing statement is planned for each request.

DATABASE_PREPARED_STATEMENTS=0 turns this off, as a pooler that hands each
transaction to any server connection (PgBouncer in transaction mode) needs:
another server connection would not know the statement."""

import itertools
import re

from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver

# Statements prepared on one connection at most (the cards' statement has one
# form per number of cards and language: 80 at most).
MAX_PER_CONNECTION = 200
_PLACEHOLDER = re.compile(r"%([s%])")


def execute(cursor, sql, params):
    """`cursor.execute(sql, params)`, prepared on PostgreSQL (see above)."""
    connection = cursor.db
    prepared = getattr(connection, "prepared_statements", None)
    if prepared is None or not settings.DATABASE_PREPARED_STATEMENTS:
        return cursor.execute(sql, params)
    name = prepared.get(sql)
    if name is None:
        # A statement prepared in a transaction is gone if it is rolled back:
        # one is only prepared outside a transaction (and then runs anywhere).
        in_transaction = connection.in_atomic_block or not connection.get_autocommit()
        if in_transaction or len(prepared) >= MAX_PER_CONNECTION:
            return cursor.execute(sql, params)
        name = f"tvetkb_{len(prepared) + 1}"
        cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
        prepared[sql] = name
    if not params:
        return cursor.execute(f"EXECUTE {name}")
    return cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)


def numbered(sql):
    """`sql`, written for the database driver (`%s` for each parameter, `%%`
    for a percent sign), as PREPARE reads it ($1, $2, ...)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(
        lambda match: f"${next(numbers)}" if match[1] == "s" else "%", sql
    )


@receiver(connection_created)
def _forget_prepared_statements(sender, connection, **kwargs):
    # A new connection knows no statement; only PostgreSQL's are prepared.
    if connection.vendor == "postgresql":
        connection.prepared_statements = {}
