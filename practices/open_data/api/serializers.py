"""The API's representation of the knowledge base. Field names are part of the
public contract: add fields, never rename or remove them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of an object's public page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", "Address of the public page.")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        path = value.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class CountrySerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="get_region_display", read_only=True)
    url = PageUrlField()

    class Meta:
        model = Country
        fields = ["code", "name", "region", "region_name", "url"]


class CountryDetailSerializer(CountrySerializer):
    practice_count = serializers.IntegerField(read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "practice_count"]


class ThemeSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Theme
        fields = ["slug", "name", "url"]


class ThemeDetailSerializer(ThemeSerializer):
    practice_count = serializers.IntegerField(read_only=True)

    class Meta(ThemeSerializer.Meta):
        fields = [*ThemeSerializer.Meta.fields, "description", "practice_count"]


class ChallengeSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Challenge
        fields = ["slug", "name", "short_name", "url"]


class ChallengeDetailSerializer(ChallengeSerializer):
    practice_count = serializers.IntegerField(read_only=True)

    class Meta(ChallengeSerializer.Meta):
        fields = [
            *ChallengeSerializer.Meta.fields,
            "summary",
            "position",
            "practice_count",
        ]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title", "kind", "publisher", "year", "url"]


class InvolvementSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="institution.slug")
    name = serializers.CharField(source="institution.name")
    kind = serializers.CharField(source="institution.kind")
    url = PageUrlField(source="institution")

    class Meta:
        model = Involvement
        fields = ["slug", "name", "kind", "role", "url"]


# The choices of `inferred_fields`, named in the OpenAPI schema
# (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): two sets under one field name.
PRACTICE_INFERABLE_FIELDS = Practice.INFERABLE_FIELDS
INSTITUTION_INFERABLE_FIELDS = Institution.INFERABLE_FIELDS


def inferred_fields_field(model):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=model.INFERABLE_FIELDS),
        read_only=True,
        help_text="Fields whose values the source does not state: the editors "
        "inferred them (explained in editorial_note).",
    )


class PracticeSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    inferred_fields = inferred_fields_field(Practice)
    countries = CountrySerializer(many=True, read_only=True)
    regions = serializers.SerializerMethodField(
        help_text="UNESCO regions of the practice's countries (slugs)."
    )
    themes = ThemeSerializer(many=True, read_only=True)
    challenges = ChallengeSerializer(many=True, read_only=True)
    institutions = InvolvementSerializer(
        source="involvements", many=True, read_only=True
    )
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "description",
            "url",
            "scope",
            "countries",
            "regions",
            "themes",
            "challenges",
            "institutions",
            "target_groups",
            "context",
            "transferability",
            "website",
            "evidence_level",
            "last_verified",
            "source",
            "source_section",
            "inferred_fields",
            "editorial_note",
            "published_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, practice):
        return sorted({c.region for c in practice.countries.all() if c.region})


class InstitutionSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    country = CountrySerializer(read_only=True, allow_null=True)
    practice_count = serializers.IntegerField(read_only=True)
    inferred_fields = inferred_fields_field(Institution)

    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            "inferred_fields",
            "editorial_note",
            "url",
            "practice_count",
        ]


class RankedPracticeSerializer(PracticeSerializer):
    """A practice as ranked for a context (practices.matching)."""

    score = serializers.IntegerField(
        source="match.points", read_only=True, help_text="Points earned (higher first)."
    )
    reasons = serializers.ListField(
        source="match_reason_list",
        child=serializers.CharField(),
        read_only=True,
        help_text='Why it matches, in words: "same region", "answers 2 of your 3 '
        'challenges", ...',
    )

    class Meta(PracticeSerializer.Meta):
        fields = ["score", "reasons", *PracticeSerializer.Meta.fields]


class RankedPracticePageSerializer(serializers.Serializer):
    """One page of practices ranked for a context."""

    count = serializers.IntegerField(help_text="How many practices match.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    points = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The points for each thing a practice shares with the context.",
    )
    results = RankedPracticeSerializer(many=True)
