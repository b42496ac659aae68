"""Two submissions with the same title at the same moment both succeed, with
distinct slugs; finding a free slug is one query however many are taken."""

import threading

import pytest
from django.db import connection
from django.test import Client

from practices.models import Practice
from practices.submissions import services
from tests.factories import PracticeFactory
from tests.submissions.test_submissions import URL, valid_data

pytestmark = pytest.mark.django_db


def test_finding_a_free_slug_is_one_query(django_assert_num_queries):
    PracticeFactory(slug="welding")
    for n in range(2, 12):
        PracticeFactory(slug=f"welding-{n}")
    PracticeFactory(slug="welding-school")  # not a numbered form

    with django_assert_num_queries(1):
        assert services.unique_slug("Welding") == "welding-12"


def test_a_slug_taken_between_reading_and_saving_is_not_an_error(client, monkeypatch):
    """What a submission of the same title at the same moment does: the slug
    read as free is taken by the time this one is saved."""
    PracticeFactory(title="Welding", slug="welding")
    read = services.unique_slug
    stale = iter(["welding"])
    monkeypatch.setattr(
        services, "unique_slug", lambda title: next(stale, None) or read(title)
    )

    response = client.post(URL, valid_data(title="Welding"))

    assert response.status_code == 302
    assert set(Practice.objects.values_list("slug", flat=True)) == {
        "welding",
        "welding-2",
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time",
)
@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_title_at_once_both_succeed(monkeypatch):
    both_have_read = threading.Barrier(2, timeout=10)
    read = services.unique_slug
    first_read = threading.local()

    def read_then_wait(title):
        slug = read(title)
        if not getattr(first_read, "done", False):
            first_read.done = True
            both_have_read.wait()  # both chose the same slug
        return slug

    monkeypatch.setattr(services, "unique_slug", read_then_wait)
    statuses = []

    def submit():
        try:
            statuses.append(Client().post(URL, valid_data(title="Same")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302, 302]
    assert sorted(Practice.objects.values_list("slug", flat=True)) == [
        "same",
        "same-2",
    ]
