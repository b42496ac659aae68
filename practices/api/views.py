"""Read-only API views. Each list takes the same filters as its page, through
the same FilterSet, and runs a constant number of queries."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from practices.api import serializers
from practices.filters import InstitutionFilterSet, PracticeFilterSet
from practices.models import Challenge, Country, Institution, Practice, Theme


@extend_schema_view(
    list=extend_schema(
        summary="List published practices",
        description="Filters combine with AND across parameters and OR within a "
        "repeated parameter, exactly as on /practices/. Unknown values are "
        "answered with 400 and a message naming them.",
    ),
    retrieve=extend_schema(summary="One published practice"),
)
class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PracticeSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Practice.objects.published()
            .for_cards()
            .prefetch_related("challenges")
            .order_by("-published_at", "title", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="List institutions"),
    retrieve=extend_schema(summary="One institution"),
)
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.InstitutionSerializer
    filterset_class = InstitutionFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Institution.objects.select_related("country")
            .with_published_practice_count()
            .order_by("name", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="List themes"),
    retrieve=extend_schema(summary="One theme"),
)
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ThemeDetailSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        return Theme.objects.with_published_practice_count()


@extend_schema_view(
    list=extend_schema(summary="List the challenges, in the forum report's order"),
    retrieve=extend_schema(summary="One challenge"),
)
class ChallengeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ChallengeDetailSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        return Challenge.objects.with_published_practice_count()


@extend_schema_view(
    list=extend_schema(summary="List countries with published practices"),
    retrieve=extend_schema(summary="One country"),
)
class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CountryDetailSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    filterset_class = None

    def get_queryset(self):
        return Country.objects.with_published_practice_count().filter(
            practice_count__gt=0
        )

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()
