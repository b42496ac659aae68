"""The API is throttled per client on the shared cache."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_client_past_its_rate_gets_429(client, settings):
    settings.API_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/themes/").status_code == 200

    refused = client.get("/api/themes/")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_each_client_has_its_own_count(client, settings):
    settings.API_RATE = "2/minute"
    for _ in range(2):
        client.get("/api/themes/", REMOTE_ADDR="198.51.100.1")

    assert client.get("/api/themes/", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/api/themes/", REMOTE_ADDR="198.51.100.2").status_code == 200


def test_an_ipv6_client_is_counted_by_its_network(client, settings):
    settings.API_RATE = "2/minute"
    client.get("/api/themes/", REMOTE_ADDR="2001:db8:1:2::1")
    client.get("/api/themes/", REMOTE_ADDR="2001:db8:1:2::2")

    response = client.get("/api/themes/", REMOTE_ADDR="2001:db8:1:2::3")

    assert response.status_code == 429
