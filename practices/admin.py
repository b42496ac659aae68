from contextlib import nullcontext

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from reversion.admin import VersionAdmin, _RollBackRevisionView
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from practices.curation.admin_safeguards import (
    InUseDeletionGuard,
    PublicationPermissionAdmin,
)
from practices.curation.content_translations import (
    LacksTranslationFilter,
    TranslatedContentAdmin,
    translation_fieldsets,
)
from practices.curation.edit_conflicts import EditConflictForm, LinkConflictFormSet
from practices.curation.history import version_changes, versions_for
from practices.curation.resources import InstitutionResource, PracticeResource
from practices.curation.revisions import revert_own
from practices.models import (
    STATUS_TRANSITIONS,
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    SearchSynonym,
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
        # the record's lock number is the old one; the form must carry the
        # current number, or saving the restore would look like a conflict.
        if any(f.name == "lock_version" for f in self.model._meta.concrete_fields):
            request.version_before_restore = (
                self.model._default_manager.filter(pk=unquote(object_id))
                .values_list("lock_version", flat=True)
                .first()
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        # django-reversion's own view restores the version's whole revision:
        # every record saved with it (all of the seed's, once). This one
        # restores only the record and what belongs to it (see revert_own).
        signal_context = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), signal_context:
                revert_own(version)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        reversion.set_comment(
                            self._restore_comment(request, version, extra_context)
                        )
                    elif response.status_code == 200:
                        response.template_name = template_name
                        # Rendered now, inside the restored copy, then undone.
                        response.render()
                        raise _RollBackRevisionView(response)
                    else:
                        raise RevertError(
                            _("Could not load %(object_repr)s version - not found")
                            % {"object_repr": version.object_repr}
                        )
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
            )
        except _RollBackRevisionView as rolled_back:
            return rolled_back.response
        return response

    def _deletions(self, object_ids):
        """{object id: the admin log entry of its deletion}, latest kept."""
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id__in=[str(pk) for pk in object_ids],
            action_flag=DELETION,
        ).select_related("user")
        return {entry.object_id: entry for entry in entries.order_by("action_time")}

    def recoverlist_view(self, request, extra_context=None):
        # Each deleted record with when (and by whom) it was deleted, not only
        # when its last version was saved (for a seeded record, the seeding).
        deleted = list(
            Version.objects.get_deleted(self.model).select_related("revision")
        )
        deletions = self._deletions([version.object_id for version in deleted])
        for version in deleted:
            entry = deletions.get(version.object_id)
            version.deleted_at = entry.action_time if entry else None
            version.deleted_by = entry.user if entry else None
        deleted.sort(
            key=lambda v: v.deleted_at or v.revision.date_created, reverse=True
        )
        return super().recoverlist_view(
            request, {"deleted": deleted, **(extra_context or {})}
        )

    def recover_view(self, request, version_id, extra_context=None):
        request.recovering = True
        version = Version.objects.filter(pk=version_id).select_related("revision")
        version = version.first()
        context = {**(extra_context or {})}
        if version is not None:
            deletion = self._deletions([version.object_id]).get(version.object_id)
            context["deleted_at"] = deletion.action_time if deletion else None
            context["version_saved_at"] = version.revision.date_created
        return super().recover_view(request, version_id, context)

    def response_change(self, request, obj):
        if getattr(request, "recovering", False) and "_save" in request.POST:
            self.message_user(
                request,
                _("The %(name)s “%(obj)s” was recovered.")
                % {"name": self.model._meta.verbose_name, "obj": obj},
                messages.SUCCESS,
            )
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def _restore_comment(self, request, version, extra_context):
        saved = localize(template_localtime(version.revision.date_created))
        if (extra_context or {}).get("recover"):
            return _("Recovered from the version saved on %(datetime)s") % {
                "datetime": saved
            }
        return _("Reverted to previous version, saved on %(datetime)s") % {
            "datetime": saved
        }

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
class ThemeAdmin(InUseDeletionGuard, TranslatedContentAdmin, PracticeCountAdmin):
    list_display = ["name", "slug", "practice_count"]
    list_filter = [("practices", admin.EmptyFieldListFilter), LacksTranslationFilter]
    ordering = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Challenge)
class ChallengeAdmin(InUseDeletionGuard, TranslatedContentAdmin, PracticeCountAdmin):
    list_display = ["position", "short_name", "name", "slug", "practice_count"]
    list_display_links = ["short_name", "name"]
    ordering = ["position", "name"]
    list_filter = [("practices", admin.EmptyFieldListFilter), LacksTranslationFilter]
    search_fields = ["name", "short_name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(InUseDeletionGuard, admin.ModelAdmin):
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


def inferred_fields_choice(model):
    """Checkboxes for the fields of `model` the editors may mark as inferred."""
    return forms.MultipleChoiceField(
        label=_("Inferred by the editors"),
        choices=model.INFERABLE_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick the values the source does not state. Visitors see them listed "
            "under the facts, with the editorial note."
        ),
    )


class InstitutionForm(EditConflictForm):
    inferred_fields = inferred_fields_choice(Institution)

    class Meta:
        model = Institution
        fields = "__all__"


@admin.register(Institution)
class InstitutionAdmin(TranslatedContentAdmin, ImportExportModelAdmin, HistoryAdmin):
    form = InstitutionForm
    resource_classes = [InstitutionResource]
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country__region", "country", LacksTranslationFilter]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "city", "description", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


class InvolvementInline(admin.TabularInline):
    model = Involvement
    formset = LinkConflictFormSet
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


class InvolvementForm(EditConflictForm):
    class Meta:
        model = Involvement
        fields = "__all__"


@admin.register(Involvement)
class InvolvementAdmin(HistoryAdmin):
    form = InvolvementForm
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
    inferred_fields = inferred_fields_choice(Practice)

    class Meta:
        model = Practice
        fields = "__all__"


class PracticeLacksTranslationFilter(LacksTranslationFilter):
    # A practice is listed while its title or summary is not translated (the
    # longer texts are translated where someone can give them the same care).
    fields = ["title", "summary"]


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
    # Sending a draft to review is a curator's step; the rest are editors'.
    permission = "change" if target == Practice.Status.IN_REVIEW else "publish"
    return admin.action(description=transition.label, permissions=[permission])(action)


@admin.register(Practice)
class PracticeAdmin(PublicationPermissionAdmin, ImportExportModelAdmin, HistoryAdmin):
    form = PracticeForm
    resource_classes = [PracticeResource]
    list_display = [
        "title",
        "status",
        "evidence_level",
        "last_verified",
        "source",
        "featured_rank",
        "published_at",
        "updated_at",
    ]
    # Curators order the home page's featured practices from the list.
    list_editable = ["featured_rank"]
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
        PracticeLacksTranslationFilter,
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
        (_("Home page"), {"fields": ["featured_rank"]}),
        ("Context", {"fields": ["target_groups", "context", "transferability"]}),
        ("Source", {"fields": ["source", "source_section"]}),
        (
            _("What the source does not say"),
            {"fields": ["inferred_fields", "editorial_note"]},
        ),
        ("Dates", {"fields": ["published_at", "created_at", "updated_at"]}),
        *translation_fieldsets(Practice),
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


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Acronyms and synonyms a visitor's search expands to."""

    list_display = ["__str__"]
    search_fields = ["terms"]
