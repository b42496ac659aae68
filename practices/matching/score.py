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


COLUMNS = (
    "practice_id",
    "in_country",
    "in_region",
    "challenges",
    "themes",
    "learners",
    "lead_kind",
    "other_kind",
    "institutions",
)


def _select(*values):
    """A SELECT list naming COLUMNS (a UNION takes its names from the first)."""
    return "SELECT " + ", ".join(
        f"{value} AS {name}" for value, name in zip(values, COLUMNS, strict=True)
    )


def _parts(context, candidates):
    """SELECTs of (practice_id, in_country, in_region, challenges, themes,
    learners, lead_kind, other_kind, institutions), one row per link shared."""
    parts = []

    def add(select, where, params, column="l.practice_id"):
        if candidates is not None:
            where += f" AND {column} IN ({_in(candidates)})"
            params = [*params, *candidates]
        if context.exclude_id is not None:
            where += f" AND {column} <> %s"
            params = [*params, context.exclude_id]
        parts.append((f"{select} WHERE {where}", params))

    if context.countries:
        add(
            _select("l.practice_id", 1, 0, 0, 0, 0, 0, 0, 0)
            + f" FROM {PRACTICE_COUNTRIES} l",
            f"l.country_id IN ({_in(context.countries)})",
            list(context.countries),
        )
    if context.regions:
        add(
            _select("l.practice_id", 0, 1, 0, 0, 0, 0, 0, 0)
            + f" FROM {PRACTICE_COUNTRIES} l"
            f" JOIN {COUNTRIES} c ON c.code = l.country_id",
            f"c.region IN ({_in(context.regions)})",
            list(context.regions),
        )
    if context.challenge_ids:
        add(
            _select("l.practice_id", 0, 0, 1, 0, 0, 0, 0, 0)
            + f" FROM {PRACTICE_CHALLENGES} l",
            f"l.challenge_id IN ({_in(context.challenge_ids)})",
            list(context.challenge_ids),
        )
    if context.theme_ids:
        add(
            _select("l.practice_id", 0, 0, 0, 1, 0, 0, 0, 0)
            + f" FROM {PRACTICE_THEMES} l",
            f"l.theme_id IN ({_in(context.theme_ids)})",
            list(context.theme_ids),
        )
    if context.kinds:
        add(
            _select(
                "l.practice_id",
                0,
                0,
                0,
                0,
                0,
                "CASE WHEN l.role = %s THEN 1 ELSE 0 END",
                "CASE WHEN l.role = %s THEN 0 ELSE 1 END",
                0,
            )
            + f" FROM {INVOLVEMENTS} l"
            f" JOIN {INSTITUTIONS} i ON i.id = l.institution_id",
            f"i.kind IN ({_in(context.kinds)})",
            [Involvement.Role.LEAD, Involvement.Role.LEAD, *context.kinds],
        )
    if context.institution_ids:
        add(
            _select("l.practice_id", 0, 0, 0, 0, 0, 0, 0, 1)
            + f" FROM {INVOLVEMENTS} l",
            f"l.institution_id IN ({_in(context.institution_ids)})",
            list(context.institution_ids),
        )
    if context.learner_groups:
        # One point per group: any of its words in the target groups.
        cases, params = [], []
        for group in context.learner_groups:
            cases.append(
                "CASE WHEN "
                + " OR ".join(["LOWER(l.target_groups) LIKE %s"] * len(group.words))
                + " THEN 1 ELSE 0 END"
            )
            params += [f"%{word}%" for word in group.words]
        add(
            _select("l.id", 0, 0, 0, 0, " + ".join(cases), 0, 0, 0)
            + f" FROM {PRACTICES} l",
            "l.status = %s AND l.target_groups <> ''",
            [*params, Practice.Status.PUBLISHED],
            column="l.id",
        )
    return parts


SCORE_SQL = f"""
    CASE WHEN MAX(m.in_country) = 1 THEN {POINTS["country"]}
         WHEN MAX(m.in_region) = 1 THEN {POINTS["region"]} ELSE 0 END
    + CASE WHEN MAX(m.lead_kind) = 1 THEN {POINTS["lead_kind"]}
           WHEN MAX(m.other_kind) = 1 THEN {POINTS["other_kind"]} ELSE 0 END
    + {POINTS["challenge"]} * SUM(m.challenges)
    + {POINTS["theme"]} * SUM(m.themes)
    + {POINTS["learner"]} * MAX(m.learners)
    + {POINTS["institution"]} * SUM(m.institutions)"""


def rank(context, limit, offset=0, candidates=None, using="default"):
    """The published practices matching `context` (among `candidates`, ids,
    when given), best first, from `offset`: a Ranking, in one query."""
    if context.is_empty or candidates == []:
        return Ranking([], 0)
    parts = _parts(context, None if candidates is None else list(candidates))
    sql = f"""
        SELECT g.practice_id, g.in_country, g.in_region, g.challenges, g.themes,
            g.learners, g.lead_kind, g.other_kind, g.institutions,
            COUNT(*) OVER () AS total
        FROM (
            SELECT m.practice_id, MAX(m.in_country) AS in_country,
                MAX(m.in_region) AS in_region, SUM(m.challenges) AS challenges,
                SUM(m.themes) AS themes, MAX(m.learners) AS learners,
                MAX(m.lead_kind) AS lead_kind, MAX(m.other_kind) AS other_kind,
                SUM(m.institutions) AS institutions, {SCORE_SQL} AS score
            FROM ({" UNION ALL ".join(sql for sql, _ in parts)}) m
            GROUP BY m.practice_id
        ) g
        JOIN {PRACTICES} p ON p.id = g.practice_id
        WHERE p.status = %s AND g.score > 0
        ORDER BY g.score DESC, p.published_at DESC NULLS LAST, p.title, p.id
        LIMIT %s OFFSET %s"""
    params = [p for _, part_params in parts for p in part_params]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*params, Practice.Status.PUBLISHED, limit, offset])
        rows = cursor.fetchall()
    matches = [
        Match(
            practice_id=row[0],
            in_country=bool(row[1]),
            in_region=bool(row[2]),
            challenges=int(row[3]),
            themes=int(row[4]),
            learners=int(row[5]),
            lead_kind=bool(row[6]),
            other_kind=bool(row[7]),
            institutions=int(row[8]),
        )
        for row in rows
    ]
    return Ranking(matches, rows[0][9] if rows else 0)


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
