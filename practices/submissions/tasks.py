"""Work done outside the request that triggers it (django.tasks, queued in the
database and run by `manage.py db_worker`)."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from practices.models import Practice
from practices.plain_text import single_line

logger = logging.getLogger(__name__)

# A failed notification is tried again after 1, 2, 4, ... minutes, this many
# times in all; the last failure stays in the task results for an administrator.
NOTIFY_ATTEMPTS = 6


def curator_addresses():
    members = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Curators")
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*settings.CURATOR_EMAILS, *members})


@task
def notify_curators_of_submission(practice_id, review_url, attempt=1):
    """Email the curators that a practice was submitted and waits for review."""
    practice = Practice.objects.select_related("submission").get(pk=practice_id)
    recipients = curator_addresses()
    if not recipients:
        return 0
    body = render_to_string(
        "emails/new_submission.txt", {"practice": practice, "review_url": review_url}
    )
    try:
        return send_mail(
            f"[tvetkb] New practice to review: {single_line(practice.title)}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except (OSError, smtplib.SMTPException):
        # OSError covers refused connections and timeouts (EMAIL_TIMEOUT).
        if attempt < NOTIFY_ATTEMPTS:
            retry_later(practice_id, review_url, attempt)
        raise


def retry_later(practice_id, review_url, attempt):
    delay = timedelta(minutes=2 ** (attempt - 1))
    logger.warning(
        "Telling curators of practice %s failed (attempt %d); retrying in %s.",
        practice_id,
        attempt,
        delay,
    )
    retry = notify_curators_of_submission
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + delay)
    retry.enqueue(practice_id, review_url, attempt + 1)
