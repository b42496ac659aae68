"""The one definition of what a practice filter means, shared by the list page
and the facet counts (and, later, the API and the exports).

Filters combine with AND across facets and OR within one facet. A value that is
not understood (an unknown slug or code) makes that facet invalid; the list
ignores it and says so, rather than failing."""

import copy
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.content_languages import localized
from practices.listing import search
from practices.models import Challenge, Country, Institution, Practice, Theme
from practices.regions import Region


class SearchTextField(forms.CharField):
    """Search text: any input is accepted and reduced to something safe."""

    def to_python(self, value):
        return search.clean_query(super().to_python(value))


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class LenientChoicesMixin:
    """For a repeated parameter: keep the values that are known and remember
    the others (`unknown_values`), instead of refusing them all. Subclasses
    return, from `_understood(values)`, the values they know and the cleaned
    value made of them."""

    unknown_values = ()

    def clean(self, value):
        values = [str(v).strip() for v in (value or []) if str(v).strip()]
        # A NUL byte can name nothing, and PostgreSQL refuses it in a query.
        known, cleaned = self._understood([v for v in values if "\x00" not in v])
        self.unknown_values = [v for v in values if v not in known]
        return cleaned


class LenientModelMultipleChoiceField(
    LenientChoicesMixin, django_filters.fields.ModelMultipleChoiceField
):
    def _understood(self, values):
        # The objects named, found in one query.
        key = self.to_field_name or "pk"
        found = list(self.queryset.filter(**{f"{key}__in": values})) if values else []
        return {str(getattr(obj, key)) for obj in found}, found


class LenientMultipleChoiceField(LenientChoicesMixin, forms.MultipleChoiceField):
    def _understood(self, values):
        choices = {str(value) for value, _ in self.choices}
        known = [v for v in values if v in choices]
        return set(known), forms.MultipleChoiceField.clean(self, known)


class LenientModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = LenientModelMultipleChoiceField


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class YearMultipleField(LenientChoicesMixin, forms.MultipleChoiceField):
    """Years, as four digits (`2019`): which years have practices is the
    facet's business, not the form's."""

    def _understood(self, values):
        known = [v for v in values if len(v) == 4 and v.isascii() and v.isdigit()]
        return set(known), sorted(set(known))


class YearMultipleFilter(django_filters.MultipleChoiceFilter):
    field_class = YearMultipleField


class CountryCodeMultipleField(LenientModelMultipleChoiceField):
    """Country codes, accepted in either case (`de` or `DE`)."""

    def clean(self, value):
        if value:
            value = [str(v).strip().upper() for v in value]
        return super().clean(value)


class CountryMultipleFilter(LenientModelMultipleChoiceFilter):
    field_class = CountryCodeMultipleField


class FilterCopies(dict):
    """A FilterSet class's filters, copied for each FilterSet one by one.

    django-filter deep-copies the class's filters for every FilterSet, so
    each can be given its parent; deep, that copies every label, choice and
    queryset they hold, a third of a millisecond per request. Each filter
    and its options are copied instead: what a FilterSet sets on them stays
    its own, and what they were declared with is shared, as it never
    changes."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = copy.copy(filter_)
            copies[name].extra = dict(filter_.extra)
            if filter_.method is not None:
                # Set again, so that it calls the method of the copy's parent.
                copies[name].method = filter_.method
        return copies


class ExplainedFilterSet(django_filters.FilterSet):
    """A FilterSet that can say which of the values it was given it ignored.

    Empty values (`theme=`) are dropped, as a form submitted with nothing
    chosen sends them; in a repeated parameter, the values understood still
    apply and the others are reported."""

    def __init__(self, data=None, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), FilterCopies):
            cls.base_filters = FilterCopies(cls.base_filters)
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                values = [v for v in data.getlist(key) if v.strip()]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        # django-filter builds a form class, with a field per filter, for
        # every FilterSet; its fields depend only on the class's filters, so
        # one form class per FilterSet class serves them all (each form
        # still works on copies of its fields).
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    @property
    def cleaned_data(self):
        """The values understood (validating on first use); {} when unbound."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 - runs the form's validation once
        return self.form.cleaned_data

    def problems(self):
        """{parameter: [messages]} for every value that was not understood."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 - runs the form's validation once
        found = {name: list(messages) for name, messages in self.form.errors.items()}
        for name, field in self.form.fields.items():
            if unknown := getattr(field, "unknown_values", None):
                found.setdefault(name, []).append(f"Unknown: {', '.join(unknown)}.")
        return found

    def rejected(self):
        """What was not understood: [(label, message), ...] for the page to show."""
        return [
            (self.filters[name].label or name, " ".join(messages))
            for name, messages in self.problems().items()
        ]


# How recently a curator checked a practice, in buckets a visitor can choose.
VERIFIED_WITHIN_DAYS = 365
VERIFIED_CHOICES = [
    ("recent", _("In the last 12 months")),
    ("older", _("More than 12 months ago")),
    ("never", _("Not yet verified")),
]


def verified_cutoff():
    """The first day that counts as "in the last 12 months"."""
    return timezone.localdate() - timedelta(days=VERIFIED_WITHIN_DAYS)


def verified_condition(bucket):
    """The Q() for one 'last verified' bucket: the one definition of each."""
    cutoff = verified_cutoff()
    return {
        "recent": Q(last_verified__gte=cutoff),
        "older": Q(last_verified__lt=cutoff),
        "never": Q(last_verified__isnull=True),
    }[bucket]


def verified_bucket():
    """Each practice's 'last verified' bucket, as an expression (for counting)."""
    return Case(
        *(
            When(verified_condition(bucket), then=Value(bucket))
            for bucket, _label in VERIFIED_CHOICES
        ),
        output_field=CharField(),
    )


