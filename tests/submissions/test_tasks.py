"""Curators are told of a submission by a task queued in the database and run
by the worker: a slow or broken mail server never delays or fails the
visitor's request, and a failed notification is retried."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practices.models import Practice
from practices.submissions.tasks import NOTIFY_ATTEMPTS
from tests.submissions.test_submissions import URL, valid_data

# The worker closes its database connection after each task, as in production:
# the tests run outside a wrapping transaction so that is harmless.
# serialized_rollback brings back what the migrations created (the groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.CURATOR_EMAILS = ["editor@example.org"]
    cache.clear()
    yield
    cache.clear()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def submit(client, django_capture_on_commit_callbacks, title="Solar workshops"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(title=title))
    assert response.status_code == 302
    return Practice.objects.get(title=title)


def test_submission_is_answered_before_any_mail_is_sent(
    client, django_capture_on_commit_callbacks
):
    with mock.patch("practices.submissions.tasks.send_mail") as send_mail:
        practice = submit(client, django_capture_on_commit_callbacks)
        # The visitor has their answer; the mail waits in the queue.
        send_mail.assert_not_called()

    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert queued.args_kwargs["args"][0] == practice.pk

    run_worker()

    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert "Solar workshops" in mail.outbox[0].subject
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_hung_mail_server_does_not_fail_the_submission(
    client, django_capture_on_commit_callbacks
):
    with mock.patch(
        "practices.submissions.tasks.send_mail", side_effect=TimeoutError("timed out")
    ) as send_mail:
        practice = submit(client, django_capture_on_commit_callbacks)
        run_worker()

    assert send_mail.call_count == 1
    assert practice.status == Practice.Status.IN_REVIEW
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED"
    assert retry.status == "READY"
    assert retry.args_kwargs["args"] == [practice.pk, mock.ANY, 2]
    assert retry.run_after > timezone.now()


def test_notification_is_retried_until_the_mail_server_answers(
    client, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks)
    failures = mock.patch(
        "practices.submissions.tasks.send_mail",
        side_effect=smtplib.SMTPServerDisconnected("gone"),
    )
    with failures:
        run_worker()

    # The retry is due: the mail server is back.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()

    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_retries_stop_after_the_last_attempt(
    client, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks)
    with mock.patch(
        "practices.submissions.tasks.send_mail", side_effect=ConnectionRefusedError
    ):
        for _ in range(NOTIFY_ATTEMPTS + 2):
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            run_worker()

    assert DBTaskResult.objects.filter(status="FAILED").count() == NOTIFY_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_smtp_connections_have_a_timeout():
    import subprocess
    import sys

    from tests.tvetkb.test_settings import PROJECT_DIR, environment

    script = (
        "import django; django.setup(); from django.core import mail; "
        "print(mail.mailers['default'].timeout)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=environment(
            DEBUG="1",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_TIMEOUT="7",
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "7"
