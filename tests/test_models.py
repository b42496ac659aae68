import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.models import Country, Practice
from practices.regions import Region
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_published_keeps_only_published_practices():
    published = PracticeFactory()
    PracticeFactory(status=Practice.Status.DRAFT)
    PracticeFactory(status=Practice.Status.IN_REVIEW)

    assert list(Practice.objects.published()) == [published]


def test_published_date_is_set_once_when_first_published():
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    assert practice.published_at is None

    practice.status = Practice.Status.PUBLISHED
    practice.save()
    first = practice.published_at
    assert first is not None

    practice.title = "Edited"
    practice.save()
    practice.refresh_from_db()
    assert practice.published_at == first


def test_country_name_and_region_come_from_maintained_sources():
    country = Country.objects.create(code="sg")

    assert country.code == "SG"
    assert country.name == "Singapore"
    assert country.region == Region.ASIA_PACIFIC


def test_country_code_must_be_an_iso_code():
    with pytest.raises(ValidationError):
        Country(code="ZZ").full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "secret"), ("scope", "galactic")],
    ids=["status", "scope"],
)
def test_database_refuses_values_outside_the_choices(field, value):
    practice = PracticeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(**{field: value})


def test_slugs_are_unique():
    PracticeFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(slug="same")


def test_an_institution_is_linked_to_a_practice_once():
    institution = InstitutionFactory()
    practice = PracticeFactory(institutions=[institution])
    with pytest.raises(IntegrityError), transaction.atomic():
        practice.involvements.create(institution=institution, role="partner")


def test_related_practices_share_themes_or_challenges_most_shared_first():
    """Then the most recently added."""
    digital, green = ThemeFactory(), ThemeFactory()
    data_gaps = ChallengeFactory()
    practice = PracticeFactory(themes=[digital, green], challenges=[data_gaps])
    PracticeFactory(title="Close", themes=[digital, green], challenges=[data_gaps])
    PracticeFactory(title="Near", themes=[green])
    PracticeFactory(title="Also near, added later", challenges=[data_gaps])
    PracticeFactory(title="Unrelated", themes=[ThemeFactory()])
    PracticeFactory(title="Draft", themes=[digital], status=Practice.Status.DRAFT)

    related = Practice.objects.published().related_to(practice)

    assert [p.title for p in related] == ["Close", "Also near, added later", "Near"]
    assert [p.shared for p in related] == [3, 1, 1]
    assert [p.title for p in Practice.objects.related_to(practice, limit=1)] == [
        "Close"
    ]


def test_string_forms_are_readable():
    assert str(CountryFactory(code="FI")) == "Finland"
    assert str(PracticeFactory(title="Theoprax")) == "Theoprax"
