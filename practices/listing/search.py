"""Full-text search over practices, the same on both databases.

A visitor's text is read the way search engines read it: every word must match,
`"quoted phrases"` keep their words together, `-word` excludes, and `or`
separates alternatives. Each word or phrase that curators listed as a synonym
(SearchSynonym) also matches its synonyms. The query then runs against the
search index (search_index.py): weighted tsvectors on PostgreSQL, an FTS5
table on SQLite, both with stemming and whole words. Any text is safe: every
term is passed as a quoted string, never as query syntax.

On a page in English the query matches the English document, stemmed as
English. On a page in another language it matches the English document
stemmed as English, or the document in the page's language stemmed as that
language (the whole query one way or the other): "formateurs" on a French
page finds "Formation des formateurs", and an English word still finds a
practice not translated yet. Rank is the better of the two.

Also here: the snippet around the matched words for a page of results (from
the texts in the page's language where they match, else from the English
ones, and saying which language it is in), and "did you mean" suggestions
when nothing matches."""

import re
import unicodedata
from html import escape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connections
from django.db.models import F, FloatField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.safestring import SafeString, mark_safe

from practices.content_languages import ORIGINAL_LANGUAGE, content_language
from practices.listing import stemming
from practices.listing.search_index import (
    FTS_COLUMNS,
    FTS_TABLE,
    fts_columns,
    text_in,
    vector_field,
)
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
# Between the fields of a raw snippet (see snippet_expression).
_FIELD = "\ue002"
# Words around the first matched word in a snippet made here (SQLite's
# translations), as FTS5's snippet() shows them.
SNIPPET_WORDS = 24


def clean_query(text):
    """What is left of a visitor's search text once made safe: no control or NUL
    characters, folded white space, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub(" ", text)
    for mark in (_START, _STOP, _FIELD):
        text = text.replace(mark, " ")
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


def _clauses(text):
    return [
        (required, excluded)
        for required, excluded in with_synonyms(
            parse_terms(clean_query(text)), synonym_groups()
        )
        if required  # "-word" alone would match almost everything
    ]


def _page_language():
    """The language a search reads besides English: the page's."""
    return content_language()


def search(queryset, text):
    """Practices of `queryset` matching `text`, annotated with `rank` (higher is
    better). An empty text matches nothing."""
    clauses = _clauses(text)
    if not clauses:
        return _nothing(queryset)
    language = _page_language()
    languages = [ORIGINAL_LANGUAGE]
    if language != ORIGINAL_LANGUAGE:
        languages.append(language)
    if connections[queryset.db].vendor == "postgresql":
        matches, ranks = Q(), []
        for lang in languages:
            query = _tsquery(clauses, _config(lang))
            vector = f"search_document__{vector_field(lang)}"
            matches |= Q(**{vector: query})
            ranks.append(
                Coalesce(SearchRank(F(vector), query), Value(0.0))
                if lang != ORIGINAL_LANGUAGE
                else SearchRank(F(vector), query)
            )
        rank = ranks[0] if len(ranks) == 1 else Greatest(*ranks)
        return queryset.filter(matches).annotate(rank=rank)
    match = fts_expression(clauses, language)
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


def _config(language):
    if language == ORIGINAL_LANGUAGE:
        return SEARCH_CONFIG
    return stemming.SEARCH_CONFIGS[language]


def _nothing(queryset):
    return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))


def _term_query(term, config):
    search_type = "phrase" if " " in term else "plain"
    return SearchQuery(term, search_type=search_type, config=config)


def _any_of(queries):
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


def _tsquery(clauses, config=SEARCH_CONFIG):
    """The clauses as one PostgreSQL tsquery in a text-search configuration,
    built from plainto_ and phraseto_tsquery of each term, so no text is read
    as tsquery syntax."""
    alternatives = []
    for required, excluded in clauses:
        clause = None
        for group in required:
            part = _any_of([_term_query(term, config) for term in group])
            clause = part if clause is None else clause & part
        for term in excluded:
            clause &= ~_term_query(term, config)
        alternatives.append(clause)
    return _any_of(alternatives)


def _fts_string(term):
    """A term as an FTS5 string: its tokens as a phrase, no operator."""
    return '"' + term.replace('"', '""') + '"'


