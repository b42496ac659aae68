from datetime import UTC

import pytest
from django.http import QueryDict

from practices.listing.filters import PracticeFilterSet
from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def filtered(query):
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=Practice.objects.published()
    )
    return sorted(p.title for p in filterset.qs)


@pytest.fixture
def catalogue():
    """Four practices spread over themes, countries, challenges and institutions."""
    digital = ThemeFactory(slug="digital", name="Digital")
    green = ThemeFactory(slug="green", name="Green")
    data = ChallengeFactory(slug="data-gaps")
    scale = ChallengeFactory(slug="collaboration")
    germany, brazil, singapore = (CountryFactory(code=c) for c in ("DE", "BR", "SG"))
    senai = InstitutionFactory(slug="senai", name="SENAI")
    omnia = InstitutionFactory(slug="omnia", name="Omnia")
    PracticeFactory(
        title="A",
        themes=[digital],
        countries=[germany],
        challenges=[data],
        institutions=[omnia],
    )
    PracticeFactory(
        title="B",
        themes=[digital, green],
        countries=[brazil],
        challenges=[scale],
        institutions=[senai],
    )
    PracticeFactory(title="C", themes=[green], countries=[singapore, germany])
    PracticeFactory(title="D", themes=[], countries=[])
    PracticeFactory(title="Draft", themes=[digital], status=Practice.Status.DRAFT)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A", "B", "C", "D"]),
        ("theme=digital", ["A", "B"]),
        ("theme=green", ["B", "C"]),
        ("country=DE", ["A", "C"]),
        ("country=de", ["A", "C"]),
        ("region=europe-north-america", ["A", "C"]),
        ("region=latin-america-caribbean", ["B"]),
        ("challenge=data-gaps", ["A"]),
        ("institution=senai", ["B"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_filter(query, expected):
    assert filtered(query) == expected


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=digital&theme=green", ["A", "B", "C"]),
        ("country=BR&country=SG", ["B", "C"]),
        ("region=asia-pacific&region=latin-america-caribbean", ["B", "C"]),
        ("challenge=data-gaps&challenge=collaboration", ["A", "B"]),
        ("institution=senai&institution=omnia", ["A", "B"]),
    ],
)
def test_values_of_one_facet_combine_with_or(query, expected):
    assert filtered(query) == expected


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=green&country=DE", ["C"]),
        ("theme=digital&region=europe-north-america", ["A"]),
        ("theme=digital&theme=green&country=DE", ["A", "C"]),
        ("theme=digital&challenge=collaboration&institution=senai", ["B"]),
        ("theme=green&institution=omnia", []),
        ("q=practice&theme=digital&country=BR", ["B"]),
    ],
)
def test_facets_combine_with_and(query, expected):
    assert filtered(query) == expected


@pytest.mark.usefixtures("catalogue")
def test_a_practice_matching_several_values_is_listed_once():
    assert filtered("theme=digital&theme=green&country=DE&country=SG") == ["A", "C"]


@pytest.mark.usefixtures("catalogue")
def test_unknown_values_are_ignored_and_reported():
    filterset = PracticeFilterSet(
        QueryDict("theme=nope&country=ZZ&region=mars&sort=bogus"),
        queryset=Practice.objects.published(),
    )

    assert sorted(p.title for p in filterset.qs) == ["A", "B", "C", "D"]
    assert {label for label, _ in filterset.rejected()} == {
        "Theme",
        "Country",
        "Region",
        "Sort by",
    }


@pytest.mark.usefixtures("catalogue")
def test_a_valid_facet_still_applies_next_to_an_invalid_one():
    assert filtered("theme=digital&country=ZZ") == ["A", "B"]


def test_sorting_by_title_newest_and_relevance():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    PracticeFactory(
        title="Beta water", summary="x", published_at=now - timedelta(days=2)
    )
    PracticeFactory(
        title="Alpha", summary="water water", published_at=now - timedelta(days=1)
    )
    PracticeFactory(title="Gamma", summary="water", published_at=now)

    def order(query):
        filterset = PracticeFilterSet(
            QueryDict(query), queryset=Practice.objects.published()
        )
        return [p.title for p in filterset.qs]

    assert order("sort=title") == ["Alpha", "Beta water", "Gamma"]
    assert order("") == ["Gamma", "Alpha", "Beta water"]
    assert order("q=water")[0] == "Beta water"
    assert order("q=water&sort=title") == ["Alpha", "Beta water", "Gamma"]
    # Relevance without search text falls back to newest.
    assert order("sort=relevance") == ["Gamma", "Alpha", "Beta water"]


def test_evidence_and_last_verified_filters():
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    PracticeFactory(title="Fresh", evidence_level="evaluated", last_verified=today)
    PracticeFactory(
        title="Stale",
        evidence_level="documented",
        last_verified=today - timedelta(days=500),
    )
    PracticeFactory(title="Unchecked", evidence_level="described", last_verified=None)

    assert filtered("evidence=evaluated") == ["Fresh"]
    assert filtered("evidence=evaluated&evidence=described") == ["Fresh", "Unchecked"]
    assert filtered("verified=recent") == ["Fresh"]
    assert filtered("verified=older") == ["Stale"]
    assert filtered("verified=never") == ["Unchecked"]
    assert filtered("verified=never&evidence=documented") == []


def test_year_filter_lists_the_practices_published_that_year():
    from datetime import datetime

    for title, year in [("Old", 2019), ("Also old", 2019), ("New", 2024)]:
        PracticeFactory(title=title, published_at=datetime(year, 6, 1, tzinfo=UTC))

    assert filtered("year=2019") == ["Also old", "Old"]
    assert filtered("year=2019&year=2024") == ["Also old", "New", "Old"]
    assert filtered("year=2021") == []
    filterset = PracticeFilterSet(
        QueryDict("year=2024&year=24&year=abcd"), queryset=Practice.objects.published()
    )
    assert [p.title for p in filterset.qs] == ["New"]
    assert filterset.problems() == {"year": ["Unknown: 24, abcd."]}


def test_filtersets_share_one_form_class_and_nothing_they_were_given(catalogue):
    """The form class is built once per FilterSet class; what one visitor
    asked for (and what was not understood) stays with their filterset."""
    first = PracticeFilterSet(
        QueryDict("theme=digital&theme=nope&country=de"),
        queryset=Practice.objects.published(),
    )
    second = PracticeFilterSet(
        QueryDict("theme=green"), queryset=Practice.objects.published()
    )

    assert type(first.form) is type(second.form)
    assert first.problems() == {"theme": ["Unknown: nope."]}
    assert second.problems() == {}
    assert sorted(p.title for p in first.qs) == filtered("theme=digital&country=DE")
    assert [t.slug for t in second.cleaned_data["theme"]] == ["green"]
    assert first.form.fields["theme"] is not second.form.fields["theme"]
    # Each has filters of its own, with options of their own.
    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name]
        assert filter_.parent is first
        assert filter_.extra is not second.filters[name].extra
    assert first.filters["q"].filter.f is first.filters["q"]
