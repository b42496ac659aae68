"""The score of a practice for a context, its components and the words that
explain it: the one definition, used by the context page, its API and the
related practices (see the package's docstring for the rules)."""

from dataclasses import dataclass

from django.db import connections
from django.utils.translation import gettext, ngettext, pgettext

from practices.listing.tables import (
    COUNTRIES,
    INSTITUTIONS,
    INVOLVEMENTS,
    PRACTICE_CHALLENGES,
    PRACTICE_COUNTRIES,
    PRACTICE_THEMES,
    PRACTICES,
)
from practices.models import Involvement, Practice

# Points for each thing a practice shares with the context.
POINTS = {
    "country": 3,  # in one of the context's countries
    "region": 2,  # otherwise, in one of its regions
    "challenge": 2,  # each challenge shared
    "theme": 1,  # each theme shared
    "learner": 1,  # each learner group its target groups mention
    "lead_kind": 2,  # led by an institution of the context's kind
    "other_kind": 1,  # otherwise, one of that kind takes part
    "institution": 2,  # each institution shared (related practices)
}


@dataclass(frozen=True)
class Match:
    """What a practice shares with a context."""

    practice_id: int
    in_country: bool = False
    in_region: bool = False
    challenges: int = 0
    themes: int = 0
    learners: int = 0
    lead_kind: bool = False
    other_kind: bool = False
    institutions: int = 0

    @property
    def points(self):
        """The score: the same sum the ranking query computes."""
        place = (
            POINTS["country"]
            if self.in_country
            else POINTS["region"]
            if self.in_region
            else 0
        )
        kind = (
            POINTS["lead_kind"]
            if self.lead_kind
            else POINTS["other_kind"]
            if self.other_kind
            else 0
        )
        return (
            place
            + kind
            + POINTS["challenge"] * self.challenges
            + POINTS["theme"] * self.themes
            + POINTS["learner"] * self.learners
            + POINTS["institution"] * self.institutions
        )


@dataclass(frozen=True)
class Ranking:
    matches: list  # Match, best first
    total: int  # how many practices match at all


def _in(ids):
    return ", ".join(["%s"] * len(ids))


# What each link shared counts towards, packed in one integer per row so that
# a single SUM per practice adds them all up (for the reasons): each component
# has six bits (a practice links to far fewer than 64 of anything a context
# names).
COMPONENTS = (
    "in_country",
    "in_region",
    "challenges",
    "themes",
    "learners",
    "lead_kind",
    "other_kind",
    "institutions",
)
BITS = 6
UNIT = {name: 1 << (BITS * index) for index, name in enumerate(COMPONENTS)}


