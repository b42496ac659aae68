"""The submission limits are counted atomically, before the form is read, per
address and for the whole site."""

import pytest
from django.test import Client, override_settings

from practices.models import Practice
from practices.submissions import services
from tests.submissions.test_submissions import URL, valid_data

pytestmark = pytest.mark.django_db


@override_settings(SUBMISSIONS_PER_HOUR=1)
def test_a_post_arriving_while_another_is_processed_is_counted(client, monkeypatch):
    """Two posts at the same moment: the second one arrives while the first
    is being stored, and must already see it counted."""
    submit = services.submit_practice
    seen = []

    def submit_while_another_arrives(form, review_url_for):
        if not seen:
            seen.append(Client().post(URL, valid_data(title="Second")).status_code)
        return submit(form, review_url_for)

    monkeypatch.setattr(services, "submit_practice", submit_while_another_arrives)

    first = client.post(URL, valid_data(title="First"))

    assert first.status_code == 302
    assert seen == [429]
    assert list(Practice.objects.values_list("title", flat=True)) == ["First"]


@override_settings(SUBMISSIONS_PER_HOUR=5, SUBMISSIONS_PER_HOUR_ALL=2)
def test_the_whole_site_has_an_hourly_cap(client):
    for n in (1, 2):
        response = client.post(
            URL, valid_data(title=f"Practice {n}"), REMOTE_ADDR=f"198.51.100.{n}"
        )
        assert response.status_code == 302

    third = client.post(URL, valid_data(title="Three"), REMOTE_ADDR="198.51.100.3")

    assert third.status_code == 429
    assert Practice.objects.count() == 2


@override_settings(SUBMISSIONS_PER_HOUR=1)
def test_a_form_sent_back_with_errors_does_not_count(client):
    invalid = client.post(URL, valid_data(title=""))
    assert invalid.status_code == 200

    assert client.post(URL, valid_data(title="Fixed")).status_code == 302
    assert client.post(URL, valid_data(title="Another")).status_code == 429
