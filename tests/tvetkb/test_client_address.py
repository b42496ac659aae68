"""Per-visitor limits count an IPv6 visitor by their /64 network."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from practices.models import Practice
from tests.submissions.test_submissions import URL, valid_data
from tvetkb.client_address import address_bucket, client_address

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


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # A visitor's forged entry stands left of what the proxy appended.
        (1, "10.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "10.6.6.6, 203.0.113.9, 192.0.2.50", "203.0.113.9"),
        # Fewer entries than proxies: not through every proxy, not trusted.
        (2, "203.0.113.9", "192.0.2.1"),
        (0, "203.0.113.9", "192.0.2.1"),
    ],
)
def test_the_address_is_read_through_the_trusted_proxy_count(
    rf, settings, proxies, forwarded, address
):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == address
