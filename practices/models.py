"""The knowledge base: practices, who carries them, where, on which themes and
challenges, and the sources they are drawn from."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connections, models, router, transaction
from django.db.models import Count, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.content_languages import (
    ORIGINAL_LANGUAGE,
    EnglishOriginalQuerySet,
    LocalizedText,
    TranslatedContent,
    content_language,
    localized_ordering,
)
from practices.content_languages import column as translated_column
from practices.localized import country_name
from practices.paths import record_path
from practices.plain_text import validate_plain_text
from practices.regions import Region, region_for


class PracticeCountQuerySet(EnglishOriginalQuerySet):
    def with_published_practice_count(self):
        """Annotate `practice_count`, the published practices carrying each
        value, read from the published counts (PublishedCount, kept in the
        transaction of every change) rather than counted, keeping the model's
        ordering. The facet is named as the model is (theme, challenge,
        country, institution)."""
        kept = PublishedCount.objects.filter(
            facet=self.model._meta.model_name,
            value=Cast(models.OuterRef("pk"), models.CharField()),
        ).values("count")[:1]
        return self.annotate(
            practice_count=Coalesce(models.Subquery(kept), 0)
        ).order_by(*localized_ordering(self.model))


def bump_lock_version(instance, save_kwargs):
    """Set `instance.lock_version` to one more than the stored value, taking
    the row's write lock until the transaction ends. Counting from the
    database, not from the instance, keeps lock numbers growing even when an
    old version is restored from history."""
    if instance._state.adding or instance.pk is None:
        return
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if rows.update(lock_version=models.F("lock_version") + 1):
        instance.lock_version = rows.values_list("lock_version", flat=True).get()
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "lock_version"}


def _writing_to(instance, save_kwargs):
    """The database a save() writes to."""
    return save_kwargs.get("using") or router.db_for_write(
        type(instance), instance=instance
    )


def validate_field_names(value, allowed):
    """`value` must be a list of names, each one of `allowed`."""
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise ValidationError("A list of field names is expected.")
    if unknown := sorted(set(value) - set(allowed)):
        raise ValidationError(
            "Not a field that can be marked inferred: %(names)s.",
            params={"names": ", ".join(unknown)},
        )


class EditorialInference(models.Model):
    """What a record's source does not say: the fields an editor inferred (from
    a name, or general knowledge), and a note saying how. Both are shown to
    visitors beside the record, so a reader can tell the source's word from
    ours."""

    # (field name, label) pairs a subclass can mark as inferred.
    INFERABLE_FIELDS = []

    inferred_fields = models.JSONField(
        _("inferred fields"),
        default=list,
        blank=True,
        help_text=_(
            "Values the source does not state, which the editors inferred; "
            "visitors are told."
        ),
    )
    editorial_note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_(
            "Shown to visitors: where a value comes from when the source does not "
            "state it, e.g. 'Country inferred from the institution's name; the "
            "report does not state it.'"
        ),
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "inferred_fields" in exclude:
            return
        try:
            validate_field_names(
                self.inferred_fields, [name for name, label in self.INFERABLE_FIELDS]
            )
        except ValidationError as error:
            raise ValidationError({"inferred_fields": error.messages}) from error

    @property
    def inferred_labels(self):
        """The labels of the inferred fields, in the order of INFERABLE_FIELDS."""
        chosen = set(self.inferred_fields or [])
        return [label for name, label in self.INFERABLE_FIELDS if name in chosen]

    @property
    def has_editorial_inference(self):
        return bool(self.inferred_fields or self.editorial_note)


class Theme(TranslatedContent, models.Model):
    name = models.CharField(
        max_length=120, unique=True, validators=[validate_plain_text]
    )
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, validators=[validate_plain_text])

    objects = PracticeCountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_path("practices:theme-detail", self.slug)


class Challenge(TranslatedContent, models.Model):
    """One of the challenges to innovation in TVET identified by the 2019 forum."""

    name = models.CharField(
        max_length=200,
        unique=True,
        validators=[validate_plain_text],
        help_text="The forum report's full statement.",
    )
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text=(
            "A few words for filters, cards and chips, e.g. “Data gaps”; "
            "the full statement is used when empty."
        ),
    )
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(
        blank=True,
        help_text="The forum report's explanation.",
        validators=[validate_plain_text],
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in which the report lists the challenges."
    )

    objects = PracticeCountQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_path("practices:challenge-detail", self.slug)

    @property
    def label(self):
        """What filters, cards and chips call it: the short name if it has one,
        in the page's language if translated (a LocalizedText)."""
        for lang in dict.fromkeys([content_language(), ORIGINAL_LANGUAGE]):
            for field in ("short_name", "name"):
                if text := getattr(self, f"{field}_{lang}"):
                    return LocalizedText(text, lang)
        return LocalizedText(self.name)


