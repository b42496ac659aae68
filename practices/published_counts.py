"""The published counts (PublishedCount): how many published practices carry
each theme, challenge, country, region, institution, evidence level, year and
date of last verification, and how many are published in all; and, for the
themes, challenges, countries and regions, how many carry each value within
each value of another of them (pair counts: the countries of one theme's
practices, the themes of one country's), which a list narrowed to one value
of one or two of them reads instead of counting.

They are kept true in the transaction of the change, never after it:

- the receivers below (connected by practices.signals.connect) measure what
  the practices concerned contributed before a change and what they
  contribute after it, and add the difference, in the transaction the save,
  deletion or link change runs in (Practice, Involvement and Country saves
  open one; Django's deletions and link changes run in one);
- code that changes practices without signals (queryset update(),
  bulk_create) wraps the change in `kept()`, or calls `recount()` when it has
  changed much;
- `recount()` (`manage.py recount`) rebuilds the table from the practices.

What "published" means is the status alone (Practice.objects.published()):
nothing is published at a later date, so no count changes with time. The
"last verified" buckets do (in the last 12 months, older): the table counts
practices by the date of their last verification, and the buckets are summed
on the day they are read.

Two transactions changing the same practice's links at the same moment could
each measure the other's change as not there yet (READ COMMITTED); saves of a
practice are serialised by the row lock its lock number takes first. A
`recount()` puts right any such drift."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from practices.listing.tables import (
    COUNTRIES,
    INVOLVEMENTS,
    PRACTICE_CHALLENGES,
    PRACTICE_COUNTRIES,
    PRACTICE_THEMES,
    PRACTICES,
    PUBLISHED_COUNTS,
)
from practices.models import (
    Challenge,
    Country,
    Involvement,
    Practice,
    PublishedCount,
    Theme,
)

COUNTS = PUBLISHED_COUNTS
NOT_STATED = "not-stated"  # the region facet's value for no location stated

# The facets whose values are counted within a value of another of them,
# and the facets counted within those values too.
PAIRED = ("theme", "challenge", "country", "region")
COUNTED_WITHIN = (*PAIRED, "evidence", "year")


def pair_facet(counted, within):
    """The stored facet of `counted`'s values within one value of `within`:
    "country@theme", its values "<theme>|<country>" (see stored_key)."""
    return f"{counted}@{within}"


PAIR_FACETS = tuple(
    pair_facet(counted, within)
    for counted in COUNTED_WITHIN
    for within in PAIRED
    if counted != within
)
FACETS = (
    "total",
    "theme",
    "challenge",
    "country",
    "region",
    "institution",
    "evidence",
    "year",
    "verified-on",
    *PAIR_FACETS,
)
# Practices read at most this many at a time (SQLite's limit on parameters).
CHUNK = 500


def _database(using=None):
    return using or router.db_for_write(PublishedCount)


# What the practices satisfying {where} contribute to each facet, as rows of
# (facet, value, count); {where} reads the practice as `p`.
_BRANCHES = {
    "total": f"SELECT 'total', '', COUNT(*) FROM {PRACTICES} p WHERE {{where}}",
    "theme": f"""
        SELECT 'theme', CAST(l.theme_id AS TEXT), COUNT(*) FROM {PRACTICE_THEMES} l
        JOIN {PRACTICES} p ON p.id = l.practice_id WHERE {{where}}
        GROUP BY l.theme_id""",
    "challenge": f"""
        SELECT 'challenge', CAST(l.challenge_id AS TEXT), COUNT(*)
        FROM {PRACTICE_CHALLENGES} l
        JOIN {PRACTICES} p ON p.id = l.practice_id WHERE {{where}}
        GROUP BY l.challenge_id""",
    "country": f"""
        SELECT 'country', l.country_id, COUNT(*) FROM {PRACTICE_COUNTRIES} l
        JOIN {PRACTICES} p ON p.id = l.practice_id WHERE {{where}}
        GROUP BY l.country_id""",
    # A practice counts once in a region, however many of its countries are
    # in it; with no country and no scope, as the location not stated.
    "region": f"""
        SELECT 'region', region, COUNT(*) FROM (
            SELECT DISTINCT l.practice_id, c.region FROM {PRACTICE_COUNTRIES} l
            JOIN {COUNTRIES} c ON c.code = l.country_id
            JOIN {PRACTICES} p ON p.id = l.practice_id WHERE {{where}}
        ) AS practice_regions GROUP BY region
        UNION ALL
        SELECT 'region', '{NOT_STATED}', COUNT(*) FROM {PRACTICES} p
        WHERE {{where}} AND p.scope = '' AND NOT EXISTS (
            SELECT 1 FROM {PRACTICE_COUNTRIES} l WHERE l.practice_id = p.id
        )""",
    # An institution takes part in a practice once (involvement_unique_institution).
    "institution": f"""
        SELECT 'institution', CAST(v.institution_id AS TEXT), COUNT(*)
        FROM {INVOLVEMENTS} v
        JOIN {PRACTICES} p ON p.id = v.practice_id WHERE {{where}}
        GROUP BY v.institution_id""",
    "evidence": f"""
        SELECT 'evidence', p.evidence_level, COUNT(*) FROM {PRACTICES} p
        WHERE {{where}} GROUP BY p.evidence_level""",
    "verified-on": f"""
        SELECT 'verified-on', COALESCE({{date_text}}, ''), COUNT(*)
        FROM {PRACTICES} p WHERE {{where}} GROUP BY p.last_verified""",
}


# The values of each paired facet that the practices satisfying {where} carry,
# as rows of (practice_id, value): values as stored (ids of themes and
# challenges, country codes, region slugs).
_VALUES = {
    "theme": f"""
        SELECT l.practice_id, CAST(l.theme_id AS TEXT) AS value
        FROM {PRACTICE_THEMES} l JOIN {PRACTICES} p ON p.id = l.practice_id
        WHERE {{where}}""",
    "challenge": f"""
        SELECT l.practice_id, CAST(l.challenge_id AS TEXT) AS value
        FROM {PRACTICE_CHALLENGES} l JOIN {PRACTICES} p ON p.id = l.practice_id
        WHERE {{where}}""",
    "country": f"""
        SELECT l.practice_id, l.country_id AS value
        FROM {PRACTICE_COUNTRIES} l JOIN {PRACTICES} p ON p.id = l.practice_id
        WHERE {{where}}""",
    # As the region facet counts: once per region, or the location not stated.
    "region": f"""
        SELECT DISTINCT l.practice_id, c.region AS value
        FROM {PRACTICE_COUNTRIES} l JOIN {COUNTRIES} c ON c.code = l.country_id
        JOIN {PRACTICES} p ON p.id = l.practice_id WHERE {{where}}
        UNION ALL
        SELECT p.id, '{NOT_STATED}' FROM {PRACTICES} p
        WHERE {{where}} AND p.scope = '' AND NOT EXISTS (
            SELECT 1 FROM {PRACTICE_COUNTRIES} l WHERE l.practice_id = p.id
        )""",
    "evidence": f"""
        SELECT p.id AS practice_id, p.evidence_level AS value FROM {PRACTICES} p
        WHERE {{where}}""",
}


def _values(facet, where, where_params, ids, using):
    """The SQL of _VALUES[facet] and its parameters; the year as the year
    facet reads it (_year_query)."""
    if facet == "year":
        sql, params = _year_query(ids, using, per_practice=True)
        return (
            f'SELECT y."pk" AS practice_id, CAST(y."year" AS TEXT) AS value '
            f"FROM ({sql}) AS y",
            params,
        )
    sql = _VALUES[facet]
    return sql.format(where=where), where_params * sql.count("{where}")


def _pair_branch(facet, where, where_params, ids, using):
    """The rows of the pair facet `facet` ("country@theme") of the practices
    satisfying `where`, and its parameters."""
    counted, within = facet.split("@")
    within_sql, within_params = _values(within, where, where_params, ids, using)
    counted_sql, counted_params = _values(counted, where, where_params, ids, using)
    sql = f"""
        SELECT '{facet}', w.value || '|' || c.value, COUNT(*)
        FROM ({within_sql}) w JOIN ({counted_sql}) c
        ON c.practice_id = w.practice_id GROUP BY w.value, c.value"""
    return sql, within_params + counted_params


def stored_key(value):
    """How PublishedCount names a selected value: a Theme, Challenge or
    Country by its key, a region by its slug."""
    return str(getattr(value, "pk", value))


def pairs_of(*facets):
    """The pair facets involving any of `facets`."""
    return tuple(
        name for name in PAIR_FACETS if any(part in facets for part in name.split("@"))
    )


def _year_query(ids, using, per_practice=False):
    """SQL and parameters of the years of the published practices among `ids`
    (all if None), as the list's year filter reads them (published_at__year,
    in the site's time zone): written by the ORM, which knows each database's
    way. Columns "year" and "n" (how many), or, `per_practice`, "pk" and
    "year"."""
    practices = Practice.objects.using(using).filter(
        status=Practice.Status.PUBLISHED, published_at__isnull=False
    )
    if ids is not None:
        practices = practices.filter(pk__in=ids)
    years = practices.order_by().annotate(year=ExtractYear("published_at"))
    if per_practice:
        years = years.values_list("pk", "year")
    else:
        years = years.values("year").annotate(n=Count("pk")).values_list("year", "n")
    sql, params = years.query.get_compiler(using=using).as_sql()
    return sql, list(params)


def _year_branch(ids, using):
    sql, params = _year_query(ids, using)
    return (
        f'SELECT \'year\', CAST(years."year" AS TEXT), years."n" FROM ({sql}) AS years',
        params,
    )


def _date_text(using):
    """The last verification date as ISO text (YYYY-MM-DD), whatever
    PostgreSQL's DateStyle: the stored values are compared as text."""
    if connections[using].vendor == "postgresql":
        return "to_char(p.last_verified, 'YYYY-MM-DD')"
    return "CAST(p.last_verified AS TEXT)"