# A practice whose source names no country and no scope: the list offers it
# as a value of the region facet, so a visitor can find (or leave out) them.
LOCATION_NOT_STATED = "not-stated"
REGION_CHOICES = [
    *Region.choices,
    (LOCATION_NOT_STATED, _("Location not stated in the source")),
]


def location_not_stated():
    """The Q() for practices with no country and no scope."""
    with_countries = Practice.countries.through.objects.values("practice_id")
    return Q(scope="") & ~Q(pk__in=with_countries)


def region_condition(values):
    """The Q() for practices in any of these regions (slugs, or
    LOCATION_NOT_STATED): what the list's `region` filter means."""
    condition = Q()
    if regions := [v for v in values if v != LOCATION_NOT_STATED]:
        linked = Practice.countries.through.objects.filter(
            country__region__in=regions
        ).values("practice_id")
        condition |= Q(pk__in=linked)
    if LOCATION_NOT_STATED in values:
        condition |= location_not_stated()
    return condition


def _sort_expression(column):
    return localized(column) if column == "title" else F(column)


@dataclass(frozen=True)
class SortOrder:
    label: str
    columns: tuple  # "-column" sorts descending, with empty values last

    def order_by(self):
        """For QuerySet.order_by(); titles in the page's language (English
        where not translated)."""
        return [
            _sort_expression(column[1:]).desc(nulls_last=True)
            if column.startswith("-")
            else _sort_expression(column).asc()
            for column in self.columns
        ]

    def sql(self):
        """For an ORDER BY clause written by hand, over the same column names."""
        return ", ".join(
            f"{column[1:]} DESC NULLS LAST" if column.startswith("-") else column
            for column in self.columns
        )


# How the list can be ordered; ties are broken by title, then id, so every
# page is stable.
SORT_ORDERS = {
    "relevance": SortOrder(_("Relevance"), ("-rank", "title", "id")),
    "title": SortOrder(_("Title (A to Z)"), ("title", "id")),
    "newest": SortOrder(_("Newest first"), ("-published_at", "title", "id")),
}
SORT_CHOICES = [(name, order.label) for name, order in SORT_ORDERS.items()]


def filter_value(value):
    """How a filter names a value in a URL: a choice as it is, an object by
    its slug, or by its code (a country's primary key)."""
    if isinstance(value, str):
        return value
    return getattr(value, "slug", None) or value.pk


def with_params(path, params):
    """`path` with query parameters (lists repeated, empty values left out)."""
    pairs = [
        (key, item)
        for key, value in params.items()
        for item in (value if isinstance(value, list) else [value] if value else [])
    ]
    encoded = urlencode(pairs)
    return f"{path}?{encoded}" if encoded else path


def _without(path, params, name, value):
    remaining = {
        key: [v for v in current if v != value]
        if key == name and isinstance(current, list)
        else ("" if key == name and current == value else current)
        for key, current in params.items()
    }
    return with_params(path, remaining)