def validate_country_code(value):
    if value not in dict(countries):
        raise ValidationError(
            "%(value)s is not an ISO 3166-1 alpha-2 code.", params={"value": value}
        )


class CountryQuerySet(PracticeCountQuerySet):
    def with_institution_count(self):
        return self.annotate(institution_count=Count("institutions", distinct=True))

    def with_published_practices(self):
        return self.filter(practices__status=Practice.Status.PUBLISHED).distinct()


class Country(models.Model):
    """A country, named by its ISO 3166-1 alpha-2 code. The name comes from
    django-countries and the region from UNESCO's grouping; both are filled in
    on save."""

    code = models.CharField(
        max_length=2, primary_key=True, validators=[validate_country_code]
    )
    name = models.CharField(max_length=100, editable=False)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_alpha2"
            ),
            models.CheckConstraint(
                condition=Q(region__in=[*Region.values, ""]),
                name="country_region_valid",
            ),
        ]
        indexes = [models.Index(fields=["region"])]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        self.name = countries.name(self.code) or self.code
        if not self.region:
            self.region = region_for(self.code)
        # A new region moves the country's practices in the published counts,
        # in the same transaction.
        with transaction.atomic(using=_writing_to(self, kwargs)):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_path("practices:country-detail", self.code)

    @property
    def display_name(self):
        """The name in the page's language (`name` keeps the English one, for
        search and the open data)."""
        return country_name(self.code) or self.name or self.code


class SourceKind(models.TextChoices):
    REPORT = "report", _("Report")
    EVENT = "event", _("Event")


class Source(models.Model):
    """A document or event that practices are drawn from."""

    Kind = SourceKind

    title = models.CharField(max_length=300, validators=[validate_plain_text])
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    publisher = models.CharField(
        max_length=200, blank=True, validators=[validate_plain_text]
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField("address", blank=True)
    description = models.TextField(blank=True, validators=[validate_plain_text])

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title


class InstitutionKind(models.TextChoices):
    TVET_INSTITUTION = "tvet-institution", _("TVET institution")
    GOVERNMENT = "government", _("Government body")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO or foundation")
    INTERNATIONAL = "international", _("International organization")
    NETWORK = "network", _("Network")
    RESEARCH = "research", _("Research centre")
    STUDENT_ENTERPRISE = "student-enterprise", _("Student enterprise")
    TRADE_UNION = "trade-union", _("Trade union")


class Institution(TranslatedContent, EditorialInference):
    Kind = InstitutionKind
    INFERABLE_FIELDS = [
        ("kind", _("kind")),
        ("country", _("country")),
        ("city", _("city")),
    ]

    name = models.CharField(max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
    )
    city = models.CharField(
        max_length=100, blank=True, validators=[validate_plain_text]
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, validators=[validate_plain_text])
    # Optimistic locking (see Practice.lock_version).
    lock_version = models.PositiveIntegerField(
        default=1, editable=False, db_column="version"
    )

    objects = PracticeCountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values),
                name="institution_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        bump_lock_version(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_path("practices:institution-detail", self.slug)