def contributions(ids=None, facets=FACETS, using=None):
    """{(facet, value): number} of the published practices among `ids` (all
    practices if None), for these facets."""
    using = _database(using)
    if ids is not None:
        ids = sorted({pk for pk in ids if pk is not None})
        if not ids:
            return {}
        if len(ids) > CHUNK:
            found = {}
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                for key, n in contributions(chunk, facets, using).items():
                    found[key] = found.get(key, 0) + n
            return found
    where, where_params = "p.status = %s", [Practice.Status.PUBLISHED]
    if ids is not None:
        where += f" AND p.id IN ({', '.join(['%s'] * len(ids))})"
        where_params += ids
    parts, params = [], []
    for facet in facets:
        if facet == "year":
            sql, year_params = _year_branch(ids, using)
            parts.append(sql)
            params += year_params
        elif facet in PAIR_FACETS:
            sql, pair_params = _pair_branch(facet, where, where_params, ids, using)
            parts.append(sql)
            params += pair_params
        else:
            branch = _BRANCHES[facet]
            parts.append(branch.format(where=where, date_text=_date_text(using)))
            params += where_params * branch.count("{where}")
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return {(facet, str(value)): n for facet, value, n in rows if n}


def difference(after, before):
    """{key: after - before}, keys whose number changed only."""
    keys = after.keys() | before.keys()
    changed = {key: after.get(key, 0) - before.get(key, 0) for key in keys}
    return {key: n for key, n in changed.items() if n}


