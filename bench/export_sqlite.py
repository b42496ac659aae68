"""Run inside the benchmark's database (DATABASE_URL): write its published
practices to a SQLite file for Datasette, the way a data team would publish
them: one row per practice, countries and themes as JSON arrays for facets, an
index on the filtered column and an FTS5 index on the text.

    python bench/export_sqlite.py OUT.db
"""

import json
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tvetkb.settings")

import django

django.setup()

from practices.models import Practice  # noqa: E402

SCHEMA = """
CREATE TABLE practices (
    id INTEGER PRIMARY KEY,
    slug TEXT,
    title TEXT,
    summary TEXT,
    description TEXT,
    evidence_level TEXT,
    scope TEXT,
    published_at TEXT,
    last_verified TEXT,
    country TEXT,
    countries TEXT,
    themes TEXT,
    institutions TEXT
);
"""


def rows():
    practices = (
        Practice.objects.published()
        .order_by("pk")
        .prefetch_related("countries", "themes", "involvements__institution")
    )
    for p in practices.iterator(chunk_size=2000):
        codes = sorted(c.code for c in p.countries.all())
        yield (
            p.pk,
            p.slug,
            p.title,
            p.summary,
            p.description,
            p.evidence_level,
            p.scope,
            p.published_at.isoformat() if p.published_at else None,
            p.last_verified.isoformat() if p.last_verified else None,
            codes[0] if codes else None,
            json.dumps(codes),
            json.dumps(sorted(t.name for t in p.themes.all())),
            json.dumps([i.institution.name for i in p.involvements.all()]),
        )


def main(path):
    path = Path(path)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.executemany(f"INSERT INTO practices VALUES ({', '.join('?' * 13)})", rows())
    db.executescript(
        """
        CREATE INDEX practices_country ON practices (country);
        CREATE INDEX practices_evidence_level ON practices (evidence_level);
        CREATE VIRTUAL TABLE [practices_fts] USING FTS5 (
            [title], [summary], [description], content=[practices]
        );
        INSERT INTO practices_fts (rowid, title, summary, description)
            SELECT id, title, summary, description FROM practices;
        ANALYZE;
        """
    )
    db.commit()
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main(sys.argv[1])
