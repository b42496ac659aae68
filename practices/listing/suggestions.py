"""Help when a search finds nothing: the closest spellings found in published
practices ("Did you mean entrepreneurship?"), and the themes and challenges
whose names are close to what was typed.

Closeness is trigram similarity, as PostgreSQL's pg_trgm measures it: the
share of three-letter pieces two words have in common. PostgreSQL computes it
with pg_trgm over the vocabulary (SearchWord); SQLite reads the vocabulary's
words of a similar length and computes it here. Either way a suggestion is
offered only if it finds a published practice."""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models.functions import Length

from practices.listing.search import clean_query, fts_expression, parse_terms
from practices.listing.search_index import FTS_TABLE
from practices.listing.tables import PRACTICES, SEARCH_DOCUMENTS, SEARCH_WORDS
from practices.models import SEARCH_CONFIG, Challenge, PracticeStatus, SearchWord, Theme

# How close a word must be to be offered (pg_trgm's own default, 0.3, offers
# "building" for "welding").
SIMILARITY_THRESHOLD = 0.4
# A theme or challenge is suggested when one of its words is this close to one
# of the words typed.
NAME_SIMILARITY_THRESHOLD = 0.45
# At most this many words of the search are corrected.
MAX_WORDS = 6

_ALPHANUMERIC = re.compile(r"[^\W_]+")


def trigrams(text):
    """pg_trgm's trigrams of `text`: of each word, lower-cased, with two spaces
    before it and one after."""
    found = set()
    for word in _ALPHANUMERIC.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def trigram_similarity(a, b):
    """pg_trgm's similarity(a, b): shared trigrams over all trigrams."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Suggestions:
    query: str  # the search with its words corrected ("" when none is better)
    themes: list
    challenges: list


def suggest(text, using="default"):
    """What to offer when the search `text` found no published practice."""
    words = []
    for required, _ in parse_terms(clean_query(text)):
        for term in required:
            words += [w for w in _ALPHANUMERIC.findall(term) if w not in words]
    words = words[:MAX_WORDS]
    corrected = ""
    if words:
        if connections[using].vendor == "postgresql":
            best = _closest_words_postgresql(words, using)
        else:
            best = _closest_words_sqlite(words, using)
        replaced = [best.get(word.lower(), word) for word in words]
        if [w.lower() for w in replaced] != [w.lower() for w in words]:
            corrected = " ".join(replaced)
    return Suggestions(
        query=corrected,
        themes=_close_names(Theme.objects.using(using).order_by("name"), words),
        challenges=_close_names(
            Challenge.objects.using(using).order_by("position"), words
        ),
    )


def _closest_words_postgresql(words, using):
    """{word: the closest vocabulary word that finds a published practice}: one
    statement, pg_trgm's `%` served by the trigram index."""
    branch = f"""(
        SELECT %s, w.word FROM {SEARCH_WORDS} w
        WHERE w.word %% %s AND similarity(w.word, %s) >= %s AND EXISTS (
            SELECT 1 FROM {SEARCH_DOCUMENTS} d
            JOIN {PRACTICES} p ON p.id = d.practice_id WHERE p.status = %s
            AND d.vector @@ plainto_tsquery(%s::regconfig, w.word)
        )
        ORDER BY similarity(w.word, %s) DESC, w.word LIMIT 1
    )"""
    params = []
    for word in (word.lower() for word in words):
        params += [word, word, word, SIMILARITY_THRESHOLD]
        params += [PracticeStatus.PUBLISHED, SEARCH_CONFIG, word]
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join([branch] * len(words)), params)
        return dict(cursor.fetchall())


def _closest_words_sqlite(words, using, candidates_per_word=5):
    """The same as on PostgreSQL: the similarity computed here over the
    vocabulary's words of a similar length, then each candidate checked against
    published practices, in one statement."""
    lowered = [word.lower() for word in words]
    shortest = min(len(word) for word in lowered)
    longest = max(len(word) for word in lowered)
    vocabulary = (
        SearchWord.objects.using(using)
        .annotate(length=Length("word"))
        .filter(length__gte=shortest - 3, length__lte=longest + 3)
        .values_list("word", flat=True)
    )
    scored = {word: [] for word in lowered}
    for candidate in vocabulary.iterator(chunk_size=5000):
        for word in lowered:
            score = trigram_similarity(word, candidate)
            if score >= SIMILARITY_THRESHOLD:
                scored[word].append((-score, candidate))
    ranked = {
        word: [c for _, c in sorted(found)[:candidates_per_word]]
        for word, found in scored.items()
    }
    checks = sorted({candidate for found in ranked.values() for candidate in found})
    if not checks:
        return {}
    branch = (
        f"SELECT %s, EXISTS (SELECT 1 FROM {FTS_TABLE} JOIN {PRACTICES} p "
        f"ON p.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND p.status = %s)"
    )
    params = []
    for candidate in checks:
        params += [
            candidate,
            fts_expression([([[candidate]], [])]),
            PracticeStatus.PUBLISHED,
        ]
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join([branch] * len(checks)), params)
        finds = {candidate for candidate, found in cursor.fetchall() if found}
    return {
        word: next(c for c in found if c in finds)
        for word, found in ranked.items()
        if any(c in finds for c in found)
    }


def _close_names(queryset, words):
    if not words:
        return []
    close = []
    for obj in queryset:
        name_words = [w for w in _ALPHANUMERIC.findall(obj.name.lower()) if len(w) > 3]
        score = max(
            (
                trigram_similarity(word, name_word)
                for word in words
                for name_word in name_words
            ),
            default=0.0,
        )
        if score >= NAME_SIMILARITY_THRESHOLD:
            close.append(obj)
    return close
