"""What tests that work through the admin share."""

from django.urls import reverse

from practices.models import Involvement


def admin_url(name, *args):
    """The address of an admin page of `practices`, e.g. ("practice_change", pk)."""
    return reverse(f"admin:practices_{name}", args=args)


def links_of(practice):
    """The practice's institution links as stored: [(institution slug, role)]."""
    return sorted(
        (i.institution.slug, i.role)
        for i in Involvement.objects.filter(practice=practice).select_related(
            "institution"
        )
    )
