"""Counts for every facet value under the current filters, in one query.

The count shown next to a value of facet F is the number of published practices
that match every active filter except F's own, and carry that value: the number
a visitor would get by choosing that value alone within F.

All the counts, the number of practices matching every filter and, when asked,
the ids of one page of them in the list's order come from a single SQL
statement, whatever the number of practices or facets: the matching practices
are found once (once more for each facet with values selected, which ignores
its own filter) into materialised common table expressions, so a full-text
search is run and ranked once per page, and each facet is a GROUP BY over a
link table joined to them.

Above ESTIMATE_ABOVE matching practices, the list page's facets may be
counted over a deterministic sample of them and scaled up: estimates, said as
such (practices.listing.estimates).

A value with no practice under the current filters is not listed unless it is
selected. Long facets (countries, institutions) list their most frequent
values, and all of them when the page asks (`expand`)."""

import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, Value
from django.db.models.functions import ExtractYear

from practices import published_counts
from practices.content_languages import (
    LocalizedText,
    language_sql,
    localized,
    localized_sql,
)
from practices.listing import estimates
from practices.listing.filters import (
    LOCATION_NOT_STATED,
    SORT_ORDERS,
    filter_value,
    verified_bucket,
    verified_cutoff,
)
from practices.listing.tables import (
    CHALLENGES,
    COUNTRIES,
    INSTITUTIONS,
    INVOLVEMENTS,
    PRACTICE_CHALLENGES,
    PRACTICE_COUNTRIES,
    PRACTICE_THEMES,
    PRACTICES,
    PUBLISHED_COUNTS,
    THEMES,
)
from practices.localized import country_name, sort_key

# Long facets show their most frequent values (selected ones are always
# shown), or all of them when expanded.
LONG_FACETS = ("country", "institution")
TOP_VALUES = 8


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    description: str = ""  # a longer statement of the value, if it has one


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list
    hidden: int = 0  # values not listed because no practice here has them
    # Long facets: how many values practices here have, and whether all are listed.
    available: int | None = None
    expanded: bool = False
    # Counted over a sample of a selection of more than ESTIMATE_ABOVE
    # practices (see practices.listing.estimates): the counts are Estimates.
    estimated: bool = False

    @property
    def selected_count(self):
        return sum(option.selected for option in self.options)

    @property
    def unlisted(self):
        """How many values with practices here a long facet does not list."""
        if self.available is None:
            return 0
        listed = sum(1 for option in self.options if option.count)
        return max(self.available - listed, 0)

    @property
    def can_collapse(self):
        return self.expanded and (self.available or 0) > TOP_VALUES


@dataclass
class ListingCounts:
    facets: list
    total: int  # practices matching every filter
    page_ids: list  # the requested page's practices, in order ([] if not asked)

    @property
    def estimated(self):
        """Whether any facet's counts are estimates."""
        return any(facet.estimated for facet in self.facets)


