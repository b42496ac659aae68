"""Submitters' names and emails are kept SUBMISSION_RETENTION_DAYS days, then
blanked: in the submissions and in their revision history (django-reversion
keeps a copy of each saved Submission in its Version rows)."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from reversion.models import Version

from practices.models import Submission

PERSONAL_FIELDS = ("submitter_name", "submitter_email")


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.SUBMISSION_RETENTION_DAYS)


@transaction.atomic
def purge_submitter_data(now=None):
    """Blank the personal fields of submissions made before the retention
    cutoff, and of every stored revision of them (or of any submission saved
    before the cutoff). Returns (submissions, revisions) changed."""
    cutoff = retention_cutoff(now)
    expired = Submission.objects.filter(created_at__lt=cutoff)
    expired_ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    submissions = expired.exclude(submitter_name="", submitter_email="").update(
        submitter_name="", submitter_email=""
    )
    versions = Version.objects.filter(
        Q(object_id__in=expired_ids) | Q(revision__date_created__lt=cutoff),
        content_type=ContentType.objects.get_for_model(Submission),
    ).only("pk", "format", "serialized_data")
    revisions = 0
    for version in versions.iterator():
        blanked = _blanked(version)
        if blanked is not None:
            Version.objects.filter(pk=version.pk).update(serialized_data=blanked)
            revisions += 1
    return submissions, revisions


def _blanked(version):
    """The version's serialized data with the personal fields blank, or None
    when there is nothing to blank."""
    if version.format != "json":
        raise ValueError(f"Cannot rewrite a revision stored as {version.format}.")
    records = json.loads(version.serialized_data)
    changed = False
    for record in records:
        fields = record.get("fields", {})
        for name in PERSONAL_FIELDS:
            if fields.get(name):
                fields[name] = ""
                changed = True
    return json.dumps(records) if changed else None
