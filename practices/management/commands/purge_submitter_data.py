"""Blank submitters' names and emails older than SUBMISSION_RETENTION_DAYS, in
the submissions and in their revision history. Run it daily (README)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from practices.submissions.retention import purge_submitter_data


class Command(BaseCommand):
    help = (
        "Blank the names and emails of submitters older than "
        "SUBMISSION_RETENTION_DAYS, in submissions and in their revisions."
    )

    def handle(self, *args, **options):
        submissions, revisions = purge_submitter_data()
        self.stdout.write(
            f"Older than {settings.SUBMISSION_RETENTION_DAYS} days: blanked the "
            f"submitter of {submissions} submission(s) and {revisions} stored "
            "revision(s)."
        )
