"""Full-text search over practices, the same on both databases.

A visitor's text is read the way search engines read it: every word must match,
`"quoted phrases"` keep their words together, `-word` excludes, and `or`
separates alternatives. Each word or phrase that curators listed as a synonym
(SearchSynonym) also matches its synonyms. The query then runs against the
search index (search_index.py): a weighted tsvector on PostgreSQL, an FTS5
table on SQLite, both with stemming and whole words. A page in another
language than English searches that language's index, stemmed by its rules,
and the English one, so practices not translated yet are still found by their
English words. Any text is safe: every term is passed as a quoted string,
never as query syntax.

Also here: the snippet around the matched words for a page of results, and
"did you mean" suggestions when nothing matches."""

import re
import unicodedata
from html import escape

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connections
from django.db.models import F, FloatField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.db.models.sql import Query
from django.utils.safestring import mark_safe

from practices.content_languages import (
    ORIGINAL_LANGUAGE,
    column,
    content_language,
    localized_sql,
)
from practices.listing.search_index import (
    FTS_COLUMNS,
    FTS_TABLE,
    fts_table,
    stemmed,
    vector_column,
)
from practices.listing.tables import PRACTICES
from practices.models import SEARCH_CONFIGS, Practice, SearchSynonym

MAX_QUERY_LENGTH = 200
# Terms beyond this many are ignored (a search engine's query is rarely longer).
MAX_TERMS = 12
# Phrases of up to this many words are looked up among the synonyms.
LONGEST_SYNONYM = 5
SYNONYMS_CACHE_KEY = "search:synonyms"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_PUNCTUATION = re.compile(r"[^\w\s.'-]+")
# Marks around matched words in snippets: private-use characters (taken out of
# a visitor's query by clean_query), replaced by <mark> after the snippet is
# escaped (_marked).
_START, _STOP = "\ue000", "\ue001"
_MARKERS = re.compile(f"([{_START}{_STOP}])")


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


def search(queryset, text, language=None):
    """Practices of `queryset` matching `text` in `language` (default: the
    page's) or in English, annotated with `rank` (higher is better). An empty
    text matches nothing."""
    clauses = [
        (required, excluded)
        for required, excluded in with_synonyms(
            parse_terms(clean_query(text)), synonym_groups()
        )
        if required  # "-word" alone would match almost everything
    ]
    if not clauses:
        return _nothing(queryset)
    languages = list(dict.fromkeys([content_language(language), ORIGINAL_LANGUAGE]))
    postgresql = connections[queryset.db].vendor == "postgresql"
    if postgresql:
        ranks = [
            SearchRank(
                F(f"search_document__{vector_column(lang)}"),
                _tsquery(clauses, SEARCH_CONFIGS[lang]),
            )
            for lang in languages
        ]
        # Greatest: the better of the two ranks (PostgreSQL skips a NULL one).
        rank = ranks[0] if len(ranks) == 1 else Greatest(*ranks)
        return queryset.filter(_vectors_matching(clauses, languages)).annotate(
            rank=rank
        )
    weights = ", ".join(str(weight) for weight in FTS_COLUMNS.values())
    ranks, params = [], []
    for lang in languages:
        table = fts_table(lang)
        ranks.append(
            f"coalesce((SELECT -bm25({table}, {weights}) FROM {table} "
            f'WHERE {table} MATCH %s AND rowid = {PRACTICES}."id"), 0)'
        )
        params.append(fts_expression(clauses, lang))
    return queryset.filter(
        pk__in=RawSQL(*_fts_rows_matching(clauses, languages))
    ).annotate(
        rank=RawSQL(
            # SQLite's max() of several values is the largest.
            ranks[0] if len(ranks) == 1 else f"max({', '.join(ranks)})",
            params,
            output_field=FloatField(),
        )
    )


