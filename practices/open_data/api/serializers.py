"""The API's representation of the knowledge base. Field names are part of the
public contract: add fields, never rename or remove them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from practices.content_languages import CONTENT_LANGUAGES, translated_fields
from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)
from practices.open_data.api.pagination import COUNT_IS_ESTIMATE
from practices.open_data.languages import text_and_language


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


def languages_field(*names):
    """`languages`: {text field: the language it is in}, given only when the
    request asks for a language (`?lang=`)."""
    schema = {
        "type": "object",
        "description": "Given with `lang` only: the language each text is in, "
        "the one asked for where the text is translated into it, the original "
        "(English) where it is not translated yet.",
        "properties": {
            name: {"type": "string", "enum": CONTENT_LANGUAGES} for name in names
        },
    }

    @extend_schema_field(schema)
    class LanguagesField(serializers.Field):
        def to_representation(self, value):
            return None  # filled in by InLanguage

    # Not read-only: the schema would then say it is always given.
    return LanguagesField(source="*", required=False)


class InLanguage:
    # A serializer whose texts are given in the language asked for (the
    # context's `language`, None without `?lang=`), each in English where not
    # translated, with `languages` saying which is which. Without a language
    # the representation is the one the API has always given. (Comments, not
    # a docstring: the schema would show it as each serializer's description.)

    # {output field: (attributes leading to the record, its translated field)};
    # by default the model's translated fields the serializer gives.
    texts = None

    @classmethod
    def text_sources(cls):
        if cls.texts is not None:
            return cls.texts
        shown = set(cls.Meta.fields)
        return {
            name: ((), name)
            for name in translated_fields(cls.Meta.model)
            if name in shown
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        language = self.context.get("language")
        if language is None:
            data.pop("languages", None)
            return data
        languages = {}
        for name, (path, field) in self.text_sources().items():
            record = instance
            for attribute in path:
                record = getattr(record, attribute, None)
            if record is None or name not in data:
                continue
            data[name], languages[name] = text_and_language(record, field, language)
        languages.update(self.more_languages(instance, data, language))
        data["languages"] = languages
        return data

    def more_languages(self, instance, data, language):
        """Texts not read from translated fields: {field: language}."""
        return {}


class CountrySerializer(InLanguage, serializers.ModelSerializer):
    region_name = serializers.CharField(source="get_region_display", read_only=True)
    url = PageUrlField()
    languages = languages_field("name", "region_name")

    class Meta:
        model = Country
        fields = ["code", "name", "region", "region_name", "url", "languages"]

    def more_languages(self, instance, data, language):
        # Country and region names are always in the language asked for.
        data["name"] = instance.display_name
        return {"name": language, "region_name": language}


class CountryDetailSerializer(CountrySerializer):
    practice_count = serializers.IntegerField(read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "practice_count"]


class ThemeSerializer(InLanguage, serializers.ModelSerializer):
    url = PageUrlField()
    languages = languages_field("name")

    class Meta:
        model = Theme
        fields = ["slug", "name", "url", "languages"]


class ThemeDetailSerializer(ThemeSerializer):
    practice_count = serializers.IntegerField(read_only=True)
    languages = languages_field("name", "description")

    class Meta(ThemeSerializer.Meta):
        fields = [*ThemeSerializer.Meta.fields, "description", "practice_count"]


class ChallengeSerializer(InLanguage, serializers.ModelSerializer):
    url = PageUrlField()
    languages = languages_field("name", "short_name")

    class Meta:
        model = Challenge
        fields = ["slug", "name", "short_name", "url", "languages"]


class ChallengeDetailSerializer(ChallengeSerializer):
    practice_count = serializers.IntegerField(read_only=True)
    languages = languages_field("name", "short_name", "summary")

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


class InvolvementSerializer(InLanguage, serializers.ModelSerializer):
    slug = serializers.CharField(source="institution.slug")
    name = serializers.CharField(source="institution.name")
    kind = serializers.CharField(source="institution.kind")
    url = PageUrlField(source="institution")
    languages = languages_field("name")
    texts = {"name": (("institution",), "name")}

    class Meta:
        model = Involvement
        fields = ["slug", "name", "kind", "role", "url", "languages"]


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


class PracticeSerializer(InLanguage, serializers.ModelSerializer):
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
    languages = languages_field(*translated_fields(Practice))

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
            "languages",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, practice):
        return sorted({c.region for c in practice.countries.all() if c.region})


class InstitutionSerializer(InLanguage, serializers.ModelSerializer):
    url = PageUrlField()
    country = CountrySerializer(read_only=True, allow_null=True)
    practice_count = serializers.IntegerField(read_only=True)
    inferred_fields = inferred_fields_field(Institution)
    languages = languages_field("name", "description")

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
            "languages",
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

    languages = languages_field("reasons", *translated_fields(Practice))

    class Meta(PracticeSerializer.Meta):
        fields = ["score", "reasons", *PracticeSerializer.Meta.fields]

    def more_languages(self, instance, data, language):
        return {"reasons": language}


class RankedPracticePageSerializer(serializers.Serializer):
    """One page of practices ranked for a context."""

    count = serializers.IntegerField(help_text="How many practices match.")
    count_is_estimate = serializers.BooleanField(help_text=COUNT_IS_ESTIMATE)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    points = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The points for each thing a practice shares with the context.",
    )
    results = RankedPracticeSerializer(many=True)
