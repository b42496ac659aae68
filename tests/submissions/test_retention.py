"""Submitters' names and emails have a lifetime: the form says so, and
`purge_submitter_data` blanks them after SUBMISSION_RETENTION_DAYS, in the
submissions and in their revision history."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from practices.models import Practice, Submission
from tests.submissions.test_submissions import URL, valid_data

pytestmark = pytest.mark.django_db


def test_the_form_says_what_is_kept_for_how_long_and_who_sees_it(client, settings):
    settings.SUBMISSION_RETENTION_DAYS = 90

    page = client.get(URL).content.decode()

    assert "Only our curators see them" in page
    assert "After 90 days, your name and email are erased" in page


def submit(client, title, name, email):
    data = valid_data(title=title)
    data.update(submitter_name=name, submitter_email=email)
    assert client.post(URL, data).status_code == 302
    return Submission.objects.get(practice__title=title)


def age(submission, days):
    """As if it had been submitted `days` ago, revision history included."""
    then = timezone.now() - timedelta(days=days)
    Submission.objects.filter(pk=submission.pk).update(created_at=then)
    versions = Version.objects.get_for_object(submission)
    for version in versions:
        version.revision.__class__.objects.filter(pk=version.revision_id).update(
            date_created=then
        )


def history_text():
    return " ".join(
        Version.objects.get_for_model(Submission).values_list(
            "serialized_data", flat=True
        )
    )


def test_old_submitters_are_blanked_in_rows_and_history(client, settings):
    settings.SUBMISSION_RETENTION_DAYS = 30
    old = submit(client, "Old practice", "Ada Oldname", "ada@old.example")
    new = submit(client, "New practice", "Bo Newname", "bo@new.example")
    age(old, 31)
    assert "Ada Oldname" in history_text()

    out = StringIO()
    call_command("purge_submitter_data", stdout=out)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.submitter_name, old.submitter_email) == ("", "")
    assert (new.submitter_name, new.submitter_email) == (
        "Bo Newname",
        "bo@new.example",
    )
    history = history_text()
    assert "Ada Oldname" not in history
    assert "ada@old.example" not in history
    assert "Bo Newname" in history
    # The practice and what it proposes stay.
    assert Practice.objects.filter(title="Old practice").exists()
    assert old.proposed_role == new.proposed_role
    assert "1 submission(s)" in out.getvalue()


def test_running_it_again_changes_nothing(client, settings):
    settings.SUBMISSION_RETENTION_DAYS = 30
    age(submit(client, "Old practice", "Ada Oldname", "ada@old.example"), 31)
    call_command("purge_submitter_data", stdout=StringIO())

    out = StringIO()
    call_command("purge_submitter_data", stdout=out)

    assert "0 submission(s) and 0 stored revision(s)" in out.getvalue()