# Slugs that would collide with addresses under /practices/.
RESERVED_PRACTICE_SLUGS = {"submit", "map", "compare", "for-context"}


def validate_practice_slug(value):
    if value in RESERVED_PRACTICE_SLUGS:
        raise ValidationError(
            "“%(value)s” is reserved; choose another slug.", params={"value": value}
        )


# Text search configuration (stemming, stop words) of the stored vector.
SEARCH_CONFIG = "english"
# Each content language's configuration (PostgreSQL's, and the Snowball
# stemmer's name on SQLite).
SEARCH_CONFIGS = {"en": SEARCH_CONFIG, "fr": "french", "es": "spanish", "ar": "arabic"}


# What a practice card reads of the practice itself: these columns, and its
# texts (CARD_TEXTS) in English and in the page's language (card_fields).
CARD_COLUMNS = ["slug", "scope", "status", "published_at", "original_language"]
CARD_TEXTS = ["title", "summary"]


def card_fields(language=None):
    """The practice's fields a card reads on a page in `language` (default:
    the page's): its texts in that language and in English, where it falls
    back to, not in the two others, which the card never shows."""
    languages = dict.fromkeys([ORIGINAL_LANGUAGE, content_language(language)])
    texts = [
        translated_column(field, code) for field in CARD_TEXTS for code in languages
    ]
    return [*CARD_COLUMNS, *texts]


