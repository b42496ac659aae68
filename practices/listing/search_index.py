"""The search document of a practice, and the index that holds it.

A practice is found by four parts, weighted the same way on both databases:
its title (A), its summary (B), the site's vocabulary it carries (B: the names
of its themes, challenges, countries and their UNESCO regions, and its target
groups), and its body (C: description, context and its institutions' names).

Each part is indexed in every content language, stemmed as that language is:
the English texts (the original columns) with the 'english' configuration,
and the French, Spanish and Arabic translations with 'french', 'spanish' and
'arabic', along with the vocabulary's names in that language (themes and
challenges as translated, else in English; countries and regions as the site
names them in that language). A practice written in one of those languages
(`original_language`) is indexed in it by its original texts too.

The languages are kept apart rather than mixed in one vector: French stems
such as "format" (formation) or "public" would otherwise find English texts
on English pages, and English results must stay as precise as they are. A
search on a page in a language other than English matches the English
document with English stemming or the page language's document with its own
(search.py), so practices not translated yet are still found by their English
text.

PostgreSQL stores a weighted tsvector per language and practice
(SearchDocument: `vector` for English, `vector_fr` and so on, each with a GIN
index; a search reads one or two of them). SQLite stores the parts in one FTS5
table (bm25 ranking, whole words): the English parts in four columns stemmed by
FTS5's porter tokenizer, each other language's in four more holding its text
stemmed in Python with the Snowball stemmer PostgreSQL's configurations are
made from (stemming.py, a function SQLite calls while indexing), which a
search stems the same way; FTS5 column filters keep each language to its own
columns. `update()` keeps either current, in one statement for any number of
practices, and adds the practices' English words to the vocabulary that "did
you mean" suggestions come from."""

import json
import re

