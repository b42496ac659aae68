"""Full-text search over practices.

On PostgreSQL: a stored, weighted tsvector (title A, summary B, description and
institution names C) with a GIN index, queried with `websearch_to_tsquery`, which
accepts any text a visitor types (quotes, `-word`, `or`) without raising errors.
On SQLite: the same rules (every word must match, `-word` excludes, quoted
phrases stay together, `or` separates alternatives) with a weighted LIKE match, so
a visitor sees the same behaviour on the embedded database; stemming is only
approximated there (plural "s").
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Value,
    When,
)

from practices.models import SEARCH_CONFIG, Involvement

MAX_QUERY_LENGTH = 200
# The SQLite fallback adds one condition per word; beyond this many distinct
# words the rest are ignored (a search engine's query is rarely longer).
MAX_FALLBACK_TERMS = 12

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_PUNCTUATION = re.compile(r"[^\w\s.'-]+")


def clean_query(text):
    """What is left of a visitor's search text once made safe: no control or NUL
    characters, folded white space, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def search(queryset, text):
    """Practices of `queryset` matching `text`, annotated with `rank` (higher is
    better). An empty text matches nothing."""
    text = clean_query(text)
    if not text:
        return _nothing(queryset)
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _nothing(queryset):
    return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))


def _search_postgresql(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return queryset.filter(search_document__vector=query).annotate(
        rank=SearchRank(F("search_document__vector"), query)
    )


def parse_terms(text):
    """Read search text the way websearch_to_tsquery does: words and quoted
    phrases are all required, a leading "-" excludes, and "or" separates
    alternatives, binding loosest ("a or b c" is a, or else b and c). Returns
    the alternatives as [(required, excluded), ...]."""
    clauses = [([], [])]
    count = 0
    for match in _TERM.finditer(text):
        negated = match.group(1) or match.group(3)
        quoted = match.group(2) is not None
        term = match.group(2) if quoted else match.group(4)
        term = " ".join(_PUNCTUATION.sub(" ", term).strip(" .'-").split())
        if not term or (not quoted and term.lower() == "and"):
            continue
        if not quoted and term.lower() == "or":
            if clauses[-1] != ([], []):
                clauses.append(([], []))
            continue
        if count >= MAX_FALLBACK_TERMS:
            break
        required, excluded = clauses[-1]
        (excluded if negated else required).append(_stem(term))
        count += 1
    return [clause for clause in clauses if clause != ([], [])]


def _stem(term):
    # A light plural folding, so "skills" finds "skill" as it does on PostgreSQL.
    if " " not in term and len(term) > 4 and term.lower().endswith("s"):
        return term[:-1]
    return term


def _search_fallback(queryset, text):
    clauses = parse_terms(text)
    if not clauses:
        return _nothing(queryset)

    def matches(term):
        institution = Exists(
            Involvement.objects.filter(
                practice=OuterRef("pk"), institution__name__icontains=term
            )
        )
        return (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
            | institution
        )

    any_clause = Q()
    for required, excluded in clauses:
        clause = Q()
        for term in required:
            clause &= matches(term)
        for term in excluded:
            clause &= ~matches(term)
        any_clause |= clause
    queryset = queryset.filter(any_clause)

    rank = Value(0.0, output_field=FloatField())
    for term in {term for required, _ in clauses for term in required}:
        rank += Case(
            When(title__icontains=term, then=Value(1.0)),
            When(summary__icontains=term, then=Value(0.4)),
            default=Value(0.2),
            output_field=FloatField(),
        )
    return queryset.annotate(rank=rank)
