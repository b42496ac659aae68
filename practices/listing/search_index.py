"""The search documents of a practice, one per language, and the index that
holds them.

A practice is found by four parts, weighted the same way on both databases:
its title (A), its summary (B), the site's vocabulary it carries (B: the names
of its themes, challenges, countries and their UNESCO regions, and its target
groups), and its body (C: description, context and its institutions' names).

Each language of the site has its own document, stemmed by that language's
rules: English from the English texts (the original ones), French, Spanish
and Arabic from their translations, and from the original texts of a practice
written in that language, with the vocabulary's names in that language.

PostgreSQL stores a weighted tsvector per practice and language
(SearchDocument, a GIN index each); SQLite stores the four parts in an FTS5
table per language: porter stemming for English, and for the others the text
stemmed here by the same Snowball algorithms PostgreSQL uses. `update()` keeps
either current for any number of practices, in a few statements, and adds
the practices' words to the vocabulary that "did you mean" suggestions come
from."""

import functools
import re
import unicodedata

import snowballstemmer
from django.db import connections, router
from django.utils import translation

from practices.content_languages import CONTENT_LANGUAGES, ORIGINAL_LANGUAGE
from practices.localized import country_name
from practices.models import (
    SEARCH_CONFIGS,
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
# PostgreSQL's weight of each part.
WEIGHTS = {"title": "A", "summary": "B", "vocabulary": "B", "body": "C"}
# Porter stemming over Unicode words, accents folded: "Skills" finds "skill".
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# The other languages' text comes stemmed: whole words, accents folded.
STEMMED_FTS_TOKENIZER = "unicode61 remove_diacritics 2"

# A vocabulary word: three letters or more (no digits), as written, lower-cased.
_WORD = re.compile(r"[^\W\d_]{3,60}")
# A word as FTS5's unicode61 tokenizer reads one: letters and digits.
_TOKEN = re.compile(r"[^\W_]+")
# Texts are read in batches of this many practices.
BATCH = 500


def fts_table(language):
    """The SQLite full-text table of `language`'s documents."""
    return FTS_TABLE if language == ORIGINAL_LANGUAGE else f"{FTS_TABLE}_{language}"


def create_fts_table(language):
    tokenizer = (
        FTS_TOKENIZER if language == ORIGINAL_LANGUAGE else STEMMED_FTS_TOKENIZER
    )
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table(language)} USING fts5("
        f"{', '.join(FTS_COLUMNS)}, tokenize='{tokenizer}')"
    )


def vector_column(language):
    """SearchDocument's column holding `language`'s vector."""
    return "vector" if language == ORIGINAL_LANGUAGE else f"vector_{language}"


@functools.cache
def _stemmer(language):
    return snowballstemmer.stemmer(SEARCH_CONFIGS[language])


@functools.lru_cache(maxsize=100_000)
def _stem(language, word):
    return _stemmer(language).stemWord(word)


@functools.cache
def _combining_marks():
    # Unicode's combining marks (Mn), as one character class.
    points = [p for p in range(0x300, 0x10000) if unicodedata.category(chr(p)) == "Mn"]
    ranges, start = [], points[0]
    for previous, point in zip(points, [*points[1:], None], strict=True):
        if point != previous + 1:
            ranges.append(f"{chr(start)}-{chr(previous)}")
            start = point
    return re.compile(f"[{''.join(ranges)}]+")