class PracticeFilterSet(ExplainedFilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    theme = LenientModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_through",
    )
    country = CountryMultipleFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_through",
    )
    region = LenientMultipleChoiceFilter(
        label=_("Region"), choices=REGION_CHOICES, method="filter_region"
    )
    challenge = LenientModelMultipleChoiceFilter(
        label=_("Challenge"),
        queryset=Challenge.objects.all(),
        to_field_name="slug",
        method="filter_through",
    )
    institution = LenientModelMultipleChoiceFilter(
        label=_("Institution"),
        queryset=Institution.objects.all(),
        to_field_name="slug",
        method="filter_through",
    )
    evidence = LenientMultipleChoiceFilter(
        label=_("Evidence"),
        choices=Practice.Evidence.choices,
        field_name="evidence_level",
    )
    verified = LenientMultipleChoiceFilter(
        label=_("Last verified"), choices=VERIFIED_CHOICES, method="filter_verified"
    )
    year = YearMultipleFilter(label=_("Year published"), method="filter_year")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_noop", empty_label=None
    )

    # Facets the list shows counts for, in display order.
    FACETS = (
        "theme",
        "challenge",
        "region",
        "country",
        "institution",
        "evidence",
        "verified",
        "year",
    )
    # The many-to-many link a facet filters through, as (relation, column).
    THROUGH = {
        "theme": (Practice.themes.through, "theme"),
        "country": (Practice.countries.through, "country"),
        "challenge": (Practice.challenges.through, "challenge"),
        "institution": (Practice.institutions.through, "institution"),
    }

    class Meta:
        model = Practice
        fields = [
            "q",
            "theme",
            "country",
            "region",
            "challenge",
            "institution",
            "evidence",
            "verified",
            "year",
            "sort",
        ]

    # The language whose index a search reads besides English: None for the
    # page's; the open data's `?lang=` sets it.
    search_language = None

    def filter_search(self, queryset, name, value):
        if not value:
            return queryset
        return search.search(queryset, value, self.search_language)

    def filter_through(self, queryset, name, value: str):
        # A subquery rather than a join: OR within the facet without duplicate rows.
        if not value:
            return queryset
        through, column = self.THROUGH[name]
        linked = through.objects.filter(**{f"{column}__in": value}).values(
            "practice_id"
        )
        return queryset.filter(pk__in=linked)

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(region_condition(value))

    def filter_verified(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for bucket in value:
            condition |= verified_condition(bucket)
        return queryset.filter(condition)

    def filter_year(self, queryset, name, value: int):
        if not value:
            return queryset
        return queryset.filter(published_at__year__in=[int(year) for year in value])

    def sort_noop(self, queryset, name, value):
        # Sorting is applied last, in filter_queryset, once the search rank exists.
        return queryset

    @property
    def search_text(self):
        return self.cleaned_data.get("q", "")

    @property
    def sort_order(self):
        """The sort in effect: relevance only makes sense with search text."""
        requested = self.cleaned_data.get("sort")
        if requested == "relevance" and not self.search_text:
            requested = None
        return requested or ("relevance" if self.search_text else "newest")

    def filter_queryset(self, queryset):
        queryset = self.apply_filters(queryset)
        return queryset.order_by(*SORT_ORDERS[self.sort_order].order_by())

    def as_params(self):
        """The filters as understood, as query parameters (values that were not
        understood are dropped): for links that keep the current filters."""
        data = self.cleaned_data
        params = {}
        if data.get("q"):
            params["q"] = data["q"]
        for name in self.FACETS:
            params[name] = [filter_value(value) for value in data.get(name) or []]
        if data.get("sort"):
            params["sort"] = data["sort"]
        return params

    def active_filters(self, list_url):
        """[(label, value label, address without it), ...] for each value the
        list is filtered by."""
        params = self.as_params()
        chips = []
        if params.get("q"):
            chips.append(
                (_("Search"), params["q"], _without(list_url, params, "q", params["q"]))
            )
        for name in self.FACETS:
            labels = self._value_labels(name)
            for value in params.get(name, []):
                chips.append(
                    (
                        self.filters[name].label,
                        labels[value],
                        _without(list_url, params, name, value),
                    )
                )
        return chips

    def _value_labels(self, name):
        if choices := self.filters[name].extra.get("choices"):
            return dict(choices)
        # A short label where the object has one (challenges), else its name.
        return {
            filter_value(obj): getattr(obj, "label", None) or str(obj)
            for obj in self.selected(name)
        }

    def apply_filters(self, queryset, exclude=None):
        """`queryset` narrowed by every valid filter but `exclude` (a facet name)."""
        for name, value in self.cleaned_data.items():
            if name != exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self, name):
        """The values of a facet currently selected, as the form understood them."""
        return list(self.cleaned_data.get(name) or [])


class InstitutionFilterSet(ExplainedFilterSet):
    q = SearchFilter(label=_("Name"), method="filter_name")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Institution.Kind.choices, empty_label=_("Any kind")
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.filter(institutions__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("Any country"),
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "country"]

    def filter_name(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(description__icontains=value)
        )
