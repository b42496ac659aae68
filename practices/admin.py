from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import ngettext

from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)


class PracticeCountAdmin(admin.ModelAdmin):
    """Shows how many practices (of any status) use each row."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    @admin.display(description="practices", ordering="practice_count")
    def practice_count(self, obj):
        return obj.practice_count


@admin.register(Theme)
class ThemeAdmin(PracticeCountAdmin):
    list_display = ["name", "slug", "practice_count"]
    list_filter = [("practices", admin.EmptyFieldListFilter)]
    ordering = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Challenge)
class ChallengeAdmin(PracticeCountAdmin):
    list_display = ["position", "name", "slug", "practice_count"]
    list_display_links = ["name"]
    ordering = ["position", "name"]
    list_filter = [("practices", admin.EmptyFieldListFilter)]
    search_fields = ["name", "summary"]
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


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
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


@admin.register(Involvement)
class InvolvementAdmin(admin.ModelAdmin):
    list_display = ["practice", "institution", "role"]
    list_filter = ["role", "institution__kind"]
    list_select_related = ["practice", "institution"]
    search_fields = ["practice__title", "institution__name"]
    autocomplete_fields = ["practice", "institution"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "scope", "source", "published_at", "updated_at"]
    list_filter = [
        "status",
        "scope",
        "themes",
        "challenges",
        "countries__region",
        "source",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "summary", "description", "institutions__name"]
    autocomplete_fields = ["countries", "themes", "challenges", "source"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "published_at"
    inlines = [InvolvementInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "description"]}),
        ("Where and what", {"fields": ["scope", "countries", "themes", "challenges"]}),
        ("Context", {"fields": ["target_groups", "context", "transferability"]}),
        ("Source", {"fields": ["source", "source_section"]}),
        ("Dates", {"fields": ["published_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description="Publish selected practices", permissions=["change"])
    def publish(self, request, queryset):
        changed = 0
        for practice in queryset.exclude(status=Practice.Status.PUBLISHED):
            practice.status = Practice.Status.PUBLISHED
            practice.published_at = practice.published_at or timezone.now()
            practice.save(update_fields=["status", "published_at", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%d practice was published.", "%d practices were published.", changed
            )
            % changed,
            messages.SUCCESS,
        )

    @admin.action(
        description="Unpublish selected practices (back to draft)",
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        changed = 0
        for practice in queryset.filter(status=Practice.Status.PUBLISHED):
            practice.status = Practice.Status.DRAFT
            practice.save(update_fields=["status", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%d practice was unpublished.",
                "%d practices were unpublished.",
                changed,
            )
            % changed,
            messages.SUCCESS,
        )