def add(changes, using=None):
    """Add {(facet, value): change} to the stored numbers, in one statement
    per few hundred values."""
    using = _database(using)
    rows = sorted(changes.items())
    for start in range(0, len(rows), 300):
        chunk = rows[start : start + 300]
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        params = [item for (facet, value), n in chunk for item in (facet, value, n)]
        with connections[using].cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {COUNTS} ("facet", "value", "count") VALUES {values} '
                'ON CONFLICT ("facet", "value") DO UPDATE '
                f'SET "count" = {COUNTS}."count" + excluded."count"',
                params,
            )


@contextmanager
def kept(practices, facets=FACETS, using=None):
    """Keep the counts true around a change of these practices (ids or a
    queryset, read before the change) made without signals:

        with published_counts.kept(ids):
            Practice.objects.filter(pk__in=ids).update(status="archived")
    """
    if isinstance(practices, QuerySet):
        using = using or practices.db
        practices = practices.values_list("pk", flat=True)
    using = _database(using)
    ids = list(practices)
    with transaction.atomic(using=using):
        before = contributions(ids, facets, using)
        yield
        add(difference(contributions(ids, facets, using), before), using)


def recount(facets=FACETS, using=None):
    """Count these facets again from the practices, replacing what is stored.
    Returns the number of values stored."""
    using = _database(using)
    with transaction.atomic(using=using):
        found = contributions(None, facets, using)
        PublishedCount.objects.using(using).filter(facet__in=facets).delete()
        PublishedCount.objects.using(using).bulk_create(
            [
                PublishedCount(facet=facet, value=value, count=n)
                for (facet, value), n in sorted(found.items())
            ],
            batch_size=CHUNK,
        )
    return len(found)