class PracticeQuerySet(EnglishOriginalQuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def with_links(self):
        """The practices with their source, countries, themes and institutions
        as objects, in a constant number of queries (the API, the CSV export).
        Practice cards on pages read names only: see practices.cards."""
        return self.select_related("source").prefetch_related(
            "countries", "themes", involvements_with_institutions()
        )

    def card_columns(self):
        """Only the practice's own columns a card shows (see practices.cards),
        its texts in the page's language and English: the long texts, the
        other languages and the search vector stay in the database."""
        return self.only(*card_fields())

    def related_to(self, practice, limit=4):
        """Up to `limit` published practices sharing themes or challenges with
        `practice`, annotated with `shared` (how many), most shared first, then
        the most recently added. Expects the practice's themes and challenges
        prefetched.

        The choice is made at once, by one query that reads a bounded number
        of index entries (see RELATED_CANDIDATES_PER_LINK), so a practice page
        costs the same with a hundred practices sharing its theme or with
        fifty thousand."""
        theme_ids = [theme.pk for theme in practice.themes.all()]
        challenge_ids = [challenge.pk for challenge in practice.challenges.all()]
        chosen = _most_linked(self.db, practice.pk, theme_ids, challenge_ids, limit)
        if not chosen:
            return self.none().annotate(shared=models.Value(0))
        return (
            self.filter(pk__in=chosen)
            .annotate(
                shared=models.Case(
                    *[models.When(pk=pk, then=n) for pk, n in chosen.items()],
                    output_field=models.IntegerField(),
                )
            )
            .order_by("-shared", "-pk")
        )

    def featured(self):
        """Those curators chose for the home page, in their order."""
        return self.filter(featured_rank__isnull=False).order_by(
            *localized_ordering(Practice, ["featured_rank", "title"])
        )

    def newest(self):
        return self.order_by(
            models.F("published_at").desc(nulls_last=True),
            *localized_ordering(Practice, ["title"]),
        )

    def update_search_vectors(self):
        """Rebuild the search index entries of these practices (their vector on
        PostgreSQL, their full-text row on SQLite) and add their words to the
        vocabulary. Returns how many practices were indexed."""
        from practices.listing import search_index

        return search_index.update(self)


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


@dataclass(frozen=True)
class StatusTransition:
    """A move a curator can make between statuses (an admin action)."""

    name: str
    label: str
    target: PracticeStatus
    sources: tuple


STATUS_TRANSITIONS = [
    StatusTransition(
        "submit_for_review",
        "Send selected practices to review",
        PracticeStatus.IN_REVIEW,
        (PracticeStatus.DRAFT,),
    ),
    StatusTransition(
        "publish",
        "Publish selected practices",
        PracticeStatus.PUBLISHED,
        (PracticeStatus.DRAFT, PracticeStatus.IN_REVIEW, PracticeStatus.ARCHIVED),
    ),
    StatusTransition(
        "archive",
        "Archive selected practices (no longer public)",
        PracticeStatus.ARCHIVED,
        (PracticeStatus.PUBLISHED,),
    ),
    StatusTransition(
        "return_to_draft",
        "Return selected practices to draft",
        PracticeStatus.DRAFT,
        (PracticeStatus.IN_REVIEW, PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED),
    ),
]


class PracticeEvidence(models.TextChoices):
    DESCRIBED = "described", _("Described")
    DOCUMENTED = "documented", _("Documented")
    EVALUATED = "evaluated", _("Evaluated")
    REPLICATED = "replicated", _("Replicated")


class PracticeScope(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    INTERNATIONAL = "international", _("International")


class Practice(TranslatedContent, EditorialInference):
    Status = PracticeStatus

    Evidence = PracticeEvidence

    # Shown to visitors next to the level, on the detail page and the list.
    EVIDENCE_DEFINITIONS = {
        "described": gettext_noop(
            "Described by the people involved; no written record of "
            "results has been checked."
        ),
        "documented": gettext_noop(
            "Documented in a report, case study or other written source "
            "that anyone can consult."
        ),
        "evaluated": gettext_noop(
            "Its results have been measured in an evaluation, by the "
            "institution or by an independent evaluator."
        ),
        "replicated": gettext_noop(
            "Adopted with success in at least one other institution or setting."
        ),
    }

    Scope = PracticeScope
    INFERABLE_FIELDS = [
        ("countries", _("countries")),
        ("scope", _("scope")),
        ("institutions", _("institutions and their roles")),
        ("target_groups", _("target groups")),
    ]

    title = models.CharField(max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(
        max_length=120, unique=True, validators=[validate_practice_slug]
    )
    summary = models.TextField(
        help_text="One paragraph: what it is and why it matters.",
        validators=[validate_plain_text],
    )
    description = models.TextField(blank=True, validators=[validate_plain_text])
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    scope = models.CharField(max_length=20, choices=Scope.choices, blank=True)
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="practices",
        help_text="Leave empty when the source does not say where it takes place "
        "(set the scope if it is international).",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="practices")
    challenges = models.ManyToManyField(
        Challenge,
        blank=True,
        related_name="practices",
        verbose_name="challenges addressed",
    )
    institutions = models.ManyToManyField(
        Institution, through="Involvement", related_name="practices", blank=True
    )
    target_groups = models.TextField(blank=True, validators=[validate_plain_text])
    website = models.URLField(blank=True)
    evidence_level = models.CharField(
        max_length=20, choices=Evidence.choices, default=Evidence.DESCRIBED
    )
    last_verified = models.DateField(
        null=True,
        blank=True,
        help_text="When a curator last checked that this description is still true.",
    )
    context = models.TextField(
        blank=True,
        help_text="The setting the practice was developed in.",
        validators=[validate_plain_text],
    )
    transferability = models.TextField(
        "transferability notes",
        blank=True,
        help_text="What someone adopting it elsewhere should consider.",
        validators=[validate_plain_text],
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="practices",
        null=True,
        blank=True,
    )
    source_section = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where in the source it appears, "
        "e.g. 'The Marketplace — The Flatfish Case'.",
        validators=[validate_plain_text],
    )
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=ORIGINAL_LANGUAGE,
        help_text=_(
            "The language the practice was written in (its texts without a "
            "language suffix); the others are translations."
        ),
    )
    featured_rank = models.PositiveSmallIntegerField(
        _("featured rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Shown among the featured practices on the home page, 1 first. "
            "Leave empty to not feature it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: bumped on every save, so an edit made on a stale copy
    # can be detected and refused instead of silently overwriting. A lock
    # number, not a version of the history (reversion's Version); its column
    # kept the name it had.
    lock_version = models.PositiveIntegerField(
        default=1, editable=False, db_column="version"
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        # Curators write and review; making a practice public (or taking it
        # down) is for those holding this permission (curation/publication.py).
        permissions = [
            ("publish_practice", "Can publish, archive or unpublish practices")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values),
                name="practice_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["", *PracticeScope.values]),
                name="practice_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(featured_rank__isnull=True) | Q(featured_rank__gte=1),
                name="practice_featured_rank_positive",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="practice_status_published"
            ),
            models.Index(fields=["status", "title"], name="practice_status_title"),
            models.Index(fields=["evidence_level"], name="practice_evidence"),
            models.Index(fields=["last_verified"], name="practice_last_verified"),
            # The home page's featured practices, without reading the others.
            models.Index(
                fields=["featured_rank"],
                condition=Q(featured_rank__isnull=False),
                name="practice_featured",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        # One transaction for the practice and what is derived from it (the
        # published counts, kept by signals around the save).
        with transaction.atomic(using=_writing_to(self, kwargs)):
            bump_lock_version(self, kwargs)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_path("practices:practice-detail", self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def evidence_definition(self):
        definition = self.EVIDENCE_DEFINITIONS.get(self.evidence_level, "")
        return gettext(definition) if definition else ""


class SearchDocument(models.Model):
    """A practice's weighted full-text vectors (title > summary > description
    and institutions' names), one per language (practices.listing.
    search_index), kept up to date on save; PostgreSQL only.

    In a table of its own, two columns wide: ranking a word found in most
    practices reads every matching vector, and then reads nothing else (in the
    practice's row, it read the long texts along with it, twice the bytes)."""

    practice = models.OneToOneField(
        Practice,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField()  # English
    vector_fr = SearchVectorField(null=True)
    vector_es = SearchVectorField(null=True)
    vector_ar = SearchVectorField(null=True)

    class Meta:
        indexes = [
            GinIndex(fields=[name], name=f"search_document_{name}")
            for name in ("vector", "vector_fr", "vector_es", "vector_ar")
        ]
        default_permissions = ()  # derived data: nobody edits it

    def __str__(self):
        return f"Search vector of {self.practice_id}"


class PublishedCount(models.Model):
    """How many published practices carry each value of a facet, over the
    whole knowledge base: what the home page and the unfiltered practice list
    show, read rather than counted. Derived data, changed in the transaction
    of every change that can alter it (practices/published_counts.py), and
    rebuilt whole by `manage.py recount`.

    `value` names the value by what does not change when it is renamed: a
    theme's, challenge's or institution's id, a country's code, a region's
    slug, an evidence level, a year. Practices' last verification is counted
    by date (facet "verified-on", "" for never), so the buckets the list shows
    ("in the last 12 months") are summed on the day they are read."""

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()  # derived data: nobody edits it
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value"], name="published_count_facet_value"
            ),
        ]

    def __str__(self):
        return f"{self.facet} {self.value}: {self.count}"


class SearchSynonym(models.Model):
    """Words or phrases a search treats as one: a visitor's query for any of
    them also finds the others (AI and artificial intelligence)."""

    terms = models.TextField(
        help_text="Two or more words or phrases that mean the same, one per line "
        "(for example AI, then artificial intelligence)."
    )

    class Meta:
        verbose_name = "search synonym"
        ordering = ["pk"]

    def __str__(self):
        return " / ".join(self.term_list())

    def term_list(self):
        return [
            " ".join(line.split()) for line in self.terms.splitlines() if line.strip()
        ]

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": "Give at least two, one per line."})


class SearchWord(models.Model):
    """A word found in a practice's search document: what "did you mean"
    suggestions are drawn from (each checked against published practices
    before it is offered)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        default_permissions = ()  # derived data: nobody edits it
        indexes = [
            GinIndex(
                fields=["word"], name="search_word_trigram", opclasses=["gin_trgm_ops"]
            )
        ]

    def __str__(self):
        return self.word


class InvolvementRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    PRESENTER = "presenter", _("Presenter")


class Involvement(models.Model):
    """An institution's part in a practice."""

    Role = InvolvementRole

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="involvements"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="involvements"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEAD)
    # Optimistic locking of the link's own admin page (see Practice.lock_version).
    lock_version = models.PositiveIntegerField(
        default=1, editable=False, db_column="version"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "institution"],
                name="involvement_unique_institution",
            ),
            models.CheckConstraint(
                condition=Q(role__in=InvolvementRole.values),
                name="involvement_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        # The link and the published counts of institutions, in one transaction.
        with transaction.atomic(using=_writing_to(self, kwargs)):
            bump_lock_version(self, kwargs)
            super().save(*args, **kwargs)


class Submission(models.Model):
    """Who proposed a practice through the public form, and what they proposed
    that curators still have to settle. Never shown publicly."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="submission"
    )
    submitter_name = models.CharField(max_length=120, validators=[validate_plain_text])
    submitter_email = models.EmailField()
    proposed_institution = models.CharField(
        max_length=200,
        blank=True,
        help_text="A new institution the submitter named; create it if it is right.",
        validators=[validate_plain_text],
    )
    proposed_role = models.CharField(
        max_length=20, choices=Involvement.Role.choices, blank=True
    )
    consent_to_publish = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.practice} — from {self.submitter_name}"


# Related practices are chosen among this many of the most recent practices
# sharing each theme or challenge: bounded work, whatever the collection's size.
RELATED_CANDIDATES_PER_LINK = 100


def involvements_with_institutions():
    """A prefetch of practices' involvements with their institution, in one
    query for all the practices."""
    return models.Prefetch(
        "involvements", queryset=Involvement.objects.select_related("institution")
    )


def most_linked_sql(exclude_pk, theme_ids, challenge_ids, limit):
    """(sql, params) of a SELECT of (id, shared): the `limit` published
    practices sharing the most of these themes and challenges, `exclude_pk`
    aside, among the RELATED_CANDIDATES_PER_LINK most recent ones of each
    link, most shared first; None when there is no theme or challenge."""
    parts, params = [], []
    for table, column, ids in (
        (Practice.themes.through._meta.db_table, "theme_id", theme_ids),
        (Practice.challenges.through._meta.db_table, "challenge_id", challenge_ids),
    ):
        for pk in ids:
            # An index-only scan of (link, practice), newest first.
            parts.append(
                f"SELECT * FROM (SELECT practice_id FROM {table} "
                f"WHERE {column} = %s AND practice_id <> %s "
                f"ORDER BY practice_id DESC LIMIT %s) AS link_{len(parts)}"
            )
            params += [pk, exclude_pk, RELATED_CANDIDATES_PER_LINK]
    if not parts:
        return None
    sql = f"""
        SELECT p.id, s.shared FROM (
            SELECT practice_id, COUNT(*) AS shared
            FROM ({" UNION ALL ".join(parts)}) links
            GROUP BY practice_id
        ) s
        JOIN {Practice._meta.db_table} p ON p.id = s.practice_id
        WHERE p.status = %s
        ORDER BY s.shared DESC, s.practice_id DESC
        LIMIT %s
    """
    return sql, [*params, Practice.Status.PUBLISHED, limit]


def _most_linked(using, exclude_pk, theme_ids, challenge_ids, limit):
    """{practice pk: links shared} of most_linked_sql's practices."""
    query = most_linked_sql(exclude_pk, theme_ids, challenge_ids, limit)
    if query is None:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute(*query)
        return dict(cursor.fetchall())