def stemmed(text, language):
    """`text` as the SQLite index of `language` holds it: its words lower-cased
    and stemmed (accents kept for the stemmer; combining marks, such as
    Arabic's short vowels, dropped), separated by spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = _combining_marks().sub("", text)
    return " ".join(_stem(language, word) for word in _TOKEN.findall(text.lower()))


def update(practices, original_columns=False, languages=None):
    """Index `practices` (a queryset) anew. Returns how many were indexed.
    `original_columns`: read the texts' original columns, English only (for a
    migration made before the language columns existed); `languages`: those
    to index (default: all of the site's; a migration names those it knows)."""
    using = router.db_for_write(Practice)
    ids = list(
        Practice.objects.using(using)
        .filter(pk__in=practices.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if original_columns:
        languages = [ORIGINAL_LANGUAGE]
    languages = languages or CONTENT_LANGUAGES
    postgresql = connections[using].vendor == "postgresql"
    words = set()
    for start in range(0, len(ids), BATCH):
        documents = _documents(
            ids[start : start + BATCH], using, languages, not original_columns
        )
        if postgresql:
            _write_vectors(documents, languages, using)
        else:
            _write_fts_rows(documents, languages, using)
        for by_language in documents.values():
            for part in by_language[ORIGINAL_LANGUAGE].values():
                words |= words_in(part)
    _add_words(words, using)
    return len(ids)


def _documents(ids, using, languages, suffixed=True):
    """{practice id: {language: {part: text}}} of the practices `ids`, read
    from the language columns (`suffixed`) or the original ones."""

    def col(field, language):
        return f"{field}_{language}" if suffixed else field

    text_fields = ["title", "summary", "target_groups", "description", "context"]
    columns = [col(f, lang) for lang in languages for f in text_fields]
    texts = {}
    # rewrite(False): the columns named are read as named, whatever the
    # page's language.
    practices = (
        Practice.objects.using(using).rewrite(False).filter(pk__in=ids).order_by()
    )
    if suffixed:
        rows = practices.values_list("pk", "original_language", *columns)
    else:  # before the practice knew its original language: English
        rows = (
            (pk, ORIGINAL_LANGUAGE, *rest)
            for pk, *rest in practices.values_list("pk", *columns)
        )
    for pk, original, *values in rows:
        row = dict(zip(columns, values, strict=True))
        texts[pk] = {
            lang: {
                f: row[col(f, lang)]
                # A practice written in this language: its original texts.
                or (row[col(f, ORIGINAL_LANGUAGE)] if original == lang else "")
                or ""
                for f in text_fields
            }
            for lang in languages
        }

    def names(through, name):
        found = {}
        for pk, *values in (
            through.objects.using(using)
            .filter(practice_id__in=ids)
            .order_by("pk")
            .values_list("practice_id", *[col(name, lang) for lang in languages])
        ):
            for lang, value in zip(languages, values, strict=True):
                if value:
                    found.setdefault((pk, lang), []).append(value)
        return found

    themes = names(Practice.themes.through, "theme__name")
    challenges = names(Practice.challenges.through, "challenge__name")
    institutions = names(Involvement, "institution__name")

    @functools.cache
    def place(code, name, region, lang):
        # A country's name and region in `lang`: once per country, not per link.
        with translation.override(lang):
            label = str(Region(region).label) if region in Region.values else ""
            local = name if lang == ORIGINAL_LANGUAGE else country_name(code, lang)
        return f"{local} {label}"

    places = {}
    for pk, code, name, region in (
        Practice.countries.through.objects.using(using)
        .filter(practice_id__in=ids)
        .order_by("pk")
        .values_list("practice_id", "country__code", "country__name", "country__region")
    ):
        for lang in languages:
            places.setdefault((pk, lang), []).append(place(code, name, region, lang))

    documents = {}
    for pk, by_language in texts.items():
        documents[pk] = {}
        for lang, text in by_language.items():
            key = (pk, lang)
            documents[pk][lang] = {
                "title": text["title"],
                "summary": text["summary"],
                "vocabulary": " ".join(
                    [
                        *themes.get(key, []),
                        *challenges.get(key, []),
                        *places.get(key, []),
                        text["target_groups"],
                    ]
                ),
                "body": " ".join(
                    [
                        text["description"],
                        text["context"],
                        *institutions.get(key, []),
                    ]
                ),
            }
    return documents


def _write_vectors(documents, languages, using):
    """Upsert the practices' vectors in one statement: each language's parts
    weighted and stemmed by its text-search configuration."""
    if not documents:
        return
    parts = list(FTS_COLUMNS)
    aliases = [f"{lang}_{part}" for lang in languages for part in parts]
    vectors = [
        " || ".join(
            f"setweight(to_tsvector('{SEARCH_CONFIGS[lang]}'::regconfig, "
            f"v.{lang}_{part}), '{WEIGHTS[part]}')"
            for part in parts
        )
        for lang in languages
    ]
    columns = [vector_column(lang) for lang in languages]
    row = "(" + ", ".join(["%s::bigint"] + ["%s::text"] * len(aliases)) + ")"
    params = []
    for pk, by_language in documents.items():
        params.append(pk)
        params += [by_language[lang][part] for lang in languages for part in parts]
    table = SearchDocument._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (practice_id, {', '.join(columns)}) "
            f"SELECT v.id, {', '.join(vectors)} "
            f"FROM (VALUES {', '.join([row] * len(documents))}) "
            f"AS v(id, {', '.join(aliases)}) "
            "ON CONFLICT (practice_id) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns),
            params,
        )


def _write_fts_rows(documents, languages, using):
    if not documents:
        return
    placeholders = ", ".join(["%s"] * len(documents))
    with connections[using].cursor() as cursor:
        for lang in languages:
            table = fts_table(lang)
            cursor.execute(
                f"DELETE FROM {table} WHERE rowid IN ({placeholders})",
                list(documents),
            )
            rows = []
            for pk, by_language in documents.items():
                parts = list(by_language[lang].values())
                if lang != ORIGINAL_LANGUAGE:
                    parts = [stemmed(part, lang) for part in parts]
                rows.append([pk, *parts])
            cursor.executemany(
                f"INSERT INTO {table} (rowid, {', '.join(FTS_COLUMNS)}) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def remove(practice_ids, using="default"):
    """Drop deleted practices from the SQLite index (PostgreSQL's rows go with
    their practice)."""
    if connections[using].vendor == "postgresql" or not practice_ids:
        return
    placeholders = ", ".join(["%s"] * len(practice_ids))
    with connections[using].cursor() as cursor:
        for language in CONTENT_LANGUAGES:
            cursor.execute(
                f"DELETE FROM {fts_table(language)} WHERE rowid IN ({placeholders})",
                list(practice_ids),
            )


def words_in(text):
    return {word.lower() for word in _WORD.findall(text or "")}


def _add_words(words, using, batch=2000):
    SearchWord.objects.using(using).bulk_create(
        [SearchWord(word=word) for word in sorted(words)],
        batch_size=batch,
        ignore_conflicts=True,
    )