def stored(using=None):
    """{(facet, value): number} as stored, values with practices only."""
    return {
        (facet, value): n
        for facet, value, n in PublishedCount.objects.using(_database(using))
        .filter(count__gt=0)
        .values_list("facet", "value", "count")
    }


@dataclass(frozen=True)
class Summary:
    """What the home page says of the whole knowledge base."""

    practices: int
    institutions: int  # with a published practice
    countries: int  # with a published practice
    by_facet: dict  # {facet: {value: number}} of themes, challenges, regions

    def of(self, facet, value):
        return self.by_facet.get(facet, {}).get(str(value), 0)


def summary(using=None):
    """The home page's numbers, in one query."""
    with connections[_database(using)].cursor() as cursor:
        cursor.execute(
            f"SELECT facet, value, count FROM {COUNTS} "
            "WHERE facet IN ('total', 'theme', 'challenge', 'region') AND count > 0 "
            "UNION ALL "
            f"SELECT facet, '*', COUNT(*) FROM {COUNTS} "
            "WHERE facet IN ('country', 'institution') AND count > 0 GROUP BY facet"
        )
        rows = cursor.fetchall()
    by_facet = {}
    for facet, value, n in rows:
        by_facet.setdefault(facet, {})[value] = n
    return Summary(
        practices=by_facet.pop("total", {}).get("", 0),
        institutions=by_facet.pop("institution", {}).get("*", 0),
        countries=by_facet.pop("country", {}).get("*", 0),
        by_facet=by_facet,
    )


# Receivers: each change measured before and after, in its transaction.

# The facets a link between a practice and a vocabulary changes.
LINK_FACETS = {
    Practice.themes.through: ("theme", *pairs_of("theme")),
    Practice.challenges.through: ("challenge", *pairs_of("challenge")),
    Practice.countries.through: ("country", "region", *pairs_of("country", "region")),
}
LINK_COLUMNS = {
    Practice.themes.through: "theme_id",
    Practice.challenges.through: "challenge_id",
    Practice.countries.through: "country_id",
}


