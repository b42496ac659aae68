"""A visitor's context, read from the query string of /practices/for-context/
and /api/practices/for-context/: which values were understood, which were not.

Parameters: `country` (ISO alpha-2 code) or `region` (a UNESCO region's slug),
`challenge` and `theme` (slugs, repeatable), `learner` (a learner group,
repeatable), `kind` (an institution kind). A country gives its region too.
Values not understood are left out and named (the page says so, the API
answers 400); a parameter meant once and given several times keeps its first
value understood."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.models import Institution
from practices.regions import Region, region_for

# Longer values name nothing here; they are reported cut to this length.
SHOWN_VALUE_LENGTH = 40
# More values than there are choices can only repeat or be unknown.
MAX_VALUES = 50


@dataclass(frozen=True)
class LearnerGroup:
    key: str
    label: str
    # Words looked for (lowercase, as parts of words) in a practice's target
    # groups, which the sources state in free English text.
    words: tuple


LEARNER_GROUPS = [
    LearnerGroup(
        "young-people",
        _("Young people"),
        ("youth", "young", "school-leaver", "child"),
    ),
    LearnerGroup(
        "students",
        _("Students, trainees and apprentices"),
        ("student", "learner", "trainee", "apprentice", "pupil"),
    ),
    LearnerGroup(
        "adults",
        _("Adults and workers"),
        ("adult", "worker", "employee", "unemployed", "workforce"),
    ),
    LearnerGroup(
        "teachers",
        _("Teachers and trainers"),
        ("teacher", "trainer", "educator", "instructor", "lecturer", "staff"),
    ),
    LearnerGroup("women", _("Women and girls"), ("women", "woman", "girl")),
    LearnerGroup(
        "disadvantaged",
        _("Disadvantaged and marginalised groups"),
        (
            "disadvantaged",
            "marginali",
            "vulnerable",
            "poor",
            "refugee",
            "migrant",
            "disabilit",
            "indigenous",
            "rural",
        ),
    ),
    LearnerGroup(
        "enterprises",
        _("Enterprises and entrepreneurs"),
        ("enterprise", "compan", "entrepreneur", "employer", "business"),
    ),
]
LEARNER_GROUPS_BY_KEY = {group.key: group for group in LEARNER_GROUPS}

PARAMETERS = ("country", "region", "challenge", "theme", "learner", "kind")
SINGLE_VALUED = ("country", "region", "kind")
LABELS = {
    "country": _("Country"),
    "region": _("Region"),
    "challenge": _("Challenges"),
    "theme": _("Themes"),
    "learner": _("Learners"),
    "kind": _("Kind of institution"),
}


@dataclass(frozen=True)
class Context:
    """What a practice is matched against. Everything is optional."""

    countries: tuple = ()  # ISO codes
    regions: tuple = ()  # Region values
    challenge_ids: tuple = ()
    theme_ids: tuple = ()
    learner_groups: tuple = ()  # LearnerGroup
    kinds: tuple = ()  # Institution.Kind values
    institution_ids: tuple = ()  # related practices only
    exclude_id: int | None = None  # a practice never matched with itself

    @property
    def is_empty(self):
        return not (
            self.countries
            or self.regions
            or self.challenge_ids
            or self.theme_ids
            or self.learner_groups
            or self.kinds
            or self.institution_ids
        )


@dataclass
class VisitorContext:
    """A visitor's context as read from the address."""

    context: Context
    country: str = ""  # code
    region: str = ""  # Region value (the country's, when a country is given)
    challenges: list = field(default_factory=list)  # Challenge objects
    themes: list = field(default_factory=list)  # Theme objects
    learners: list = field(default_factory=list)  # LearnerGroup
    kind: str = ""
    problems: dict = field(default_factory=dict)  # {parameter: [messages]}

    @property
    def country_name(self):
        return countries.name(self.country) if self.country else ""

    @property
    def region_name(self):
        return Region(self.region).label if self.region else ""

    @property
    def kind_name(self):
        return Institution.Kind(self.kind).label if self.kind else ""

    def as_params(self):
        """The context as understood, as query parameters (for links)."""
        return {
            "country": self.country,
            # A country's region follows from it: not repeated in links.
            "region": "" if self.country else self.region,
            "challenge": [c.slug for c in self.challenges],
            "theme": [t.slug for t in self.themes],
            "learner": [group.key for group in self.learners],
            "kind": self.kind,
        }

    def rejected(self):
        """[(label, message), ...] for the page to show."""
        return [
            (LABELS[name], " ".join(str(m) for m in messages))
            for name, messages in self.problems.items()
        ]

    def relaxations(self):
        """What the visitor could leave out to find more: [(label, value
        label, params without it), ...], one per value chosen."""
        params = self.as_params()
        found = []

        def without(name, value):
            changed = dict(params)
            current = changed[name]
            changed[name] = (
                [v for v in current if v != value] if isinstance(current, list) else ""
            )
            return changed

        if self.country:
            found.append((LABELS["country"], self.country_name, without("country", "")))
        elif self.region:
            found.append((LABELS["region"], self.region_name, without("region", "")))
        for challenge in self.challenges:
            found.append(
                (
                    LABELS["challenge"],
                    challenge.label,
                    without("challenge", challenge.slug),
                )
            )
        for theme in self.themes:
            found.append((LABELS["theme"], theme.name, without("theme", theme.slug)))
        for group in self.learners:
            found.append(
                (LABELS["learner"], group.label, without("learner", group.key))
            )
        if self.kind:
            found.append((LABELS["kind"], self.kind_name, without("kind", "")))
        return found