# Every branch gives (facet, key, label, count, position, description,
# values, lang): position orders themes and challenges the way their lists do;
# `values` is, for long facets, how many values have practices (counted before
# the LIMIT that keeps the most frequent: {limit}); `lang` the language of a
# label read from the content ('' for the others), followed for a challenge by
# a space and the language of its description (its full name).
# {m} is the set counted over; {links}, its links to the facet's values
# (_links); {names}, the institutions counted joined to their names.
_BRANCHES = {
    "theme": f"""
        SELECT 'theme', t.slug, {{name:t}}, COALESCE(c.n, 0), 0, '', 0,
            {{lang:t}}
        FROM {THEMES} t LEFT JOIN (
            SELECT theme_id, COUNT(*) AS n FROM {{links}} GROUP BY theme_id
        ) c ON c.theme_id = t.id""",
    "challenge": f"""
        SELECT 'challenge', h.slug, {{label:h}}, COALESCE(c.n, 0), h.position,
            {{name:h}}, 0, {{label_lang:h}} || ' ' || {{lang:h}}
        FROM {CHALLENGES} h LEFT JOIN (
            SELECT challenge_id, COUNT(*) AS n FROM {{links}}
            GROUP BY challenge_id
        ) c ON c.challenge_id = h.id""",
    # A practice counts once in a region, however many of its countries are in it.
    # Region and country read the matching practices' countries from one
    # common table expression ({m}_countries, see COUNTRY_LINKS). Practices
    # with no country and no scope are counted as the location not stated.
    "region": f"""
        SELECT 'region', region, '', COUNT(*), 0, '', 0, '' FROM (
            SELECT DISTINCT practice_id, region FROM {{m}}_countries
        ) AS practice_regions GROUP BY region
        UNION ALL
        SELECT 'region', '{LOCATION_NOT_STATED}', '', COUNT(*), 0, '', 0, ''
        FROM {{m}}
        WHERE scope = '' AND NOT EXISTS (
            SELECT 1 FROM {{m}}_countries l WHERE l.practice_id = {{m}}.id
        )""",
    "country": f"""
        SELECT * FROM (
            SELECT 'country', c.code, c.name, COUNT(*) AS n, 0, '',
                COUNT(*) OVER (), ''
            FROM {{m}}_countries l JOIN {COUNTRIES} c ON c.code = l.country_id
            GROUP BY c.code, c.name ORDER BY n DESC, c.name {{limit}}
        ) AS top_countries""",
    "institution": """
        SELECT * FROM (
            SELECT 'institution', i.slug, {name:i}, n, 0, '', COUNT(*) OVER (),
                {lang:i}
            FROM (
                SELECT institution_id, COUNT(*) AS n FROM {links}
                GROUP BY institution_id
            ) c {names}
            ORDER BY n DESC, {name:i} {limit}
        ) AS top_institutions""",
    "evidence": """
        SELECT 'evidence', evidence_level, '', COUNT(*), 0, '', 0, '' FROM {m}
        GROUP BY evidence_level""",
    "verified": """
        SELECT 'verified', verified_bucket, '', COUNT(*), 0, '', 0, '' FROM {m}
        GROUP BY verified_bucket""",
    "year": """
        SELECT 'year', CAST(published_year AS TEXT), '', COUNT(*), 0, '', 0, ''
        FROM {m} WHERE published_year IS NOT NULL GROUP BY published_year""",
}
COUNTRY_LINKS = f"""
    {{m}}_countries(practice_id, country_id, region) AS MATERIALIZED (
        SELECT links.practice_id, links.country_id, c.region
        FROM {{links}} JOIN {COUNTRIES} c ON c.code = links.country_id
    )"""
# Where each facet's values are linked to practices: (table, value column).
LINK_TABLES = {
    "theme": (PRACTICE_THEMES, "theme_id"),
    "challenge": (PRACTICE_CHALLENGES, "challenge_id"),
    "institution": (INVOLVEMENTS, "institution_id"),
    "country": (PRACTICE_COUNTRIES, "country_id"),
}


# The facets whose branch counts over {links}.
_COUNTED_BY_LINKS = ("theme", "challenge", "institution")


def _links(name, m, vendor):
    """The links of the practices of set `m` to facet `name`'s values, as a
    FROM item `links` (practice_id and the value's column). A sample (a set
    named *_counted) holds at most about ESTIMATE_ABOVE practices, and
    PostgreSQL reads their links through the link table's index, practice
    by practice; left to choose, it hashed the whole link table (200,000 rows
    at 100,000 practices, spilling to disk) for those few thousand, which
    took a quarter of a common word's search."""
    table, column = LINK_TABLES[name]
    if _by_index(m, vendor):
        # OFFSET 0 keeps the subquery a parameterized scan, not a hash join.
        return (
            f"{m} CROSS JOIN LATERAL (SELECT practice_id, {column} FROM {table} "
            f"WHERE practice_id = {m}.id OFFSET 0) AS links"
        )
    return f"{table} AS links JOIN {m} ON {m}.id = links.practice_id"


def _by_index(m, vendor):
    return vendor == "postgresql" and m.endswith("_counted")


def _institution_names(m, vendor):
    """The join of the institutions counted over set `m` (c) to their names
    (i). Counted through the index (see _links), PostgreSQL cannot tell how
    many institutions the links name, and left to choose it compared each
    institution with each count (seconds): each is read by its key instead."""
    if _by_index(m, vendor):
        return (
            f"CROSS JOIN LATERAL (SELECT * FROM {INSTITUTIONS} "
            "WHERE id = c.institution_id OFFSET 0) AS i"
        )
    return f"JOIN {INSTITUTIONS} i ON i.id = c.institution_id"


