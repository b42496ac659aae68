"""Practices side by side: which ones the address names (`p`, repeated), and
the table of their facts, row by row, each row saying whether every practice
has the same value."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices.localized import sort_key
from practices.matching.context import SHOWN_VALUE_LENGTH
from practices.models import Practice, involvements_with_institutions

FEWEST, MOST = 2, 4


@dataclass
class Choice:
    """The practices the address names, as far as they can be shown."""

    slugs: list  # distinct, as given (cut to a readable length)
    practices: list = field(default_factory=list)  # published, in the given order
    missing: list = field(default_factory=list)  # unknown or not public

    @property
    def too_many(self):
        return len(self.slugs) > MOST

    @property
    def can_compare(self):
        return not self.too_many and len(self.practices) >= FEWEST

    def problem_text(self):
        if self.too_many:
            return gettext(
                "Up to %(most)d practices can be compared at once; "
                "%(count)d were chosen."
            ) % {"most": MOST, "count": len(self.slugs)}
        if len(self.practices) < FEWEST:
            return gettext("Choose two to four practices.")
        return ""


def _readable(value):
    value = value.replace("\x00", "")
    return (
        value[:SHOWN_VALUE_LENGTH] + "…" if len(value) > SHOWN_VALUE_LENGTH else value
    )


def read_choice(query):
    """The Choice named by `p` in `query`. With more than MOST practices
    named, nothing is read from the database."""
    slugs = []
    for value in query.getlist("p")[: MOST * 25]:
        value = value.strip()
        if value and value not in slugs:
            slugs.append(value)
    choice = Choice(slugs=[_readable(slug) for slug in slugs])
    if choice.too_many or not slugs:
        return choice
    valid = [
        slug
        for slug in slugs
        if slug.isascii() and len(slug) <= 120 and "\x00" not in slug
    ]
    found = {
        practice.slug: practice
        for practice in Practice.objects.published()
        .filter(slug__in=valid)
        .select_related("source")
        .prefetch_related(
            "countries", "themes", "challenges", involvements_with_institutions()
        )
    }
    choice.practices = [found[slug] for slug in slugs if slug in found]
    choice.missing = [_readable(slug) for slug in slugs if slug not in found]
    return choice


@dataclass(frozen=True)
class Cell:
    values: tuple  # what the page lists; empty when the source is silent

    @property
    def text(self):
        return "; ".join(str(v) for v in self.values) if self.values else ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list
    long_text: bool = False

    @property
    def same(self):
        """Every practice has the same value here."""
        first = self.cells[0].values
        return all(cell.values == first for cell in self.cells[1:])


@dataclass(frozen=True)
class Table:
    titles: list
    rows: list


def _text(value):
    return (value,) if value else ()


def _countries(practice):
    names = sorted((c.display_name for c in practice.countries.all()), key=sort_key)
    if names:
        return tuple(names)
    if practice.scope:
        return (practice.get_scope_display(),)
    return ()


def _regions(practice):
    return tuple(
        sorted(
            {c.get_region_display() for c in practice.countries.all() if c.region},
            key=sort_key,
        )
    )


def _source(practice):
    if not practice.source:
        return ()
    parts = [practice.source.title]
    if practice.source_section:
        parts.append(
            gettext("Section: %(section)s") % {"section": practice.source_section}
        )
    return (". ".join(parts),)


def _last_verified(practice):
    if practice.last_verified:
        return (date_format(practice.last_verified, "j F Y"),)
    return (gettext("Not yet verified by a curator"),)


# (key, label, how a practice's value is read, long text?) for each row.
ROWS = [
    ("summary", _("Summary"), lambda p: _text(p.summary), True),
    ("countries", _("Countries"), _countries, False),
    ("region", _("Region"), _regions, False),
    (
        "institutions",
        _("Institutions and their roles"),
        lambda p: tuple(
            f"{i.institution.name} ({i.get_role_display()})"
            for i in p.involvements.all()
        ),
        False,
    ),
    ("themes", _("Themes"), lambda p: tuple(t.name for t in p.themes.all()), False),
    (
        "challenges",
        _("Challenges"),
        lambda p: tuple(c.label for c in p.challenges.all()),
        False,
    ),
    ("target_groups", _("Target groups"), lambda p: _text(p.target_groups), True),
    ("context", _("Context"), lambda p: _text(p.context), True),
    (
        "transferability",
        _("Transferability notes"),
        lambda p: _text(p.transferability),
        True,
    ),
    (
        "evidence",
        _("Evidence level"),
        lambda p: (p.get_evidence_level_display(),),
        False,
    ),
    ("last_verified", _("Last verified"), _last_verified, False),
    ("source", _("Source and section"), _source, True),
]


def table(practices):
    """The comparison Table of `practices` (each with its relations prefetched)."""
    return Table(
        titles=[p.title for p in practices],
        rows=[
            Row(
                key=key,
                label=str(label),
                cells=[Cell(tuple(read(p))) for p in practices],
                long_text=long_text,
            )
            for key, label, read, long_text in ROWS
        ],
    )
