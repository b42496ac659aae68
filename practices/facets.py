"""Counts for every facet value under the current filters.

The count shown next to a value of facet F is the number of published practices
that match every active filter except F's own, and carry that value: the number
a visitor would get by choosing that value alone within F. Each facet costs one
query, whatever the number of practices."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When

from practices.filters import VERIFIED_CHOICES, verified_condition
from practices.models import Challenge, Country, Institution, Practice, Theme
from practices.regions import Region

# Long facets show their most frequent values; selected ones are always shown.
TOP_VALUES = 20


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list

    @property
    def selected_count(self):
        return sum(option.selected for option in self.options)


def facets(filterset, base_queryset):
    """Every facet of `filterset`, counted over `base_queryset` (the public
    practices) narrowed by the other facets' filters."""
    return [
        Facet(
            name,
            filterset.filters[name].label,
            _OPTIONS[name](filterset, base_queryset, name),
        )
        for name in filterset.FACETS
    ]


def _matching_pks(filterset, base_queryset, name):
    return filterset.apply_filters(base_queryset, exclude=name).order_by().values("pk")


def _theme_options(filterset, base, name):
    selected = {t.slug for t in filterset.selected(name)}
    rows = Theme.objects.annotate(
        n=Count(
            "practices", filter=Q(practices__in=_matching_pks(filterset, base, name))
        )
    ).order_by("name")
    return [FacetOption(t.slug, t.name, t.n, t.slug in selected) for t in rows]


def _challenge_options(filterset, base, name):
    selected = {c.slug for c in filterset.selected(name)}
    rows = Challenge.objects.annotate(
        n=Count(
            "practices", filter=Q(practices__in=_matching_pks(filterset, base, name))
        )
    )
    return [FacetOption(c.slug, c.name, c.n, c.slug in selected) for c in rows]


def _region_options(filterset, base, name):
    selected = set(filterset.selected(name))
    counts = dict(
        Practice.countries.through.objects.filter(
            practice__in=_matching_pks(filterset, base, name)
        )
        .values_list("country__region")
        .annotate(n=Count("practice", distinct=True))
        .order_by()
    )
    return [
        FacetOption(value, label, counts.get(value, 0), value in selected)
        for value, label in Region.choices
    ]


def _top_options(model, key, filterset, base, name):
    """Values of a long facet: the selected ones first, then the others with at
    least one practice, most frequent first, up to TOP_VALUES in all. One query:
    selected values are counted like the rest (zero when nothing matches)."""
    selected = {getattr(obj, key) for obj in filterset.selected(name)}
    matching = _matching_pks(filterset, base, name)
    rows = (
        model.objects.annotate(
            n=Count("practices", filter=Q(practices__in=matching), distinct=True),
            chosen=Case(
                When(**{f"{key}__in": selected}, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(Q(n__gt=0) | Q(chosen=1))
        .order_by("-chosen", "-n", "name")
    )
    rows = list(rows[: TOP_VALUES + len(selected)])
    chosen = [obj for obj in rows if getattr(obj, key) in selected]
    others = [obj for obj in rows if getattr(obj, key) not in selected]
    return [
        FacetOption(getattr(obj, key), obj.name, obj.n, getattr(obj, key) in selected)
        for obj in chosen + others[: max(TOP_VALUES - len(chosen), 0)]
    ]


def _country_options(filterset, base, name):
    return _top_options(Country, "code", filterset, base, name)


def _institution_options(filterset, base, name):
    return _top_options(Institution, "slug", filterset, base, name)


def _evidence_options(filterset, base, name):
    selected = set(filterset.selected(name))
    counts = dict(
        base.filter(pk__in=_matching_pks(filterset, base, name))
        .order_by()
        .values_list("evidence_level")
        .annotate(n=Count("pk"))
    )
    return [
        FacetOption(value, label, counts.get(value, 0), value in selected)
        for value, label in Practice.Evidence.choices
    ]


def _verified_options(filterset, base, name):
    selected = set(filterset.selected(name))
    counts = base.filter(pk__in=_matching_pks(filterset, base, name)).aggregate(
        **{
            value: Count("pk", filter=verified_condition(value))
            for value, _ in VERIFIED_CHOICES
        }
    )
    return [
        FacetOption(value, label, counts[value], value in selected)
        for value, label in VERIFIED_CHOICES
    ]


_OPTIONS = {
    "theme": _theme_options,
    "challenge": _challenge_options,
    "region": _region_options,
    "country": _country_options,
    "institution": _institution_options,
    "evidence": _evidence_options,
    "verified": _verified_options,
}