SAMPLED_COUNTRY_LINKS = """
    {m}_counted_countries(practice_id, country_id, region) AS MATERIALIZED (
        SELECT l.* FROM {m}_countries l
        WHERE l.practice_id IN (SELECT id FROM {m}_counted)
    )"""
# Selected values of a long facet are shown even outside its top values;
# {count} counts the practices with the value (_SELECTED_COUNTED or
# _SELECTED_STORED).
_SELECTED_BRANCHES = {
    "country": f"""
        SELECT 'country', c.code, c.name, COALESCE(({{count}}), 0), 0, '', 0, ''
        FROM {COUNTRIES} c WHERE c.code IN ({{placeholders}})""",
    "institution": f"""
        SELECT 'institution', i.slug, {{name:i}}, COALESCE(({{count}}), 0), 0, '', 0,
            {{lang:i}}
        FROM {INSTITUTIONS} i WHERE i.slug IN ({{placeholders}})""",
}
# Counted among the practices of the set {m}.
_SELECTED_COUNTED = {
    "country": f"""SELECT COUNT(*) FROM {PRACTICE_COUNTRIES} pc
        JOIN {{m}} ON {{m}}.id = pc.practice_id WHERE pc.country_id = c.code""",
    "institution": f"""SELECT COUNT(*) FROM {INVOLVEMENTS} v
        JOIN {{m}} ON {{m}}.id = v.practice_id WHERE v.institution_id = i.id""",
}
# Read from PublishedCount: over every published practice.
_SELECTED_STORED = {
    "country": f"""SELECT s.count FROM {PUBLISHED_COUNTS} s
        WHERE s.facet = 'country' AND s.value = c.code""",
    "institution": f"""SELECT s.count FROM {PUBLISHED_COUNTS} s
        WHERE s.facet = 'institution' AND s.value = CAST(i.id AS TEXT)""",
}


def _selected_branch(name, count, selected):
    """The branch (and its parameters) of facet `name`'s `selected` values,
    each counted by the SQL `count`."""
    placeholders = ", ".join(["%s"] * len(selected))
    branch = _localized(_SELECTED_BRANCHES[name]).format(
        count=count, placeholders=placeholders
    )
    return branch, list(selected)


# Names in the branches, read in the page's language (English where not
# translated) with the language they are in: {name:t} is t's name, {lang:t}
# its language; {label:h} is a challenge's short name, else its full one.
_LOCALIZED = {
    "name": lambda alias: localized_sql(alias, "name"),
    "lang": lambda alias: language_sql(alias, "name"),
    "label": lambda alias: localized_sql(alias, "short_name", "name"),
    "label_lang": lambda alias: language_sql(alias, "short_name", "name"),
}
_LOCALIZED_NAME = re.compile(r"\{(name|lang|label|label_lang):(\w+)\}")


def _localized(sql):
    return _LOCALIZED_NAME.sub(lambda m: _LOCALIZED[m[1]](m[2]), sql)


# Columns of the matching sets: what the facets on the practice itself and
# the page's order need, read while the practices are found.
SET_COLUMNS = ["pk", "evidence_level", "verified_bucket", "scope", "published_year"]
ORDER_COLUMNS = ["title", "published_at", "rank"]


