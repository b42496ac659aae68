"""Backups of the whole database and their restore: pg_dump and pg_restore on
PostgreSQL (a custom-format archive), SQLite's online backup API on SQLite (a
consistent copy, taken while the site serves)."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class UnsupportedDatabase(Exception):
    """tvetkb runs on PostgreSQL or SQLite; a backup is made for those two."""

    def __init__(self, vendor):
        super().__init__(
            f"Backups are made for PostgreSQL and SQLite, the databases tvetkb "
            f"runs on; this database is {vendor}."
        )


def _postgresql_environment():
    """libpq's variables for the configured database (no password on the
    command line, where `ps` would show it)."""
    db = connection.settings_dict
    variables = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{k: v for k, v in variables.items() if v}}


def backup(path):
    """Write the whole database to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path)],
            env=_postgresql_environment(),
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise UnsupportedDatabase(connection.vendor)


def restore(path):
    """Replace the whole database with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    if connection.vendor == "postgresql":
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ],
            env=_postgresql_environment(),
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise UnsupportedDatabase(connection.vendor)
