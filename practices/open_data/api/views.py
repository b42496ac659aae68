"""Read-only API views. Each list takes the same filters as its page, through
the same FilterSet, and runs a constant number of queries."""

import math

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, routers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from practices.content_languages import CONTENT_LANGUAGES
from practices.listing.filters import InstitutionFilterSet, PracticeFilterSet
from practices.matching.context import LEARNER_GROUPS, read_context
from practices.matching.score import POINTS, rank, reasons
from practices.models import Challenge, Country, Institution, Practice, Theme
from practices.open_data import languages as in_languages
from practices.open_data.api import serializers
from practices.open_data.api.pagination import count_is_estimate
from practices.open_data.licence import content_licence, curator_contact_email
from practices.regions import Region

NOT_FOUND = OpenApiResponse(
    OpenApiTypes.OBJECT, description='No such object, or no such page: {"detail": ...}'
)
BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A parameter was not understood: {parameter: [messages]}",
)


LANG = in_languages.PARAMETER
LANG_PARAMETER = OpenApiParameter(
    LANG, str, enum=CONTENT_LANGUAGES, description=in_languages.DESCRIPTION
)


def documented(serializer, list_summary, detail_summary, list_description=""):
    """Summaries and every answer a read-only collection can give."""
    return extend_schema_view(
        list=extend_schema(
            summary=list_summary,
            description=list_description,
            parameters=[LANG_PARAMETER],
            responses={200: serializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(
            summary=detail_summary,
            parameters=[LANG_PARAMETER],
            responses={200: serializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        ),
    )


def asked_language(request):
    """The language `?lang=` asks for (None: none), or a 400 naming it."""
    try:
        return in_languages.requested_language(request.query_params)
    except in_languages.UnknownLanguage as error:
        raise ValidationError({LANG: [str(error)]}) from None


class InLanguageViewSet(viewsets.ReadOnlyModelViewSet):
    # Lists and objects with their texts in the language `?lang=` asks for.
    # The objects are found and ordered as without it; only what is said of
    # them changes. (Comments, not a docstring: the schema would show it as
    # the description of every operation that has none.)

    language = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = asked_language(request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        with in_languages.texts_in(self.language):
            data = self.get_serializer(
                queryset if page is None else page, many=True
            ).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        with in_languages.texts_in(self.language):
            data = self.get_serializer(instance).data
        return Response(data)


@documented(
    serializers.PracticeSerializer,
    "List published practices",
    "One published practice",
    "Filters combine with AND across parameters and OR within a repeated "
    "parameter, exactly as on /practices/. Unknown values are answered with 400 "
    "and a message naming them.",
)
class PracticeViewSet(InLanguageViewSet):
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
class InstitutionViewSet(InLanguageViewSet):
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
class ThemeViewSet(InLanguageViewSet):
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
class ChallengeViewSet(InLanguageViewSet):
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
class CountryViewSet(InLanguageViewSet):
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


def _many(name, description, enum=None):
    return OpenApiParameter(
        name,
        {
            "type": "array",
            "items": {"type": "string", **({"enum": enum} if enum else {})},
        },
        description=description,
        explode=True,
    )


@extend_schema(
    summary="Published practices ranked for a context",
    description="The ranking of /practices/for-context/: each practice earns "
    "`points` for what it shares with the context (its country, or else its "
    "UNESCO region; each challenge; each theme; each learner group named in its "
    "target groups; an institution of the kind given, leading or not). Practices "
    "with no point are left out; equal scores are ordered with the most recently "
    "added practice first. Unknown values, or several values of a parameter "
    "taken once, are answered with 400 naming them.",
    parameters=[
        OpenApiParameter(
            "country", str, description="ISO 3166-1 alpha-2 code (gives its region)."
        ),
        OpenApiParameter(
            "region", str, enum=Region.values, description="A UNESCO region."
        ),
        _many("challenge", "Challenge slugs."),
        _many("theme", "Theme slugs."),
        _many(
            "learner",
            "Learner groups.",
            enum=[group.key for group in LEARNER_GROUPS],
        ),
        OpenApiParameter(
            "kind",
            str,
            enum=Institution.Kind.values,
            description="The kind of institution.",
        ),
        OpenApiParameter("page", int, description="A page number, from 1."),
        OpenApiParameter(
            "page_size", int, description="Practices per page, from 1 to 100."
        ),
        LANG_PARAMETER,
    ],
    responses={
        200: serializers.RankedPracticePageSerializer,
        400: BAD_REQUEST,
        404: NOT_FOUND,
    },
)
class PracticesForContextView(generics.GenericAPIView):
    """/api/practices/for-context/: the context page's ranking."""

    serializer_class = serializers.RankedPracticePageSerializer
    filter_backends = []
    pagination_class = None
    page_size = 20
    max_page_size = 100

    def get(self, request):
        query = request.query_params
        language = asked_language(request)
        visitor = read_context(
            query, list(Theme.objects.all()), list(Challenge.objects.all())
        )
        if visitor.problems:
            raise ValidationError(
                {
                    name: [str(m) for m in messages]
                    for name, messages in visitor.problems.items()
                }
            )
        size = self._whole_number("page_size", self.page_size, self.max_page_size)
        number = self._whole_number("page", 1, 10**6)
        ranking = rank(visitor.context, size, (number - 1) * size)
        if not ranking.matches and number > 1:
            raise NotFound("Invalid page.")
        by_id = {
            practice.pk: practice
            for practice in Practice.objects.published()
            .with_links()
            .prefetch_related("challenges")
            .filter(pk__in=[m.practice_id for m in ranking.matches])
        }
        practices = []
        # Reasons are given in the language asked for, English without one,
        # as the rest of the API.
        with in_languages.texts_in(language):
            for match in ranking.matches:
                if practice := by_id.get(match.practice_id):
                    practice.match = match
                    practice.match_reason_list = [
                        str(reason) for reason in reasons(match, visitor.context)
                    ]
                    practices.append(practice)
        url = request.build_absolute_uri()
        last = max(1, math.ceil(ranking.total / size))
        data = {
            "count": ranking.total,
            "count_is_estimate": count_is_estimate(ranking.total),
            "next": replace_query_param(url, "page", number + 1)
            if number < last
            else None,
            "previous": (
                remove_query_param(url, "page")
                if number == 2
                else replace_query_param(url, "page", number - 1)
            )
            if number > 1
            else None,
            "points": POINTS,
            "results": practices,
        }
        with in_languages.texts_in(language):
            serializer = self.get_serializer(data)
            serializer.context["language"] = language
            return Response(serializer.data)

    def _whole_number(self, name, default, most):
        raw = self.request.query_params.getlist(name)
        if not raw:
            return default
        try:
            value = int(raw[0])
        except ValueError:
            value = 0
        if len(raw) > 1 or not 1 <= value <= most:
            raise ValidationError({name: [f"Give one whole number from 1 to {most}."]})
        return value
