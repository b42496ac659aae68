"""Who may make a practice public or take it down: the `publish_practice`
permission (held by the Editors group). Curators without it write drafts and
send them to review; the admin, its history and imports all ask here."""

from django.utils.translation import gettext_lazy as _

PUBLISH_PERMISSION = "practices.publish_practice"
# Moving into or out of these is publishing, archiving or unpublishing.
PUBLIC_FACING_STATUSES = {"published", "archived"}

NOT_ALLOWED_MESSAGE = _(
    "Only editors may publish, archive or unpublish a practice "
    "(status “%(old)s” → “%(new)s”)."
)


def can_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def needs_publish_permission(old_status, new_status):
    """Whether moving a practice from `old_status` (None: a new practice) to
    `new_status` is a publication decision."""
    if old_status == new_status:
        return False
    return bool({old_status, new_status} & PUBLIC_FACING_STATUSES)


def status_change_allowed(user, old_status, new_status):
    return can_publish(user) or not needs_publish_permission(old_status, new_status)