def _vectors_matching(clauses, languages):
    """The practices matching `clauses` on PostgreSQL: all of a clause's
    words in one language's vector, and none of its excluded words in any
    ("-solaire" on a French page excludes a practice whose English text
    matched the other words)."""
    if len(languages) == 1:
        return Q(search_document__vector=_tsquery(clauses))
    matches = Q()
    for required, excluded in clauses:
        found = Q()
        for lang in languages:
            config = SEARCH_CONFIGS[lang]
            found |= Q(
                **{
                    f"search_document__{vector_column(lang)}": _tsquery(
                        [(required, [])], config
                    )
                }
            )
        for lang in languages:
            if excluded:
                config = SEARCH_CONFIGS[lang]
                found &= ~Q(
                    **{
                        f"search_document__{vector_column(lang)}": _any_of(
                            [_term_query(term, config) for term in excluded]
                        )
                    }
                )
        matches |= found
    return matches


def _fts_rows_matching(clauses, languages):
    """(SQL, params) of the ids matching `clauses` on SQLite, by the rule of
    _vectors_matching."""
    if len(languages) == 1:
        return (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [fts_expression(clauses)],
        )

    def rows(lang):
        table = fts_table(lang)
        return f"SELECT rowid FROM {table} WHERE {table} MATCH %s"

    selects, params = [], []
    for required, excluded in clauses:
        # Left to right: (found in one UNION found in another) EXCEPT ...
        compound = " UNION ".join(rows(lang) for lang in languages)
        params += [fts_expression([(required, [])], lang) for lang in languages]
        if excluded:
            compound += "".join(f" EXCEPT {rows(lang)}" for lang in languages)
            params += [
                " OR ".join(_fts_string(term, lang) for term in excluded)
                for lang in languages
            ]
        selects.append(f"SELECT rowid FROM ({compound})")
    return " UNION ".join(selects), params


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


def _tsquery(clauses, config=SEARCH_CONFIGS[ORIGINAL_LANGUAGE]):
    """The clauses as one PostgreSQL tsquery in the text-search configuration
    `config`, built from plainto_ and phraseto_tsquery of each term, so no
    text is read as tsquery syntax."""
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


def _fts_string(term, language=ORIGINAL_LANGUAGE):
    """A term as an FTS5 string: its tokens as a phrase, no operator; stemmed
    as the index of `language` holds its words (FTS5 stems English itself)."""
    if language != ORIGINAL_LANGUAGE:
        term = stemmed(term, language) or term
    return '"' + term.replace('"', '""') + '"'


def fts_expression(clauses, language=ORIGINAL_LANGUAGE):
    """The clauses as an FTS5 MATCH expression made only of quoted strings,
    for the index of `language`."""
    alternatives = []
    for required, excluded in clauses:
        parts = [
            "(" + " OR ".join(_fts_string(term, language) for term in group) + ")"
            for group in required
        ]
        expression = " AND ".join(parts)
        for term in excluded:
            expression = f"({expression}) NOT {_fts_string(term, language)}"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def _marked(text):
    """An escaped snippet with its matched words in <mark>. The tags are kept
    balanced: a marker character in a practice's own text (they are private
    use, but nothing forbids them) can misplace a highlight, never leave a
    <mark> open or close one that is not."""
    html, inside = [], False
    for part in _MARKERS.split(" ".join(text.split())):
        if part == _START and not inside:
            html.append("<mark>")
            inside = True
        elif part == _STOP and inside:
            html.append("</mark>")
            inside = False
        elif part not in (_START, _STOP):
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))


def with_snippets(queryset, text):
    """`queryset` with `raw_snippet`: the text around the words that `text`
    matched, computed by the query that reads the rows (a page of results)
    rather than by one of its own. `marked_snippet` makes it HTML."""
    expression = snippet_expression(text, queryset.db)
    return queryset if expression is None else queryset.annotate(raw_snippet=expression)