def _measure(instance, key, ids, facets, using):
    # The practices' rows locked first (PostgreSQL; SQLite writes one at a
    # time): a link added while another curator publishes the practice is then
    # measured after that publication commits, not before it, and counted.
    if ids and transaction.get_connection(using).in_atomic_block:
        list(
            Practice.objects.using(using)
            .select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
    pending = instance.__dict__.setdefault("_published_counts_before", {})
    pending[key] = (ids, facets, contributions(ids, facets, using))


def _settle(instance, key, using):
    pending = instance.__dict__.get("_published_counts_before", {})
    if key not in pending:
        return
    ids, facets, before = pending.pop(key)
    add(difference(contributions(ids, facets, using), before), using)


def practice_saving(sender, instance, using, **kwargs):
    # A new practice counted nothing before (and has no links yet).
    ids = [] if instance.pk is None else [instance.pk]
    _measure(instance, "save", ids, FACETS, using)


def practice_saved(sender, instance, using, **kwargs):
    pending = instance.__dict__.get("_published_counts_before", {})
    if "save" in pending:
        pending["save"] = ([instance.pk], *pending["save"][1:])
    _settle(instance, "save", using)


def practice_deleting(sender, instance, using, origin=None, **kwargs):
    """Take away what a practice contributes while its links are still there
    (a deletion sends every pre_delete first, then deletes)."""
    if isinstance(origin, QuerySet) and origin.model is Practice:
        # Once for the whole queryset, whatever its size.
        if getattr(origin, "_published_counts_taken", False):
            return
        origin._published_counts_taken = True
        ids = list(origin.values_list("pk", flat=True))
    else:
        ids = [instance.pk]
    found = contributions(ids, FACETS, using)
    add({key: -n for key, n in found.items()}, using)


def _deleting_practices(origin):
    if isinstance(origin, Practice):
        return True
    return isinstance(origin, QuerySet) and origin.model is Practice


def involvement_saving(sender, instance, using, **kwargs):
    ids = [instance.practice_id]
    if instance.pk is not None:
        ids += (
            Involvement.objects.using(using)
            .filter(pk=instance.pk)
            .values_list("practice_id", flat=True)
        )
    _measure(instance, "save", ids, ("institution",), using)


def involvement_saved(sender, instance, using, **kwargs):
    _settle(instance, "save", using)


def involvement_deleting(sender, instance, using, origin=None, **kwargs):
    """One institution fewer for the practice, if it is published (the
    practice's own deletion takes away all of it)."""
    if _deleting_practices(origin):
        return
    published = (
        Practice.objects.using(using)
        .filter(pk=instance.practice_id, status=Practice.Status.PUBLISHED)
        .exists()
    )
    if published:
        add({("institution", str(instance.institution_id)): -1}, using)


def links_changing(sender, instance, action, reverse, pk_set, using, **kwargs):
    """A practice gained or lost themes, challenges or countries, from either
    side of the link."""
    facets = LINK_FACETS[sender]
    if action.startswith("pre_"):
        if not reverse:
            ids = [instance.pk]
        elif action == "pre_clear":
            ids = list(
                sender.objects.using(using)
                .filter(**{LINK_COLUMNS[sender]: instance.pk})
                .values_list("practice_id", flat=True)
            )
        else:
            ids = list(pk_set or [])
        _measure(instance, sender, ids, facets, using)
    else:
        _settle(instance, sender, using)


def country_saving(sender, instance, using, raw=False, **kwargs):
    stored_region = (
        Country.objects.using(using)
        .filter(pk=instance.pk)
        .values_list("region", flat=True)
        .first()
    )
    if stored_region is not None and stored_region != instance.region:
        ids = list(
            Practice.countries.through.objects.using(using)
            .filter(country_id=instance.pk)
            .values_list("practice_id", flat=True)
        )
        _measure(instance, "save", ids, ("region", *pairs_of("region")), using)


def country_saved(sender, instance, using, **kwargs):
    _settle(instance, "save", using)


def country_deleted(sender, instance, using, **kwargs):
    recount(("country", "region", *pairs_of("country", "region")), using)


def vocabulary_deleted(sender, instance, using, **kwargs):
    """A theme or challenge deleted takes its links along (without signals):
    its counts go, and the pair counts involving its kind are counted anew
    (deleting one is rare)."""
    facet = sender._meta.model_name
    PublishedCount.objects.using(using).filter(
        facet=facet, value=str(instance.pk)
    ).delete()
    recount(pairs_of(facet), using)


def connect():
    from django.db.models.signals import (
        m2m_changed,
        post_delete,
        post_save,
        pre_delete,
        pre_save,
    )

    pre_save.connect(practice_saving, sender=Practice)
    post_save.connect(practice_saved, sender=Practice)
    pre_delete.connect(practice_deleting, sender=Practice)
    pre_save.connect(involvement_saving, sender=Involvement)
    post_save.connect(involvement_saved, sender=Involvement)
    pre_delete.connect(involvement_deleting, sender=Involvement)
    for through in LINK_FACETS:
        m2m_changed.connect(links_changing, sender=through)
    pre_save.connect(country_saving, sender=Country)
    post_save.connect(country_saved, sender=Country)
    post_delete.connect(country_deleted, sender=Country)
    for model in (Theme, Challenge):
        post_delete.connect(vocabulary_deleted, sender=model)
