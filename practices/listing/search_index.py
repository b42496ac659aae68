"""The search document of a practice, and the index that holds it.

A practice is found by four parts, weighted the same way on both databases:
its title (A), its summary (B), the site's vocabulary it carries (B: the names
of its themes, challenges, countries and their UNESCO regions, and its target
groups), and its body (C: description, context and its institutions' names).

PostgreSQL stores a weighted tsvector per practice (SearchDocument, with a GIN
index); SQLite stores the four parts in an FTS5 table (porter stemming, whole
words, bm25 ranking). `update()` keeps either current, in one statement for any
number of practices, and adds the practices' words to the vocabulary that
"did you mean" suggestions come from."""

import re

from django.contrib.postgres.search import SearchVector
from django.db import connections, router
from django.db.models import (
    Case,
    F,
    OuterRef,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import translation

from practices.content_languages import ORIGINAL_LANGUAGE
from practices.models import (
    SEARCH_CONFIG,
    Involvement,
    Practice,
    SearchDocument,
    SearchWord,
)
from practices.regions import Region

FTS_TABLE = "practices_search_fts"
# The FTS5 table's columns, in order, and their bm25 weights (the ratios of
# PostgreSQL's default weights for A, B, B and C).
FTS_COLUMNS = {"title": 5.0, "summary": 2.0, "vocabulary": 2.0, "body": 1.0}
# Porter stemming over Unicode words, accents folded: "Skills" finds "skill".
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"

CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{', '.join(FTS_COLUMNS)}, tokenize='{FTS_TOKENIZER}')"
)
DROP_FTS_TABLE = f"DROP TABLE IF EXISTS {FTS_TABLE}"

# A vocabulary word: three letters or more (no digits), as written, lower-cased.
_WORD = re.compile(r"[^\W\d_]{3,60}")


def _names(through, path, name):
    """The names of what a practice links to through `through`, space-separated
    ('' when none), as a subquery."""
    return Coalesce(
        Subquery(
            through.objects.filter(practice=OuterRef("pk"))
            .order_by()
            .values("practice")
            .annotate(names=StringAgg(name, delimiter=Value(" ")))
            .values("names")[:1]
        ),
        Value(""),
        output_field=TextField(),
    )


def _region_label():
    # The search document is English (SEARCH_CONFIG), whatever the language of
    # the request that saved the practice.
    with translation.override("en"):
        labels = [(value, str(label)) for value, label in Region.choices]
    return Case(
        *(When(country__region=value, then=Value(label)) for value, label in labels),
        default=Value(""),
        output_field=TextField(),
    )


def document_parts(original_columns=False):
    """{part: expression} of a practice's search document: its English texts
    (the English columns; the original ones before those existed, for an
    early migration)."""

    def english(name):
        return name if original_columns else f"{name}_{ORIGINAL_LANGUAGE}"

    return {
        "doc_title": F(english("title")),
        "doc_summary": F(english("summary")),
        "doc_vocabulary": Concat(
            _names(Practice.themes.through, "practice", english("theme__name")),
            Value(" "),
            _names(Practice.challenges.through, "practice", english("challenge__name")),
            Value(" "),
            _names(
                Practice.countries.through,
                "practice",
                Concat(
                    "country__name",
                    Value(" "),
                    _region_label(),
                    output_field=TextField(),
                ),
            ),
            Value(" "),
            F(english("target_groups")),
            output_field=TextField(),
        ),
        "doc_body": Concat(
            F(english("description")),
            Value(" "),
            F(english("context")),
            Value(" "),
            _names(Involvement, "practice", english("institution__name")),
            output_field=TextField(),
        ),
    }


def update(practices, original_columns=False):
    """Index `practices` (a queryset) anew. Returns how many were indexed.
    `original_columns`: read the texts' original columns (migrations made
    before the English ones existed)."""
    using = router.db_for_write(Practice)
    # By primary key, so a filter across a relation cannot list a practice
    # twice (an upsert may write each row once).
    # rewrite(False): the columns named are read as named, whatever the
    # page's language.
    documents = (
        Practice.objects.using(using)
        .rewrite(False)
        .filter(pk__in=practices.values("pk"))
        .order_by()
        .annotate(**document_parts(original_columns))
    )
    if connections[using].vendor == "postgresql":
        count = _update_vectors(documents, using)
    else:
        count = _update_fts_rows(documents, using)
    if count:
        _add_words(documents)
    return count


def _sql(queryset, using):
    from django.core.exceptions import EmptyResultSet

    try:
        return queryset.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # e.g. none(): no practice to index
        return None, None


def _update_vectors(documents, using):
    vector = (
        SearchVector("doc_title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("doc_summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("doc_vocabulary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("doc_body", weight="C", config=SEARCH_CONFIG)
    )
    select, params = _sql(
        documents.annotate(vector=vector).values_list("pk", "vector"), using
    )
    if select is None:
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchDocument._meta.db_table} (practice_id, vector) "
            f"{select} ON CONFLICT (practice_id) DO UPDATE SET vector = "
            "EXCLUDED.vector",
            params,
        )
        return cursor.rowcount


def _update_fts_rows(documents, using):
    rows = documents.values_list(
        "pk", "doc_title", "doc_summary", "doc_vocabulary", "doc_body"
    )
    select, params = _sql(rows, using)
    if select is None:
        return 0
    ids, id_params = _sql(documents.values("pk"), using)
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({ids})", id_params)
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) {select}",
            params,
        )
        return cursor.rowcount


def remove(practice_ids, using="default"):
    """Drop deleted practices from the SQLite index (PostgreSQL's rows go with
    their practice)."""
    if connections[using].vendor == "postgresql" or not practice_ids:
        return
    placeholders = ", ".join(["%s"] * len(practice_ids))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",
            list(practice_ids),
        )


def words_in(text):
    return {word.lower() for word in _WORD.findall(text or "")}


def _add_words(documents, batch=2000):
    words = set()
    for parts in documents.values_list(
        "doc_title", "doc_summary", "doc_vocabulary", "doc_body"
    ).iterator(chunk_size=batch):
        for part in parts:
            words |= words_in(part)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)],
        batch_size=batch,
        ignore_conflicts=True,
    )
