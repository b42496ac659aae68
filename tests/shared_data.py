"""Test data shared by the tests of a module or class."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def shared_data(django_db_blocker):
    """For a module- or class-scoped fixture: data made once inside a
    transaction rolled back after the last test (each test runs in a savepoint
    inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
