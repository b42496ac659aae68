"""Admin guards that keep curators from losing or exposing content by mistake:
deleting a theme, challenge or country still used by practices is refused, and
only editors (practices/curation/publication.py) change whether a practice is public."""

from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from practices.curation.publication import can_publish, needs_publish_permission


class InUseDeletionGuard:
    """Refuse to delete a row that practices still point at, naming them.

    Practices link to themes, challenges and countries through many-to-many
    tables, which Django would silently empty; the admin's delete page and its
    "delete selected" action list these practices as protected instead."""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        objs = list(objs)
        # The practices of every selected row in one query, not one per row.
        titles = {obj.pk: [] for obj in objs}
        for pk, title in (
            self.model._default_manager.filter(pk__in=titles, practices__isnull=False)
            .order_by("practices__title")
            .values_list("pk", "practices__title")
        ):
            titles[pk].append(title)
        for obj in objs:
            for title in titles[obj.pk]:
                protected.append(
                    format_html("{}: {} ({})", _("Practice"), title, str(obj))
                )
        return deleted, model_count, perms_needed, protected


class PublicationPermissionAdmin:
    """Without the publish permission, the status is read-only, the
    publish/archive/unpublish actions are not offered, and an old version that
    would change whether the practice is public cannot be restored."""

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly.append("status")
        return readonly

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        current = (
            self.model._default_manager.filter(pk=version.object_id)
            .values_list("status", flat=True)
            .first()
        )
        restored = version.field_dict.get("status")
        if not can_publish(request.user) and needs_publish_permission(
            current, restored
        ):
            raise PermissionDenied(
                _("Only editors may restore a version with another publication status.")
            )
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )
