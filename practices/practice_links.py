"""A practice's themes, challenges, countries and institutions, read in one
query for its page.

Prefetching the four relations took four queries, each built by the ORM. This
reads them in one `UNION ALL` (every column as text, converted back by its
field) and puts the model instances where prefetch_related would have: after
`attach_links(practice)`, `practice.themes.all()` and the others read no more
from the database, in the same order as the models' orderings give (in the
page's language, as the translated orderings do)."""

from django.db import connections
from modeltranslation.utils import build_localized_fieldname

from practices.content_languages import content_language
from practices.listing.tables import (
    CHALLENGES,
    COUNTRIES,
    INSTITUTIONS,
    INVOLVEMENTS,
    PRACTICE_CHALLENGES,
    PRACTICE_COUNTRIES,
    PRACTICE_THEMES,
    THEMES,
)
from practices.models import Challenge, Country, Institution, Involvement, Theme

THEME, CHALLENGE, COUNTRY, INVOLVEMENT = 1, 2, 3, 4

# Column types read; long texts and JSON are left deferred (the page shows
# none of its links' descriptions).
READ_TYPES = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "SlugField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
}


def _read_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.get_internal_type() in READ_TYPES
    ]


def _quoted(name):
    return f'"{name}"'


def _columns(alias, fields):
    return [f"CAST({alias}.{_quoted(field.column)} AS TEXT)" for field in fields]


def _branch(kind, order_int, order_text, source, columns, width):
    padded = columns + ["NULL"] * (width - len(columns))
    return f"SELECT {kind}, {order_int}, {order_text}, {', '.join(padded)} {source}"


def _instance(model, fields, values, using):
    converted = [
        None if value is None else field.to_python(value)
        for field, value in zip(fields, values, strict=False)
    ]
    return model.from_db(using, [field.attname for field in fields], converted)


def _cached(model, instances):
    """A queryset already evaluated, as prefetch_related leaves one."""
    queryset = model._default_manager.all()
    queryset._result_cache = instances
    queryset._prefetch_done = True
    return queryset


def attach_links(practice):
    """Read `practice`'s themes, challenges, countries and involvements (with
    their institutions) in one query and cache them on it as prefetched."""
    language = content_language()
    theme_fields = _read_fields(Theme)
    challenge_fields = _read_fields(Challenge)
    country_fields = _read_fields(Country)
    involvement_fields = _read_fields(Involvement)
    institution_fields = _read_fields(Institution)
    width = max(
        len(theme_fields),
        len(challenge_fields),
        len(country_fields),
        len(involvement_fields) + len(institution_fields),
    )
    # The translated orderings sort by the name in the page's language.
    name = _quoted(build_localized_fieldname("name", language))
    branches = [
        _branch(
            THEME,
            "0",
            f"t.{name}",
            f"FROM {THEMES} t JOIN {PRACTICE_THEMES} l ON l.theme_id = t.id "
            "WHERE l.practice_id = %s",
            _columns("t", theme_fields),
            width,
        ),
        _branch(
            CHALLENGE,
            "h.position",
            f"h.{name}",
            f"FROM {CHALLENGES} h JOIN {PRACTICE_CHALLENGES} l "
            "ON l.challenge_id = h.id WHERE l.practice_id = %s",
            _columns("h", challenge_fields),
            width,
        ),
        _branch(
            COUNTRY,
            "0",
            "c.name",
            f"FROM {COUNTRIES} c JOIN {PRACTICE_COUNTRIES} l "
            "ON l.country_id = c.code WHERE l.practice_id = %s",
            _columns("c", country_fields),
            width,
        ),
        _branch(
            INVOLVEMENT,
            "v.id",
            "NULL",
            f"FROM {INVOLVEMENTS} v JOIN {INSTITUTIONS} i "
            "ON i.id = v.institution_id WHERE v.practice_id = %s",
            _columns("v", involvement_fields) + _columns("i", institution_fields),
            width,
        ),
    ]
    sql = " UNION ALL ".join(branches) + " ORDER BY 1, 2, 3"
    found = {THEME: [], CHALLENGE: [], COUNTRY: [], INVOLVEMENT: []}
    using = practice._state.db or "default"
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [practice.pk] * len(branches))
        rows = cursor.fetchall()
    for kind, _order_int, _order_text, *values in rows:
        if kind == THEME:
            found[kind].append(_instance(Theme, theme_fields, values, using))
        elif kind == CHALLENGE:
            found[kind].append(_instance(Challenge, challenge_fields, values, using))
        elif kind == COUNTRY:
            found[kind].append(_instance(Country, country_fields, values, using))
        else:
            involvement = _instance(Involvement, involvement_fields, values, using)
            involvement.institution = _instance(
                Institution,
                institution_fields,
                values[len(involvement_fields) :],
                using,
            )
            involvement.practice = practice
            found[kind].append(involvement)
    cache = practice.__dict__.setdefault("_prefetched_objects_cache", {})
    cache["themes"] = _cached(Theme, found[THEME])
    cache["challenges"] = _cached(Challenge, found[CHALLENGE])
    cache["countries"] = _cached(Country, found[COUNTRY])
    cache["involvements"] = _cached(Involvement, found[INVOLVEMENT])
    return practice
