"""Full-text search over practices, the same on both databases.

A visitor's text is read the way search engines read it: every word must match,
`"quoted phrases"` keep their words together, `-word` excludes, and `or`
separates alternatives. Each word or phrase that curators listed as a synonym
(SearchSynonym) also matches its synonyms. The query then runs against the
search index (search_index.py): a weighted tsvector on PostgreSQL, an FTS5
table on SQLite, both with stemming and whole words. Any text is safe: every
term is passed as a quoted string, never as query syntax.

Also here: the snippet around the matched words for a page of results, and
"did you mean" suggestions when nothing matches."""

import re
import unicodedata
from html import escape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connections
from django.db.models import F, FloatField, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.safestring import mark_safe

from practices.listing.search_index import FTS_COLUMNS, FTS_TABLE
from practices.listing.tables import PRACTICES
from practices.models import SEARCH_CONFIG, SearchSynonym

MAX_QUERY_LENGTH = 200
# Terms beyond this many are ignored (a search engine's query is rarely longer).
MAX_TERMS = 12
# Phrases of up to this many words are looked up among the synonyms.
LONGEST_SYNONYM = 5
SYNONYMS_CACHE_KEY = "search:synonyms"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_PUNCTUATION = re.compile(r"[^\w\s.'-]+")
# Marks around matched words in snippets: private-use characters, which no text
# contains once cleaned, replaced by <mark> after the snippet is escaped.
_START, _STOP = "\ue000", "\ue001"


