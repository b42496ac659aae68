"""Read-only API views. Each list takes the same filters as its page, through
the same FilterSet, and runs a constant number of queries."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import routers, viewsets

from practices.listing.filters import InstitutionFilterSet, PracticeFilterSet
from practices.models import Challenge, Country, Institution, Practice, Theme
from practices.open_data.api import serializers
from practices.open_data.licence import content_licence, curator_contact_email

NOT_FOUND = OpenApiResponse(
    OpenApiTypes.OBJECT, description='No such object, or no such page: {"detail": ...}'
)
BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A parameter was not understood: {parameter: [messages]}",
)


def documented(serializer, list_summary, detail_summary, list_description=""):
    """Summaries and every answer a read-only collection can give."""
    return extend_schema_view(
        list=extend_schema(
            summary=list_summary,
            description=list_description,
            responses={200: serializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(
            summary=detail_summary, responses={200: serializer, 404: NOT_FOUND}
        ),
    )


@documented(
    serializers.PracticeSerializer,
    "List published practices",
    "One published practice",
    "Filters combine with AND across parameters and OR within a repeated "
    "parameter, exactly as on /practices/. Unknown values are answered with 400 "
    "and a message naming them.",
)
class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PracticeSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Practice.objects.published()
            .with_links()
            .prefetch_related("challenges")
            .order_by("-published_at", "title", "pk")
        )


@documented(serializers.InstitutionSerializer, "List institutions", "One institution")
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


@documented(serializers.ThemeDetailSerializer, "List themes", "One theme")
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ThemeDetailSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        return Theme.objects.with_published_practice_count()


@documented(
    serializers.ChallengeDetailSerializer,
    "List the challenges, in the forum report's order",
    "One challenge",
)
class ChallengeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ChallengeDetailSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        return Challenge.objects.with_published_practice_count()


@documented(
    serializers.CountryDetailSerializer,
    "List countries with published practices",
    "One country",
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


class ApiRootView(routers.APIRootView):
    """The API's entry point: its collections, the content's licence and whom
    to write to (None when the site sets none)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        licence = content_licence()
        response.data = {
            **response.data,
            "license": licence,
            "contact": curator_contact_email() or None,
            "about": request.build_absolute_uri(reverse("practices:about")),
        }
        return response
