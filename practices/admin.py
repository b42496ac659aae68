from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from reversion.admin import VersionAdmin

from practices.curation.edit_conflicts import EditConflictForm
from practices.curation.history import version_changes, versions_for
from practices.curation.resources import InstitutionResource, PracticeResource
from practices.models import (
    STATUS_TRANSITIONS,
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Submission,
    Theme,
)


class PracticeCountAdmin(admin.ModelAdmin):
    """Shows how many practices (of any status) use each row."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    @admin.display(description="practices", ordering="practice_count")
    def practice_count(self, obj):
        return obj.practice_count


class HistoryAdmin(VersionAdmin):
    """Every save is kept as a version: the history page lists who changed
    what, when, with each field before and after; any version can be restored,
    and a deleted record recovered from its last version."""

    object_history_template = "admin/practices/object_history.html"
    history_latest_first = True

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reviewing a version happens inside a reverted, rolled-back copy where
        # the record's version number is the old one; the form must carry the
        # current number, or saving the restore would look like a conflict.
        if any(f.name == "version" for f in self.model._meta.concrete_fields):
            request.version_before_restore = (
                self.model._default_manager.filter(pk=unquote(object_id))
                .values_list("version", flat=True)
                .first()
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        stored = getattr(request, "version_before_restore", None)
        if stored is not None:
            form = type(form.__name__, (form,), {"loaded_version_override": stored})
        return form

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        versions = list(versions_for(self.model, obj.pk))
        changes = version_changes(self.model, versions)
        opts = self.model._meta
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=[quote(version.object_id), version.pk],
                ),
                "changes": changes[version.pk],
                "created": index == 0,
            }
            for index, version in enumerate(versions)
        ]
        action_list.reverse()
        return super().history_view(
            request, object_id, {"action_list": action_list, **(extra_context or {})}
        )


@admin.register(Theme)
class ThemeAdmin(PracticeCountAdmin):
    list_display = ["name", "slug", "practice_count"]
    list_filter = [("practices", admin.EmptyFieldListFilter)]
    ordering = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Challenge)
class ChallengeAdmin(PracticeCountAdmin):
    list_display = ["position", "short_name", "name", "slug", "practice_count"]
    list_display_links = ["short_name", "name"]
    ordering = ["position", "name"]
    list_filter = [("practices", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the key practices and institutions point at.
        return ["code", "name"] if obj else ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "year"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "publisher", "description"]
    prepopulated_fields = {"slug": ["title"]}


class InstitutionForm(EditConflictForm):
    class Meta:
        model = Institution
        fields = "__all__"


@admin.register(Institution)
class InstitutionAdmin(ImportExportModelAdmin, HistoryAdmin):
    form = InstitutionForm
    resource_classes = [InstitutionResource]
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country__region", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "city", "description", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 1
    autocomplete_fields = ["institution"]


# What a submission records, shown read-only: it is the submitter's word.
SUBMISSION_FIELDS = [
    "submitter_name",
    "submitter_email",
    "proposed_institution",
    "proposed_role",
    "consent_to_publish",
    "created_at",
]


class SubmissionInline(admin.StackedInline):
    """Who proposed the practice: for curators only, never shown publicly."""

    model = Submission
    can_delete = False
    extra = 0
    max_num = 0
    readonly_fields = SUBMISSION_FIELDS
    fields = readonly_fields


@admin.register(Involvement)
class InvolvementAdmin(HistoryAdmin):
    list_display = ["practice", "institution", "role"]
    list_filter = ["role", "institution__kind"]
    list_select_related = ["practice", "institution"]
    search_fields = ["practice__title", "institution__name"]
    autocomplete_fields = ["practice", "institution"]


class SubmittedFilter(admin.SimpleListFilter):
    title = "origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("submitted", "Community submission"), ("curated", "Added by curators")]

    def queryset(self, request, queryset):
        match self.value():
            case "submitted":
                return queryset.filter(submission__isnull=False)
            case "curated":
                return queryset.filter(submission__isnull=True)
        return queryset


class PracticeForm(EditConflictForm):
    class Meta:
        model = Practice
        fields = "__all__"


def transition_action(transition):
    target, sources = transition.target, transition.sources

    def action(modeladmin, request, queryset):
        changed = 0
        for practice in queryset.filter(status__in=sources):
            practice.status = target
            # Saved one by one so each change is versioned and published_at is
            # set on first publication only.
            practice.save()
            changed += 1
        skipped = queryset.count() - changed
        message = ngettext(
            "%(count)d practice moved to “%(status)s”.",
            "%(count)d practices moved to “%(status)s”.",
            changed,
        ) % {"count": changed, "status": target.label}
        if skipped:
            message += " " + ngettext(
                "%(count)d was skipped: it cannot move there from its status.",
                "%(count)d were skipped: they cannot move there from their status.",
                skipped,
            ) % {"count": skipped}
        modeladmin.message_user(
            request, message, messages.SUCCESS if changed else messages.WARNING
        )

    action.__name__ = transition.name
    return admin.action(description=transition.label, permissions=["change"])(action)


@admin.register(Practice)
class PracticeAdmin(ImportExportModelAdmin, HistoryAdmin):
    form = PracticeForm
    resource_classes = [PracticeResource]
    list_display = [
        "title",
        "status",
        "evidence_level",
        "last_verified",
        "source",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        SubmittedFilter,
        "evidence_level",
        ("last_verified", admin.EmptyFieldListFilter),
        "scope",
        "themes",
        "challenges",
        "countries__region",
        "source",
    ]
    list_select_related = ["source"]
    # get_inlines() decides what a page shows; this declares what there is.
    inlines = [InvolvementInline, SubmissionInline]
    search_fields = ["title", "slug", "summary", "description", "institutions__name"]
    autocomplete_fields = ["countries", "themes", "challenges", "source"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at", "published_at"]
    date_hierarchy = "published_at"
    actions = [transition_action(transition) for transition in STATUS_TRANSITIONS]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "summary",
                    "description",
                    "website",
                    "loaded_version",
                    "loaded_state",
                ]
            },
        ),
        ("Where and what", {"fields": ["scope", "countries", "themes", "challenges"]}),
        ("Evidence", {"fields": ["evidence_level", "last_verified"]}),
        ("Context", {"fields": ["target_groups", "context", "transferability"]}),
        ("Source", {"fields": ["source", "source_section"]}),
        ("Dates", {"fields": ["published_at", "created_at", "updated_at"]}),
    ]

    def get_inlines(self, request, obj):
        # Who submitted it matters only for practices that came from the public form.
        if obj is not None and hasattr(obj, "submission"):
            return [InvolvementInline, SubmissionInline]
        return [InvolvementInline]

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .prefetch_related(
                "countries", "themes", "challenges", "involvements__institution"
            )
        )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The queue of community submissions; each is reviewed on its practice."""

    list_display = ["practice", "practice_status", "submitter_name", "created_at"]
    list_filter = ["practice__status", "created_at"]
    list_select_related = ["practice"]
    search_fields = ["practice__title", "submitter_name", "submitter_email"]
    readonly_fields = ["practice", *SUBMISSION_FIELDS]

    @admin.display(description="status", ordering="practice__status")
    def practice_status(self, obj):
        return obj.practice.get_status_display()

    def has_add_permission(self, request):
        return False