def _fts_clauses(clauses, language):
    """The clauses as FTS5 syntax made only of quoted strings, each term as
    `language` stems it (English: as written, for FTS5's porter)."""

    def string(term):
        if language != ORIGINAL_LANGUAGE:
            term = stemming.stemmed(language, term) or term
        return _fts_string(term)

    alternatives = []
    for required, excluded in clauses:
        parts = [
            "(" + " OR ".join(string(term) for term in group) + ")"
            for group in required
        ]
        expression = " AND ".join(parts)
        for term in excluded:
            expression = f"({expression}) NOT {string(term)}"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def fts_expression(clauses, language=ORIGINAL_LANGUAGE):
    """The clauses as an FTS5 MATCH expression made only of quoted strings:
    against the English columns, or also against the columns of `language`,
    each language's terms stemmed as it is."""
    languages = [ORIGINAL_LANGUAGE]
    if language in stemming.STEMMED_LANGUAGES:
        languages.append(language)
    return " OR ".join(
        f"({{{' '.join(fts_columns(lang))}}} : ({_fts_clauses(clauses, lang)}))"
        for lang in languages
    )


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
    """The expression of `with_snippets`, None when `text` searches nothing.

    It gives the raw snippet's fields, `_FIELD` between them: the page's
    language, the stems of the searched words in it (SQLite: its snippet is
    made here), the snippet of the texts in the page's language, the language
    of the English columns' texts (`original_language`), their snippet. On an
    English page the first three are empty."""
    clauses = _clauses(text)
    if not clauses:
        return None
    language = _page_language()
    translated = language != ORIGINAL_LANGUAGE
    postgresql = connections[using].vendor == "postgresql"
    english = _english_snippet(clauses, postgresql)
    stems, snippet = "", Value("")
    if translated and postgresql:
        snippet = _headline(
            Concat(
                text_in("summary", language),
                Value(" "),
                text_in("description", language),
                output_field=TextField(),
            ),
            _tsquery(clauses, _config(language)),
            _config(language),
        )
    elif translated:
        stems = " ".join(sorted(_stems(clauses, language)))
        snippet = Concat(
            text_in("summary", language),
            Value(" "),
            text_in("description", language),
            output_field=TextField(),
        )
    field = Value(_FIELD)
    return Concat(
        Value(language if translated else ""),
        field,
        Value(stems),
        field,
        snippet,
        field,
        Coalesce(F("original_language"), Value(""), output_field=TextField()),
        field,
        english,
        output_field=TextField(),
    )


def _headline(text, query, config):
    return SearchHeadline(
        text,
        query,
        config=config,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _english_snippet(clauses, postgresql):
    """The snippet of the English columns' summary, else of their body."""
    if postgresql:
        return _headline(
            Concat(
                Coalesce(F("summary_en"), Value(""), output_field=TextField()),
                Value(" "),
                Coalesce(F("description_en"), Value(""), output_field=TextField()),
                output_field=TextField(),
            ),
            _tsquery(clauses),
            SEARCH_CONFIG,
        )
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


def _stems(clauses, language):
    """The stems in `language` of the words a search requires."""
    return {
        stemming.stem(language, word)
        for required, _excluded in clauses
        for group in required
        for term in group
        for _start, _end, word in stemming.words(term)
    }


def _highlighted(text, language, stems):
    """A snippet of `text` around the first of its words whose stem in
    `language` is one of `stems`, those words marked; '' if none is."""
    text = stemming.prepared(text)
    words = stemming.words(text)
    found = [
        i
        for i, (_s, _e, word) in enumerate(words)
        if stemming.stem(language, word) in stems
    ]
    if not found:
        return ""
    first = max(0, min(found[0] - 4, len(words) - SNIPPET_WORDS))
    last = first + SNIPPET_WORDS >= len(words)
    shown = words[first : first + SNIPPET_WORDS]
    # From the text's start, or from the first word shown.
    pieces, position = [], 0 if first == 0 else shown[0][0]
    for index, (start, end, _word) in enumerate(shown, start=first):
        pieces.append(text[position:start])
        if index in found:
            pieces.append(_START + text[start:end] + _STOP)
        else:
            pieces.append(text[start:end])
        position = end
    # To the text's end (its last punctuation), or " …".
    pieces.append(text[position:] if last else " …")
    return ("" if first == 0 else "… ") + "".join(pieces)


class Snippet(SafeString):
    """A snippet as HTML, knowing the language of the text it comes from
    (`lang`, for the page's `lang` attribute)."""

    lang = ORIGINAL_LANGUAGE


def marked_snippet(raw_snippet):
    """A snippet of `with_snippets` as HTML (a Snippet): escaped, its matched
    words in <mark>, from the texts in the page's language if they show a
    matched word, else from the English columns' texts; None when neither
    does."""
    fields = (raw_snippet or "").split(_FIELD)
    if len(fields) != 5:
        return None
    language, stems, snippet, original_language, english = fields
    if stems:
        snippet = _highlighted(snippet, language, set(stems.split()))
    for lang, text in ((language, snippet), (original_language, english)):
        if _START in text:
            result = Snippet(_marked(text))
            result.lang = lang or ORIGINAL_LANGUAGE
            return result
    return None
