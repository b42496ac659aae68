"""Migration operations that depend on the database in use."""

from django.db.migrations import AddIndex, RemoveIndex, RunPython


class AddIndexOnPostgreSQL(AddIndex):
    """Add an index of a kind only PostgreSQL has (such as GIN). On other
    databases the index is kept in the migration state, so `makemigrations`
    sees no change, but nothing is created."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveIndexOnPostgreSQL(RemoveIndex):
    """Remove an index added with AddIndexOnPostgreSQL. Elsewhere it may exist
    all the same, as a plain index: SQLite rebuilds a table for some changes,
    with every index of the migration state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def run_sql_on(vendor, forwards, backwards):
    """A RunPython that executes `forwards` (or `backwards`) on one kind of
    database (`vendor`, e.g. "postgresql") and does nothing elsewhere."""

    def only_on_vendor(sql):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == vendor:
                schema_editor.execute(sql)

        return run

    return RunPython(only_on_vendor(forwards), only_on_vendor(backwards))


def run_sql_on_postgresql(forwards, backwards):
    return run_sql_on("postgresql", forwards, backwards)