def clean_query(text):
    """What is left of a visitor's search text once made safe: no control or NUL
    characters, folded white space, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub(" ", text)
    text = text.replace(_START, " ").replace(_STOP, " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def normalized(term):
    """A term as searched: punctuation dropped, and hyphens read as spaces, so
    "bottom-up" finds "bottom up" (and the other way) on both databases."""
    term = _PUNCTUATION.sub(" ", term).strip(" .'-").replace("-", " ")
    return " ".join(term.split())


def parse_terms(text):
    """Read search text as websearch_to_tsquery does: words and quoted phrases
    are all required, a leading "-" excludes, and "or" separates alternatives,
    binding loosest ("a or b c" is a, or else b and c). Returns the
    alternatives as [(required, excluded), ...], each a list of terms."""
    clauses = [([], [])]
    count = 0
    for match in _TERM.finditer(text):
        negated = match.group(1) or match.group(3)
        quoted = match.group(2) is not None
        term = match.group(2) if quoted else match.group(4)
        term = normalized(term)
        if not term or (not quoted and term.lower() == "and"):
            continue
        if not quoted and term.lower() == "or":
            if clauses[-1] != ([], []):
                clauses.append(([], []))
            continue
        if count >= MAX_TERMS:
            break
        required, excluded = clauses[-1]
        (excluded if negated else required).append(term)
        count += 1
    return [clause for clause in clauses if clause != ([], [])]


def synonym_groups():
    """{term (lower case): [every term of its group], ...}, kept in the cache
    until a curator changes a synonym (signals.py)."""
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        groups = {}
        for synonym in SearchSynonym.objects.all():
            terms = synonym.term_list()
            for term in terms:
                group = groups.setdefault(normalized(term).lower(), [])
                group += [t for t in terms if t not in group]
        cache.set(SYNONYMS_CACHE_KEY, groups, None)
    return groups


def with_synonyms(clauses, groups):
    """`clauses` with each required term turned into its alternatives: a run of
    words that is a synonym (the longest first) becomes its whole group; any
    other term stands alone. Returns [(required groups, excluded), ...]."""
    expanded = []
    for required, excluded in clauses:
        words = required
        alternatives, start = [], 0
        while start < len(words):
            for length in range(min(LONGEST_SYNONYM, len(words) - start), 0, -1):
                phrase = " ".join(words[start : start + length]).lower()
                if phrase in groups:
                    alternatives.append(groups[phrase])
                    start += length
                    break
            else:
                alternatives.append([words[start]])
                start += 1
        expanded.append((alternatives, excluded))
    return expanded


def search(queryset, text):
    """Practices of `queryset` matching `text`, annotated with `rank` (higher is
    better). An empty text matches nothing."""
    clauses = [
        (required, excluded)
        for required, excluded in with_synonyms(
            parse_terms(clean_query(text)), synonym_groups()
        )
        if required  # "-word" alone would match almost everything
    ]
    if not clauses:
        return _nothing(queryset)
    if connections[queryset.db].vendor == "postgresql":
        query = _tsquery(clauses)
        return queryset.filter(search_document__vector=query).annotate(
            rank=SearchRank(F("search_document__vector"), query)
        )
    match = fts_expression(clauses)
    weights = ", ".join(str(weight) for weight in FTS_COLUMNS.values())
    return queryset.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]
        )
    ).annotate(
        rank=RawSQL(
            f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
            f'WHERE {FTS_TABLE} MATCH %s AND rowid = {PRACTICES}."id"',
            [match],
            output_field=FloatField(),
        )
    )


def _nothing(queryset):
    return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))


def _term_query(term):
    search_type = "phrase" if " " in term else "plain"
    return SearchQuery(term, search_type=search_type, config=SEARCH_CONFIG)


def _any_of(queries):
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


def _tsquery(clauses):
    """The clauses as one PostgreSQL tsquery, built from plainto_ and
    phraseto_tsquery of each term, so no text is read as tsquery syntax."""
    alternatives = []
    for required, excluded in clauses:
        clause = None
        for group in required:
            part = _any_of([_term_query(term) for term in group])
            clause = part if clause is None else clause & part
        for term in excluded:
            clause &= ~_term_query(term)
        alternatives.append(clause)
    return _any_of(alternatives)


def _fts_string(term):
    """A term as an FTS5 string: its tokens as a phrase, no operator."""
    return '"' + term.replace('"', '""') + '"'


def fts_expression(clauses):
    """The clauses as an FTS5 MATCH expression made only of quoted strings."""
    alternatives = []
    for required, excluded in clauses:
        parts = [
            "(" + " OR ".join(_fts_string(term) for term in group) + ")"
            for group in required
        ]
        expression = " AND ".join(parts)
        for term in excluded:
            expression = f"({expression}) NOT {_fts_string(term)}"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def _marked(text):
    """An escaped snippet with its matched words in <mark>."""
    return mark_safe(
        escape(" ".join(text.split()))
        .replace(_START, "<mark>")
        .replace(_STOP, "</mark>")
    )


def with_snippets(queryset, text):
    """`queryset` with `raw_snippet`: the text around the words that `text`
    matched, computed by the query that reads the rows (a page of results)
    rather than by one of its own. `marked_snippet` makes it HTML."""
    expression = snippet_expression(text, queryset.db)
    return queryset if expression is None else queryset.annotate(raw_snippet=expression)


def snippet_expression(text, using="default"):
    """The expression of `with_snippets`, None when `text` searches nothing."""
    clauses = [
        clause
        for clause in with_synonyms(parse_terms(clean_query(text)), synonym_groups())
        if clause[0]
    ]
    if not clauses:
        return None
    if connections[using].vendor == "postgresql":
        return SearchHeadline(
            Concat("summary", Value(" "), "description", output_field=TextField()),
            _tsquery(clauses),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    # The summary's snippet, else the body's (description, context).
    summary, body = (list(FTS_COLUMNS).index(c) for c in ("summary", "body"))
    return RawSQL(
        "SELECT CASE WHEN instr(first, %s) > 0 THEN first ELSE second END "
        f"FROM (SELECT snippet({FTS_TABLE}, {summary}, %s, %s, ' … ', 24) "
        f"AS first, snippet({FTS_TABLE}, {body}, %s, %s, ' … ', 24) AS second "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f'AND rowid = {PRACTICES}."id")',
        [_START, _START, _STOP, _START, _STOP, fts_expression(clauses)],
        output_field=TextField(),
    )


def marked_snippet(raw_snippet):
    """A snippet of `with_snippets` as HTML: escaped, its matched words in
    <mark>; None when it shows no matched word."""
    if not raw_snippet or _START not in raw_snippet:
        return None
    return _marked(raw_snippet)