def unpacked(practice_id, total):
    def digit(name):
        return (total // UNIT[name]) % (1 << BITS)

    return Match(
        practice_id=practice_id,
        in_country=digit("in_country") > 0,
        in_region=digit("in_region") > 0,
        challenges=digit("challenges"),
        themes=digit("themes"),
        learners=digit("learners"),
        lead_kind=digit("lead_kind") > 0,
        other_kind=digit("other_kind") > 0,
        institutions=digit("institutions"),
    )


def _parts(context, candidates):
    """`candidates`: ids, or the SQL of a subquery giving them (or None: all).

    SELECTs of (practice_id, place, kind, added, counts), one row per link
    a practice shares with `context`. A practice's score is MAX(place) +
    MAX(kind) + SUM(added): its country outranks its region and a lead its
    other roles, each counted once, while every challenge, theme, learner group
    and institution adds up. `counts` packs what was shared (UNIT)."""
    parts = []

    def add(table, points, counts, where, params, column="l.practice_id"):
        place, kind, added = points
        if isinstance(candidates, str):
            where += f" AND {column} IN ({candidates})"
        elif candidates is not None:
            where += f" AND {column} IN ({_in(candidates)})"
            params = [*params, *candidates]
        if context.exclude_id is not None:
            where += f" AND {column} <> %s"
            params = [*params, context.exclude_id]
        parts.append(
            (
                f"SELECT {column} AS practice_id, {place} AS place,"
                f" {kind} AS kind, {added} AS added, {counts} AS counts"
                f" FROM {table} WHERE {where}",
                params,
            )
        )

    if context.countries:
        add(
            f"{PRACTICE_COUNTRIES} l",
            (POINTS["country"], 0, 0),
            UNIT["in_country"],
            f"l.country_id IN ({_in(context.countries)})",
            list(context.countries),
        )
    if context.regions:
        add(
            f"{PRACTICE_COUNTRIES} l JOIN {COUNTRIES} c ON c.code = l.country_id",
            (POINTS["region"], 0, 0),
            UNIT["in_region"],
            f"c.region IN ({_in(context.regions)})",
            list(context.regions),
        )
    if context.challenge_ids:
        add(
            f"{PRACTICE_CHALLENGES} l",
            (0, 0, POINTS["challenge"]),
            UNIT["challenges"],
            f"l.challenge_id IN ({_in(context.challenge_ids)})",
            list(context.challenge_ids),
        )
    if context.theme_ids:
        add(
            f"{PRACTICE_THEMES} l",
            (0, 0, POINTS["theme"]),
            UNIT["themes"],
            f"l.theme_id IN ({_in(context.theme_ids)})",
            list(context.theme_ids),
        )
    if context.kinds:
        add(
            f"{INVOLVEMENTS} l JOIN {INSTITUTIONS} i ON i.id = l.institution_id",
            (
                0,
                f"CASE WHEN l.role = %s THEN {POINTS['lead_kind']}"
                f" ELSE {POINTS['other_kind']} END",
                0,
            ),
            f"CASE WHEN l.role = %s THEN {UNIT['lead_kind']}"
            f" ELSE {UNIT['other_kind']} END",
            f"i.kind IN ({_in(context.kinds)})",
            [Involvement.Role.LEAD, Involvement.Role.LEAD, *context.kinds],
        )
    if context.institution_ids:
        add(
            f"{INVOLVEMENTS} l",
            (0, 0, POINTS["institution"]),
            UNIT["institutions"],
            f"l.institution_id IN ({_in(context.institution_ids)})",
            list(context.institution_ids),
        )
    if context.learner_groups:
        # One count per group: any of its words in the target groups.
        cases, params = [], []
        for group in context.learner_groups:
            cases.append(
                "CASE WHEN "
                + " OR ".join(["LOWER(l.target_groups) LIKE %s"] * len(group.words))
                + " THEN 1 ELSE 0 END"
            )
            params += [f"%{word}%" for word in group.words]
        matched = " + ".join(cases)
        # Only the practices naming one of the words: on PostgreSQL a trigram
        # index finds them (migration 0021) without reading every practice.
        any_word = " OR ".join(["LOWER(l.target_groups) LIKE %s"] * len(params))
        add(
            f"{PRACTICES} l",
            (0, 0, f"{POINTS['learner']} * ({matched})"),
            f"{UNIT['learners']} * ({matched})",
            f"({any_word})",
            params * 3,
            column="l.id",
        )
    return parts


def scores_sql(context, candidates=None):
    """(sql, params) of the body of a common table expression of
    (practice_id, counts, score), a row per published practice sharing
    anything with `context` (among `candidates`: ids, or the SQL of a
    subquery giving them)."""
    parts = _parts(context, candidates)
    not_published = [
        s for s in Practice.Status.values if s != Practice.Status.PUBLISHED
    ]
    sql = f"""
            SELECT m.practice_id, SUM(m.counts) AS counts,
                MAX(m.place) + MAX(m.kind) + SUM(m.added) AS score
            FROM ({" UNION ALL ".join(sql for sql, _ in parts)}) m
            WHERE m.practice_id NOT IN (
                SELECT id FROM {PRACTICES} WHERE status IN ({_in(not_published)})
            )
            GROUP BY m.practice_id"""
    params = [p for _, part_params in parts for p in part_params]
    return sql, [*params, *not_published]


def rank(context, limit, offset=0, candidates=None, using="default"):
    """The published practices matching `context` (among `candidates`, ids,
    when given), best first, from `offset`: a Ranking, in one query.

    Equal scores go to the practice added last (the highest id), which needs
    no row of the practices table: the only ones read are the few practices
    that are not published, left out before anything is added up."""
    if context.is_empty or candidates == []:
        return Ranking([], 0)
    scores, params = scores_sql(
        context, None if candidates is None else list(candidates)
    )
    sql = f"""
        WITH scores AS ({scores}
        )
        SELECT s.practice_id, s.counts, (
            SELECT COUNT(*) FROM scores WHERE score > 0
        ) AS matching
        FROM scores s
        WHERE s.score > 0
        ORDER BY s.score DESC, s.practice_id DESC
        LIMIT %s OFFSET %s"""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    return Ranking(
        [unpacked(practice_id, int(total)) for practice_id, total, _ in rows],
        rows[0][2] if rows else 0,
    )


def reasons(match, context, for_visitor=True):
    """Why `match` matched, in plain words: ["same region", "answers 2 of
    your 3 challenges", ...]. `for_visitor` speaks to the visitor of the
    context page; otherwise of the practice whose related practices these are."""
    said = []
    if match.in_country:
        said.append(gettext("same country"))
    elif match.in_region:
        said.append(gettext("same region"))
    if match.challenges:
        asked = len(context.challenge_ids)
        if not for_visitor:
            said.append(
                ngettext(
                    "%(count)d challenge in common",
                    "%(count)d challenges in common",
                    match.challenges,
                )
                % {"count": match.challenges}
            )
        elif asked == 1:
            said.append(gettext("answers your challenge"))
        else:
            said.append(
                ngettext(
                    "answers %(count)d of your %(asked)d challenges",
                    "answers %(count)d of your %(asked)d challenges",
                    asked,
                )
                % {"count": match.challenges, "asked": asked}
            )
    if match.themes:
        asked = len(context.theme_ids)
        if not for_visitor:
            said.append(
                ngettext(
                    "%(count)d theme in common",
                    "%(count)d themes in common",
                    match.themes,
                )
                % {"count": match.themes}
            )
        elif asked == 1:
            said.append(gettext("on your theme"))
        else:
            said.append(
                ngettext(
                    "on %(count)d of your %(asked)d themes",
                    "on %(count)d of your %(asked)d themes",
                    asked,
                )
                % {"count": match.themes, "asked": asked}
            )
    if match.learners:
        asked = len(context.learner_groups)
        if asked == 1:
            said.append(gettext("serves the learners you chose"))
        else:
            said.append(
                ngettext(
                    "serves %(count)d of the %(asked)d learner groups you chose",
                    "serves %(count)d of the %(asked)d learner groups you chose",
                    asked,
                )
                % {"count": match.learners, "asked": asked}
            )
    if match.lead_kind:
        said.append(
            gettext("led by an institution of your kind")
            if for_visitor
            else gettext("led by the same kind of institution")
        )
    elif match.other_kind:
        said.append(
            gettext("an institution of your kind takes part")
            if for_visitor
            else gettext("the same kind of institution takes part")
        )
    if match.institutions:
        said.append(
            ngettext(
                "%(count)d institution in common",
                "%(count)d institutions in common",
                match.institutions,
            )
            % {"count": match.institutions}
        )
    return said


def reasons_sentence(match, context, for_visitor=True):
    """The reasons as one phrase: "same region; answers 2 of your 3 challenges"."""
    separator = pgettext("between the reasons a practice matches", "; ")
    return separator.join(reasons(match, context, for_visitor))