def listing_counts(
    filterset,
    base_queryset,
    page=None,
    expand=(),
    stored=False,
    estimate=False,
    facets=None,
):
    """Every facet of `filterset` counted over `base_queryset` (the public
    practices) narrowed by the other facets' filters, the number of practices
    matching every filter and, if `page` is (offset, size), the ids of those
    practices in the list's order. Long facets named in `expand` list all
    their values.

    With `stored` (`base_queryset` being every published practice), an
    unfiltered list reads the counts kept in PublishedCount instead of
    counting: exact, and cheaper than any estimate. So does the one facet
    with a selection when nothing else narrows the list (a theme's list
    counts its themes over every practice). With `estimate`, a facet
    counted over more than ESTIMATE_ABOVE practices is counted over a sample
    of them (practices.listing.estimates), except long facets listed in
    full; the total is always exact. `facets` names the facets to count, if
    not all of them (every filter still applies)."""
    expand = {name for name in expand if name in LONG_FACETS}
    facets = [name for name in filterset.FACETS if facets is None or name in facets]
    if stored and unfiltered(filterset):
        sql, params = stored_statement(filterset, base_queryset, page, expand, facets)
    else:
        sql, params = listing_statement(
            filterset, base_queryset, page, expand, estimate, stored, facets
        )
    with connections[base_queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return read_listing_counts(filterset, cursor.fetchall(), expand, facets)


def expanded_facets(query):
    """The long facets a query asks to list in full (`all=country`); other
    values are ignored: they only change what is shown."""
    return [name for name in LONG_FACETS if name in query.getlist("all")]


def selected_values(filterset):
    """{facet: [value as named in URLs, ...]} of what is selected."""
    return {
        name: [filter_value(value) for value in filterset.selected(name)]
        for name in filterset.FACETS
    }


def listing_statement(
    filterset,
    base_queryset,
    page=None,
    expand=(),
    estimate=False,
    stored=False,
    facets=None,
):
    """The one SQL statement (and its parameters) whose rows
    `read_listing_counts` reads (see _BRANCHES). With `estimate`, facets not
    listed in full are counted over {m}_counted: their set, or a sample of it
    above ESTIMATE_ABOVE; a 'sample' row per set gives the set's size and the
    sample's, and names the facets counted over it (see
    estimates.sample_ctes). With `stored`, a facet that would be counted over
    every published practice (the only one with a selection, and no search)
    reads PublishedCount (see stored_statement),
    and so does a theme, challenge, country or region facet counted within
    one value of another of them (its pair counts, see _within). `facets`
    names the facets counted (all by default)."""
    facets = filterset.FACETS if facets is None else facets
    vendor = connections[base_queryset.db].vendor
    selected = selected_values(filterset)
    narrowing = [name for name in filterset.FACETS if selected[name]]
    from_store = (
        narrowing[0]
        if stored and len(narrowing) == 1 and not filterset.search_text
        else None
    )
    within = _within(filterset, narrowing) if stored else {}
    counted = [name for name in facets if name != from_store and name not in within]
    total = None
    if page is None and not counted:
        total = _stored_total(filterset, narrowing)
    # One set of matching practices for all filters, one more for each facet
    # with a selection (it ignores its own filter); none when every number
    # is read from the store.
    sets = {} if total else {None: "m_all"}
    for name in narrowing:
        if name in facets and name != from_store and name not in within:
            sets[name] = f"m_{name}"
    ctes, params = [], []
    for exclude, alias in sets.items():
        # The order's columns (titles, the widest) only where a page is read.
        ordered = exclude is None and page is not None
        columns = SET_COLUMNS + (ORDER_COLUMNS if ordered else [])
        sql, cte_params = _matching_sql(filterset, base_queryset, exclude, columns)
        names = ["id", *columns[1:]]
        ctes.append(f"{alias}({', '.join(names)}) AS MATERIALIZED ({sql})")
        params += cte_params

    def counted_over(name):
        m = sets.get(name, sets[None])
        return f"{m}_counted" if estimate and name not in expand else m

    if estimate:
        for m in dict.fromkeys(counted_over(name) for name in counted):
            if m.endswith("_counted"):
                ctes += estimates.sample_ctes(m.removesuffix("_counted"))
    linked = dict.fromkeys(
        counted_over(name) for name in ("region", "country") if name in counted
    )
    # Whole sets first: a sample's links may read them.
    for m in sorted(linked, key=lambda m: m.endswith("_counted")):
        whole = m.removesuffix("_counted")
        if m != whole and whole in linked:
            # A sample's links are the whole set's, sampled: not read twice.
            ctes.append(SAMPLED_COUNTRY_LINKS.format(m=whole))
        else:
            ctes.append(COUNTRY_LINKS.format(m=m, links=_links("country", m, vendor)))

    if total:
        branches = [total[0]]
        params += total[1]
    else:
        branches = ["SELECT 'total', '', '', COUNT(*), 0, '', 0, '' FROM m_all"]
    sampled = {}  # {set: [facet counted over its sample, ...]}
    for name in facets:
        if name == from_store:
            branch, branch_params = _stored_branches(name, expand, selected[name])
            branches += branch
            params += branch_params
            continue
        if name in within:
            branch, branch_params = _pair_branches(
                name, *within[name], expand, selected[name]
            )
            branches += branch
            params += branch_params
            continue
        m = counted_over(name)
        if m.endswith("_counted"):
            sampled.setdefault(m.removesuffix("_counted"), []).append(name)
        limit = "" if name in expand else f"LIMIT {TOP_VALUES}"
        # The country branch reads {m}_countries (COUNTRY_LINKS), not {links}.
        links = _links(name, m, vendor) if name in _COUNTED_BY_LINKS else ""
        names = _institution_names(m, vendor) if name == "institution" else ""
        branches.append(
            _localized(_BRANCHES[name]).format(
                m=m, limit=limit, links=links, names=names
            )
        )
        if name in _SELECTED_BRANCHES and selected[name]:
            count = _SELECTED_COUNTED[name].format(m=m)
            branch, branch_params = _selected_branch(name, count, selected[name])
            branches.append(branch)
            params += branch_params
    # One row per sampled set names the facets counted over its sample: each
    # branch of a statement costs PostgreSQL time to plan.
    for whole, names in sampled.items():
        branches.append(
            f"SELECT 'sample', '{' '.join(names)}', '', s.n, c.n, '', 0, '' "
            f"FROM {whole}_size s CROSS JOIN {whole}_sampled c"
        )
    if page is not None:
        branches.append(_page_branch(filterset))
        params += _page_params(page)
    with_ctes = f"WITH {', '.join(ctes)} " if ctes else ""
    return f"{with_ctes}{' UNION ALL '.join(branches)}", params


def _stored_total(filterset, narrowing):
    """The 'total' row (SQL, parameters) read from the store, when the
    practices are those of one value of a paired facet, or of one value of
    each of two: its count, or their pair count. None otherwise."""
    keys = _single_values(filterset, narrowing)
    if not 1 <= len(narrowing) <= 2 or len(keys) != len(narrowing):
        return None
    if len(narrowing) == 1:
        facet, value = narrowing[0], keys[narrowing[0]]
    else:
        counted, other = narrowing
        facet = published_counts.pair_facet(counted, other)
        value = f"{keys[other]}|{keys[counted]}"
    sql = (
        "SELECT 'total', '', '', COALESCE(("
        f"SELECT s.count FROM {PUBLISHED_COUNTS} s "
        "WHERE s.facet = %s AND s.value = %s), 0), 0, '', 0, ''"
    )
    return sql, [facet, value]


def _page_branch(filterset):
    """The rows of the requested page's ids, in the list's order, from the
    matching set m_all; its parameters are `_page_params`."""
    order = SORT_ORDERS[filterset.sort_order].sql()
    return (
        "SELECT 'page', CAST(id AS TEXT), '', "
        f"ROW_NUMBER() OVER (ORDER BY {order}), 0, '', 0, '' FROM ("
        f"SELECT * FROM m_all ORDER BY {order} LIMIT %s OFFSET %s) AS page_rows"
    )


def _page_params(page):
    offset, size = page
    return [size, offset]


def unfiltered(filterset):
    """Whether the list shows every published practice: no search, no value
    of any facet understood (values not understood are ignored)."""
    return not filterset.search_text and not any(
        filterset.selected(name) for name in filterset.FACETS
    )


_STORED_AVAILABLE = f"""(
    SELECT COUNT(*) FROM {PUBLISHED_COUNTS} a
    WHERE a.facet = '{{facet}}' AND a.count > 0
)"""
# The count of the last value a long facet lists, at least.
_STORED_FLOOR = f"""AND s.count >= COALESCE((
    SELECT f.count FROM {PUBLISHED_COUNTS} f WHERE f.facet = '{{facet}}'
    ORDER BY f.count DESC LIMIT 1 OFFSET {TOP_VALUES - 1}
), 0)"""

# The rows of _BRANCHES, read from the stored counts of all published
# practices (PublishedCount, see practices.published_counts), for the facets
# not read as _PAIR_BRANCHES are.
_STORED_BRANCHES = {
    # Long facets: only the values as frequent as the last one listed are
    # sorted by name (those tied with it), not every institution.
    "country": f"""
        SELECT * FROM (
            SELECT 'country', c.code, c.name, s.count AS n, 0, '',
                {_STORED_AVAILABLE.format(facet="country")}, ''
            FROM {PUBLISHED_COUNTS} s JOIN {COUNTRIES} c ON c.code = s.value
            WHERE s.facet = 'country' AND s.count > 0 {{floor}}
            ORDER BY n DESC, c.name {{limit}}
        ) AS top_countries""",
    "institution": f"""
        SELECT * FROM (
            SELECT 'institution', i.slug, {{name:i}}, s.count AS n, 0, '',
                {_STORED_AVAILABLE.format(facet="institution")}, {{lang:i}}
            FROM {PUBLISHED_COUNTS} s
            JOIN {INSTITUTIONS} i ON CAST(i.id AS TEXT) = s.value
            WHERE s.facet = 'institution' AND s.count > 0 {{floor}}
            ORDER BY n DESC, {{name:i}} {{limit}}
        ) AS top_institutions""",
    # Counted by date of last verification; the buckets are today's.
    "verified": f"""
        SELECT 'verified', bucket, '', CAST(SUM(count) AS INTEGER), 0, '', 0, ''
        FROM (
            SELECT CASE WHEN value = '' THEN 'never'
                WHEN value >= %s THEN 'recent' ELSE 'older' END AS bucket, count
            FROM {PUBLISHED_COUNTS} WHERE facet = 'verified-on' AND count > 0
        ) AS verified_buckets GROUP BY bucket""",
}


def _stored_branches(name, expand=(), selected=()):
    """The branches (and their parameters) giving facet `name`'s rows over
    every published practice, read from PublishedCount; with the `selected`
    values of a long facet, those too, as _SELECTED_BRANCHES does."""
    if name in _PAIR_BRANCHES and name not in LONG_FACETS:
        # Every value of the facet itself: no prefix.
        return [_localized(_PAIR_BRANCHES[name]).format(limit="")], [name, ""]
    limit, floor = "", ""
    if name not in expand:
        limit = f"LIMIT {TOP_VALUES}"
        floor = _STORED_FLOOR.format(facet=name)
    branches = [_localized(_STORED_BRANCHES[name]).format(limit=limit, floor=floor)]
    params = [verified_cutoff().isoformat()] if name == "verified" else []
    if name in _SELECTED_BRANCHES and selected:
        branch, branch_params = _selected_branch(name, _SELECTED_STORED[name], selected)
        branches.append(branch)
        params += branch_params
    return branches, params


def _single_values(filterset, narrowing):
    """{facet: its value as stored} of the paired facets among `narrowing`
    with a single value selected; {} with a search, which no kept count
    knows."""
    if filterset.search_text:
        return {}
    found = {}
    for name in narrowing:
        values = filterset.selected(name)
        if name in published_counts.PAIRED and len(values) == 1:
            found[name] = published_counts.stored_key(values[0])
    return found


def _within(filterset, narrowing):
    """{facet: (other facet, its value as stored)} for each facet with pair
    counts (published_counts.COUNTED_WITHIN) whose practices are those of one
    value of a paired facet: nothing else narrows the list (no search, no
    other selection, a single value). Its counts are that value's pair
    counts."""
    single = _single_values(filterset, narrowing)
    found = {}
    for name in published_counts.COUNTED_WITHIN:
        others = [other for other in narrowing if other != name]
        if len(others) == 1 and others[0] in single:
            found[name] = (others[0], single[others[0]])
    return found


# The rows of _BRANCHES read from PublishedCount: the values of the stored
# facet named by the first parameter that begin with the second. For a facet
# counted within one value of another, its pair counts ("country@theme",
# "12|"); over every practice, the facet itself ("theme", "").
_PAIR_BRANCHES = {
    "theme": f"""
        SELECT 'theme', t.slug, {{name:t}}, COALESCE(s.count, 0), 0, '', 0,
            {{lang:t}}
        FROM {THEMES} t LEFT JOIN {PUBLISHED_COUNTS} s
        ON s.facet = %s AND s.value = %s || CAST(t.id AS TEXT)""",
    "challenge": f"""
        SELECT 'challenge', h.slug, {{label:h}}, COALESCE(s.count, 0), h.position,
            {{name:h}}, 0, {{label_lang:h}} || ' ' || {{lang:h}}
        FROM {CHALLENGES} h LEFT JOIN {PUBLISHED_COUNTS} s
        ON s.facet = %s AND s.value = %s || CAST(h.id AS TEXT)""",
    **{
        name: f"""
        SELECT '{name}', SUBSTR(s.value, LENGTH(p.prefix) + 1), '', s.count,
            0, '', 0, ''
        FROM {PUBLISHED_COUNTS} s CROSS JOIN (SELECT %s AS facet, %s AS prefix) p
        WHERE s.facet = p.facet AND s.count > 0
        AND SUBSTR(s.value, 1, LENGTH(p.prefix)) = p.prefix"""
        for name in ("region", "evidence", "year")
    },
    "country": f"""
        SELECT * FROM (
            SELECT 'country', c.code, c.name, s.count AS n, 0, '',
                COUNT(*) OVER (), ''
            FROM {PUBLISHED_COUNTS} s CROSS JOIN (SELECT %s AS facet, %s AS prefix) p
            JOIN {COUNTRIES} c ON s.value = p.prefix || c.code
            WHERE s.facet = p.facet AND s.count > 0
            ORDER BY n DESC, c.name {{limit}}
        ) AS top_countries""",
}
_SELECTED_PAIRED = f"""SELECT s.count FROM {PUBLISHED_COUNTS} s
    WHERE s.facet = %s AND s.value = %s || c.code"""


def _pair_branches(name, other, value, expand=(), selected=()):
    """The branches (and their parameters) giving facet `name`'s rows within
    `value` of facet `other`, read from the pair counts; with the `selected`
    values of the country facet, those too, as _SELECTED_BRANCHES does."""
    pair = [published_counts.pair_facet(name, other), f"{value}|"]
    limit = "" if name in expand else f"LIMIT {TOP_VALUES}"
    branches = [_localized(_PAIR_BRANCHES[name]).format(limit=limit)]
    params = list(pair)
    if name in _SELECTED_BRANCHES and selected:
        branch, branch_params = _selected_branch(name, _SELECTED_PAIRED, selected)
        branches.append(branch)
        params += [*pair, *branch_params]
    return branches, params


def stored_statement(filterset, base_queryset, page=None, expand=(), facets=None):
    """The rows of `listing_statement` for an unfiltered list, its counts read
    from PublishedCount: only the page's ids are looked for among the
    practices."""
    facets = filterset.FACETS if facets is None else facets
    branches, params = [], []
    branches.append(
        "SELECT 'total', '', '', COALESCE(SUM(count), 0), 0, '', 0, '' "
        f"FROM {PUBLISHED_COUNTS} WHERE facet = 'total'"
    )
    for name in facets:
        branch, branch_params = _stored_branches(name, expand)
        branches += branch
        params += branch_params
    ctes = []
    if page is not None:
        sql, cte_params = _matching_sql(
            filterset, base_queryset, None, ["pk", *ORDER_COLUMNS]
        )
        ctes.append(f"m_all(id, title, published_at, rank) AS ({sql})")
        branches.append(_page_branch(filterset))
        params = [*cte_params, *params, *_page_params(page)]
    with_ctes = f"WITH {', '.join(ctes)} " if ctes else ""
    return f"{with_ctes}{' UNION ALL '.join(branches)}", params


def read_listing_counts(filterset, rows, expand=(), facets=None):
    """The facets, total and page ids from the rows of `listing_statement`
    (the `facets` it counted: all by default)."""
    facets = filterset.FACETS if facets is None else facets
    found = {name: {} for name in facets}
    available = dict.fromkeys(LONG_FACETS, 0)
    total, page_rows, samples = 0, [], {}
    for facet, key, label, count, position, description, values, lang in rows:
        if facet == "total":
            total = count
        elif facet == "sample":
            # (practices counted over, practices in the sample), if above,
            # for each of the facets it names.
            if estimates.estimated(count):
                samples.update(dict.fromkeys(key.split(), (count, position)))
        elif facet == "page":
            page_rows.append((count, int(key)))
        else:
            if facet == "country":
                # Named in the page's language (the query names it in English).
                label = country_name(key) or label
            elif lang:
                lang, _, description_lang = lang.partition(" ")
                label = LocalizedText(label, lang)
                if description_lang:
                    description = LocalizedText(description, description_lang)
            found[facet][key] = Row(label, count or 0, position, description)
            if facet in available:
                available[facet] = max(available[facet], values or 0)
    for name, (size, sample_size) in samples.items():
        found[name] = {
            key: Row(
                row.label,
                estimates.scaled(row.count, size, sample_size),
                row.position,
                row.description,
            )
            for key, row in found[name].items()
        }
    selected = selected_values(filterset)
    counted = []
    for name in facets:
        filter_ = filterset.filters[name]
        if choices := filter_.extra.get("choices"):
            options = _in_choice_order(found[name], set(selected[name]), choices)
        else:
            options = _OPTIONS[name](found[name], set(selected[name]), name in expand)
        shown = [option for option in options if option.count or option.selected]
        counted.append(
            Facet(
                name,
                filter_.label,
                shown,
                hidden=len(options) - len(shown),
                available=available.get(name),
                expanded=name in expand,
                estimated=name in samples,
            )
        )
    return ListingCounts(
        facets=counted, total=total, page_ids=[pk for _, pk in sorted(page_rows)]
    )


def _matching_sql(filterset, base_queryset, exclude, columns):
    """SQL and parameters selecting `columns` of the practices matching every
    filter but `exclude`'s; `rank` is the search rank, 0 without search."""
    if exclude is None and base_queryset is filterset.queryset:
        # The list's own queryset (a list view has built it already): its
        # filters are applied once for the page and its counts.
        matching = filterset.qs.order_by()
    else:
        matching = filterset.apply_filters(base_queryset, exclude=exclude).order_by()
    # The year as the year filter reads it (published_at__year, in the
    # site's time zone), so a year's count is what choosing it lists.
    matching = matching.annotate(
        verified_bucket=verified_bucket(), published_year=ExtractYear("published_at")
    )
    if "rank" in columns and "rank" not in matching.query.annotations:
        matching = matching.annotate(rank=Value(0.0, output_field=FloatField()))
    if "title" in columns:
        # The page's order reads titles in its language, English where not
        # translated (the set's column is still called title).
        matching = matching.annotate(page_title=localized("title"))
        columns = ["page_title" if name == "title" else name for name in columns]
    # rewrite(False): modeltranslation's values() would not keep the columns'
    # order, which the set's column names follow.
    matching = matching.rewrite(False).values(*columns)
    try:
        return matching.query.get_compiler(using=matching.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing, e.g. none()
        nothing = ", ".join(["NULL"] * (len(columns) - 1))
        return f"SELECT id, {nothing} FROM {PRACTICES} WHERE 1 = 0", ()


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    position: int
    description: str


def _option(key, row, selected):
    return FacetOption(key, row.label, row.count, key in selected, row.description)


def _listed(rows, selected, expanded=False):
    """Every value, in the order of its list (themes, challenges)."""
    ordered = sorted(rows.items(), key=lambda item: (item[1].position, item[1].label))
    return [_option(key, row, selected) for key, row in ordered]


def _top(rows, selected, expanded=False):
    """The selected values first, then the most frequent others: TOP_VALUES in
    all at most, unless `expanded`."""

    def most_first(item):
        return (-item[1].count, sort_key(item[1].label))

    chosen = sorted(((k, v) for k, v in rows.items() if k in selected), key=most_first)
    others = sorted(
        ((k, v) for k, v in rows.items() if k not in selected and v.count > 0),
        key=most_first,
    )
    if not expanded:
        others = others[: max(TOP_VALUES - len(chosen), 0)]
    return [_option(key, row, selected) for key, row in chosen + others]


def _in_choice_order(rows, selected, choices):
    """Every choice of a facet with fixed choices, in their order."""
    return [
        FacetOption(
            value, label, rows[value].count if value in rows else 0, value in selected
        )
        for value, label in choices
    ]


def _years(rows, selected, expanded=False):
    """Every year with practices (and any selected), oldest first."""
    years = dict(rows)
    for year in selected - years.keys():
        years[year] = Row(year, 0, 0, "")
    return [
        FacetOption(key, key, row.count, key in selected)
        for key, row in sorted(years.items())
    ]


# How facets over related objects list their values; facets with fixed
# choices (region, evidence, verified) take them from the FilterSet.
_OPTIONS = {
    "theme": _listed,
    "challenge": _listed,
    "country": _top,
    "institution": _top,
    "year": _years,
}