from django.contrib.postgres.search import SearchVector
from django.db import connections, router
from django.db.models import (
    Case,
    F,
    Func,
    OuterRef,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import translation
from django_countries import countries

from practices.content_languages import ORIGINAL_LANGUAGE
from practices.listing.stemming import (
    SEARCH_CONFIGS,
    STEMMED_LANGUAGES,
    stemmed_for_sqlite,
)
from practices.models import (
    SEARCH_CONFIG,
    Involvement,
    Practice,
    SearchDocument,
    SearchWord,
)
from practices.regions import Region

FTS_TABLE = "practices_search_fts"
PARTS = ["title", "summary", "vocabulary", "body"]
# bm25 weights of the parts: the ratios of PostgreSQL's default weights for
# A, B, B and C.
PART_WEIGHTS = dict(zip(PARTS, [5.0, 2.0, 2.0, 1.0], strict=True))


def fts_columns(language=ORIGINAL_LANGUAGE):
    """The FTS5 columns of a language's parts: `title`... for English,
    `fr_title`... for French."""
    prefix = "" if language == ORIGINAL_LANGUAGE else f"{language}_"
    return [f"{prefix}{part}" for part in PARTS]


# The FTS5 table's columns, in order, and their bm25 weights.
FTS_COLUMNS = {
    column: weight
    for language in [ORIGINAL_LANGUAGE, *STEMMED_LANGUAGES]
    for column, weight in zip(fts_columns(language), PART_WEIGHTS.values(), strict=True)
}
# Porter stemming over Unicode words, accents folded: "Skills" finds "skill".
# The other languages' columns hold stems already (Snowball, stemming.py),
# which porter may shorten again, the same way for a text and a search.
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# The function SQLite calls to stem a text in a language.
SQLITE_STEMMER = "tvetkb_stemmed"

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


def _region_label(language=ORIGINAL_LANGUAGE):
    # The region's label in `language`, whatever the language of the request
    # that saved the practice.
    with translation.override(language):
        labels = [(value, str(label)) for value, label in Region.choices]
    return Case(
        *(When(country__region=value, then=Value(label)) for value, label in labels),
        default=Value(""),
        output_field=TextField(),
    )


class _JSONValue(Func):
    """The value at a key (an expression) of a JSON object given as a
    parameter: one parameter for a whole table of names."""

    output_field = TextField()

    def __init__(self, mapping, key):
        super().__init__(Value(json.dumps(mapping, ensure_ascii=False)), key)

    def as_sql(self, compiler, connection, **extra_context):
        mapping, key = self.get_source_expressions()
        mapping_sql, mapping_params = compiler.compile(mapping)
        key_sql, key_params = compiler.compile(key)
        params = (*mapping_params, *key_params)
        if connection.vendor == "postgresql":
            return f"(({mapping_sql})::jsonb ->> ({key_sql}))", params
        return f"json_extract({mapping_sql}, '$.' || ({key_sql}))", params


def _country_names(language):
    """{code: name} of every country, in `language`, as django-countries
    names them."""
    with translation.override(language):
        return {code: str(name) for code, name in countries}


def english_parts(original_columns=False):
    """{part: expression} of a practice's English search document: its
    English texts (the English columns; the original ones before those
    existed, for an early migration)."""

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


def text_in(field, language, prefix=""):
    """An expression: a practice's `field` in `language`, its translation or,
    for a practice written in that language, its original text; '' if
    neither. `prefix`: the path to the practice ("practice__")."""
    return Coalesce(
        NullIf(F(f"{prefix}{field}_{language}"), Value("")),
        Case(
            When(
                **{f"{prefix}original_language": language},
                then=F(f"{prefix}{field}_{ORIGINAL_LANGUAGE}"),
            ),
        ),
        Value(""),
        output_field=TextField(),
    )


def _name_in(path, language):
    """A linked object's name in `language`, in English if not translated."""
    return Coalesce(
        NullIf(F(f"{path}_{language}"), Value("")),
        F(f"{path}_{ORIGINAL_LANGUAGE}"),
        Value(""),
        output_field=TextField(),
    )


def translated_parts(language):
    """{part: expression} of a practice's search document in `language`:
    its texts in that language and the vocabulary as named in it."""
    prefix = f"doc_{language}_"
    return {
        f"{prefix}title": text_in("title", language),
        f"{prefix}summary": text_in("summary", language),
        f"{prefix}vocabulary": Concat(
            _names(
                Practice.themes.through, "practice", _name_in("theme__name", language)
            ),
            Value(" "),
            _names(
                Practice.challenges.through,
                "practice",
                _name_in("challenge__name", language),
            ),
            Value(" "),
            _names(
                Practice.countries.through,
                "practice",
                Concat(
                    Coalesce(
                        _JSONValue(_country_names(language), F("country_id")),
                        F("country__name"),
                        output_field=TextField(),
                    ),
                    Value(" "),
                    _region_label(language),
                    output_field=TextField(),
                ),
            ),
            Value(" "),
            text_in("target_groups", language),
            output_field=TextField(),
        ),
        f"{prefix}body": Concat(
            text_in("description", language),
            Value(" "),
            text_in("context", language),
            Value(" "),
            _names(Involvement, "practice", _name_in("institution__name", language)),
            output_field=TextField(),
        ),
    }


def document_parts(original_columns=False):
    """{part: expression} of a practice's search documents: English, then
    each other language's (English only for an early migration, before the
    translations' columns existed)."""
    parts = english_parts(original_columns)
    if not original_columns:
        for language in STEMMED_LANGUAGES:
            parts.update(translated_parts(language))
    return parts


def _part_names(language):
    if language == ORIGINAL_LANGUAGE:
        return [f"doc_{part}" for part in PARTS]
    return [f"doc_{language}_{part}" for part in PARTS]


def update(practices, original_columns=False):
    """Index `practices` (a queryset) anew. Returns how many were indexed.
    `original_columns`: read the texts' original columns and index English
    only (migrations made before the translations' columns existed)."""
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
    languages = [ORIGINAL_LANGUAGE] + ([] if original_columns else STEMMED_LANGUAGES)
    if connections[using].vendor == "postgresql":
        count = _update_vectors(documents, languages, using)
    else:
        count = _update_fts_rows(documents, languages, using)
    if count:
        _add_words(documents)
    return count


def _sql(queryset, using):
    from django.core.exceptions import EmptyResultSet

    try:
        return queryset.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # e.g. none(): no practice to index
        return None, None


def vector_field(language):
    """The SearchDocument field of a language's vector."""
    return "vector" if language == ORIGINAL_LANGUAGE else f"vector_{language}"


def _vector(language):
    config = (
        SEARCH_CONFIG if language == ORIGINAL_LANGUAGE else SEARCH_CONFIGS[language]
    )
    title, summary, vocabulary, body = _part_names(language)
    return (
        SearchVector(title, weight="A", config=config)
        + SearchVector(summary, weight="B", config=config)
        + SearchVector(vocabulary, weight="B", config=config)
        + SearchVector(body, weight="C", config=config)
    )


def _update_vectors(documents, languages, using):
    fields = [vector_field(language) for language in languages]
    vectors = {
        f"new_{f}": _vector(lang) for f, lang in zip(fields, languages, strict=True)
    }
    select, params = _sql(
        documents.annotate(**vectors).values_list("pk", *vectors), using
    )
    if select is None:
        return 0
    updates = ", ".join(f"{field} = EXCLUDED.{field}" for field in fields)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchDocument._meta.db_table} "
            f"(practice_id, {', '.join(fields)}) "
            f"{select} ON CONFLICT (practice_id) DO UPDATE SET {updates}",
            params,
        )
        return cursor.rowcount


def register_stemmer(connection):
    """Let SQLite call the Python stemmer (stemming.stemmed) while indexing."""
    connection.ensure_connection()
    connection.connection.create_function(
        SQLITE_STEMMER, 2, stemmed_for_sqlite, deterministic=True
    )


def _update_fts_rows(documents, languages, using):
    stems = {
        f"stems_{language}_{part}": Func(
            Value(language),
            F(f"doc_{language}_{part}"),
            function=SQLITE_STEMMER,
            output_field=TextField(),
        )
        for language in languages
        if language != ORIGINAL_LANGUAGE
        for part in PARTS
    }
    rows = documents.annotate(**stems).values_list(
        "pk", *_part_names(ORIGINAL_LANGUAGE), *stems
    )
    select, params = _sql(rows, using)
    if select is None:
        return 0
    ids, id_params = _sql(documents.values("pk"), using)
    columns = [column for language in languages for column in fts_columns(language)]
    register_stemmer(connections[using])
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({ids})", id_params)
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(columns)}) {select}",
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
    for parts in documents.values_list(*_part_names(ORIGINAL_LANGUAGE)).iterator(
        chunk_size=batch
    ):
        for part in parts:
            words |= words_in(part)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)],
        batch_size=batch,
        ignore_conflicts=True,
    )