def snippet_expression(text, using="default", language=None):
    """The expression of `with_snippets`, None when `text` searches nothing.
    It is SQL written here (RawSQL), which a statement written by hand reads
    as well (practices.listing.cards.card_rows, by its `sql` and `params`).

    On a page in another language, the snippet is of the texts the card
    shows in that language, where the practice is translated (PostgreSQL),
    and of the English ones otherwise (SQLite's other indexes hold stems,
    not text to show: a translated practice shows its summary there)."""
    clauses = [
        clause
        for clause in with_synonyms(parse_terms(clean_query(text)), synonym_groups())
        if clause[0]
    ]
    if not clauses:
        return None
    language = content_language(language)
    postgresql = connections[using].vendor == "postgresql"
    if postgresql:
        sql, params = _headline(clauses, ORIGINAL_LANGUAGE, using)
    else:
        sql, params = _fts_snippet(clauses)
    if language != ORIGINAL_LANGUAGE:
        # Where the card shows its texts in the page's language: its summary
        # is translated into it, or was written in it.
        shown_in_language = (
            f"({PRACTICES}.{column('summary', language)} > '' "
            f"OR {PRACTICES}.original_language = %s)"
        )
        translated, translated_params = (
            _headline(clauses, language, using) if postgresql else ("NULL", [])
        )
        sql = f"CASE WHEN {shown_in_language} THEN {translated} ELSE {sql} END"
        params = [language, *translated_params, *params]
    return RawSQL(sql, params, output_field=TextField())


# ts_headline's options: the marks, and up to two fragments of the text.
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, "
    "MaxFragments=2, FragmentDelimiter=' … '"
)


def _headline(clauses, language, using):
    """(SQL, params): PostgreSQL's ts_headline of the summary where it holds a
    matched word, else of the description (as SQLite's snippet chooses,
    _fts_snippet), each in `language`, English where not translated.

    ts_headline reads the whole text it is given, word by word; most results
    match in their summary, so the description is read only for the others
    (a page of rare-word results spent half its database time on it). The
    summary's headline is computed once, in a subquery PostgreSQL may not
    merge into the CASE that reads it twice (OFFSET 0). The options are one
    parameter, not one per option as Django's SearchHeadline writes them."""
    config = SEARCH_CONFIGS[language]
    query, query_params = _compiled(_tsquery(clauses, config), using)
    summary = localized_sql(PRACTICES, "summary", language=language)
    description = localized_sql(PRACTICES, "description", language=language)
    sql = (
        "(SELECT CASE WHEN strpos(h, %s) > 0 THEN h "
        f"ELSE ts_headline(%s::regconfig, {description}, {query}, %s) END "
        f"FROM (SELECT ts_headline(%s::regconfig, {summary}, {query}, %s) "
        "AS h OFFSET 0) AS summary_headline)"
    )
    params = [
        *(_START, config, *query_params, _HEADLINE_OPTIONS),
        *(config, *query_params, _HEADLINE_OPTIONS),
    ]
    return sql, params


def _compiled(expression, using):
    """(SQL, params) of an expression that reads no column (a tsquery)."""
    query = Query(Practice)
    return query.get_compiler(using).compile(expression.resolve_expression(query))


def _fts_snippet(clauses):
    """(SQL, params): the summary's snippet, else the body's (description,
    context)."""
    summary, body = (list(FTS_COLUMNS).index(c) for c in ("summary", "body"))
    sql = (
        "(SELECT CASE WHEN instr(first, %s) > 0 THEN first ELSE second END "
        f"FROM (SELECT snippet({FTS_TABLE}, {summary}, %s, %s, ' … ', 24) "
        f"AS first, snippet({FTS_TABLE}, {body}, %s, %s, ' … ', 24) AS second "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f'AND rowid = {PRACTICES}."id"))'
    )
    return sql, [_START, _START, _STOP, _START, _STOP, fts_expression(clauses)]


def marked_snippet(raw_snippet):
    """A snippet of `with_snippets` as HTML: escaped, its matched words in
    <mark>; None when it shows no matched word."""
    if not raw_snippet or _START not in raw_snippet:
        return None
    return _marked(raw_snippet)
