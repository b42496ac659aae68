import factory
from django.utils import timezone

from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A theme of innovation in TVET."


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    summary = "A challenge identified by the forum."
    position = factory.Sequence(lambda n: n)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Iterator(["DE", "FI", "BR", "SG", "ZA", "NO", "NL", "PY"])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    title = "Advancing Learning and Innovation in TVET"
    slug = "forum-report"
    publisher = "UNESCO-UNEVOC"
    year = 2019


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institute {n}")
    slug = factory.Sequence(lambda n: f"institute-{n}")
    kind = Institution.Kind.TVET_INSTITUTION
    country = factory.SubFactory(CountryFactory)


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice. Pass themes=[...], countries=[...], challenges=[...]
    and institutions=[...] (leads) to link it."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A short paragraph on what the practice is."
    description = "A longer description of the practice."
    status = Practice.Status.PUBLISHED
    scope = Practice.Scope.NATIONAL
    source = factory.SubFactory(SourceFactory)
    source_section = "The Marketplace"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.challenges.set(extracted)

    @factory.post_generation
    def institutions(self, create, extracted, **kwargs):
        if create and extracted:
            for institution in extracted:
                Involvement.objects.create(
                    practice=self, institution=institution, role=Involvement.Role.LEAD
                )


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    practice = factory.SubFactory(PracticeFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Involvement.Role.PARTNER