def _shown(value):
    value = value.replace("\x00", "")
    if len(value) > SHOWN_VALUE_LENGTH:
        return value[:SHOWN_VALUE_LENGTH] + "…"
    return value


def read_context(query, themes, challenges):
    """A VisitorContext from a QueryDict, given every theme and challenge
    (read once by the caller), in no further query."""
    problems = {}
    chosen = {}
    by_name = {
        "country": {code: code for code in dict(countries)},
        "region": {value: value for value in Region.values},
        "challenge": {c.slug: c for c in challenges},
        "theme": {t.slug: t for t in themes},
        "learner": LEARNER_GROUPS_BY_KEY,
        "kind": {value: value for value in Institution.Kind.values},
    }
    for name in PARAMETERS:
        values = [v.strip() for v in query.getlist(name)[:MAX_VALUES] if v.strip()]
        if name == "country":
            values = [v.upper() for v in values]
        known = by_name[name]
        understood, unknown = [], []
        for value in values:
            if "\x00" not in value and value in known:
                if known[value] not in understood:
                    understood.append(known[value])
            else:
                unknown.append(_shown(value))
        if unknown:
            problems.setdefault(name, []).append(
                _("Unknown: %(values)s.") % {"values": ", ".join(unknown)}
            )
        if name in SINGLE_VALUED and len(understood) > 1:
            problems.setdefault(name, []).append(
                _("Only one is used: %(value)s.") % {"value": understood[0]}
            )
            understood = understood[:1]
        chosen[name] = understood
    country = next(iter(chosen["country"]), "")
    region = region_for(country) if country else next(iter(chosen["region"]), "")
    if country and chosen["region"] and chosen["region"][0] != region:
        problems.setdefault("region", []).append(_("Your country's region is used."))
    # Challenges and themes in their usual order, whatever the address's.
    picked_challenges = [c for c in challenges if c in chosen["challenge"]]
    picked_themes = [t for t in themes if t in chosen["theme"]]
    learners = [g for g in LEARNER_GROUPS if g in chosen["learner"]]
    kind = next(iter(chosen["kind"]), "")
    context = Context(
        countries=(country,) if country else (),
        regions=(region,) if region else (),
        challenge_ids=tuple(c.pk for c in picked_challenges),
        theme_ids=tuple(t.pk for t in picked_themes),
        learner_groups=tuple(learners),
        kinds=(kind,) if kind else (),
    )
    return VisitorContext(
        context=context,
        country=country,
        region=region,
        challenges=picked_challenges,
        themes=picked_themes,
        learners=learners,
        kind=kind,
        problems=problems,
    )
