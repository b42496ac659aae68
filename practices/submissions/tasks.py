"""Work done outside the request that triggers it (django.tasks)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from practices.models import Practice
from practices.plain_text import single_line


def curator_addresses():
    members = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Curators")
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*settings.CURATOR_EMAILS, *members})


@task
def notify_curators_of_submission(practice_id, review_url):
    """Email the curators that a practice was submitted and waits for review."""
    practice = Practice.objects.select_related("submission").get(pk=practice_id)
    recipients = curator_addresses()
    if not recipients:
        return 0
    body = render_to_string(
        "emails/new_submission.txt", {"practice": practice, "review_url": review_url}
    )
    return send_mail(
        f"[tvetkb] New practice to review: {single_line(practice.title)}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
