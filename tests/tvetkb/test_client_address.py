"""Per-visitor limits count an IPv6 visitor by their /64 network."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from practices.models import Practice
from tests.submissions.test_submissions import URL, valid_data
from tvetkb.client_address import address_bucket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("not an address", "not an address"),
        ("", ""),
    ],
)
def test_address_bucket(address, bucket):
    assert address_bucket(address) == bucket


@override_settings(SUBMISSIONS_PER_HOUR=2)
def test_ipv6_visitor_cannot_escape_the_limit_by_changing_address(client):
    cache.clear()
    network = "2001:db8:5:6:"
    for n, title in enumerate(["One", "Two"], start=1):
        response = client.post(
            URL, valid_data(title=title), REMOTE_ADDR=f"{network}:{n}"
        )
        assert response.status_code == 302

    third = client.post(URL, valid_data(title="Three"), REMOTE_ADDR=f"{network}:99")
    other_network = client.post(
        URL, valid_data(title="Four"), REMOTE_ADDR="2001:db8:5:7::1"
    )

    assert third.status_code == 429
    assert other_network.status_code == 302
    assert Practice.objects.count() == 3
    cache.clear()
