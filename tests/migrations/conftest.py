"""Data migrations are tested on a database as it was before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def migrate(transactional_db):
    """A function migrating the database to a migration of `practices`, giving
    the historical app registry there. The database ends fully migrated."""

    def to(name=None):
        """To `name`, or with no name to the latest migrations (where today's
        models can be used again)."""
        executor = MigrationExecutor(connection)
        target = [("practices", name)] if name else executor.loader.graph.leaf_nodes()
        executor.migrate(target)
        executor.loader.build_graph()
        return executor.loader.project_state(target).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
