"""When Redis is down, pages are still served (without the cache), submissions
and admin saves still work, the outage is logged once, and /healthz says so.
Nothing listens on 127.0.0.1:1: a Redis that is down."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from practices.models import Practice
from tests.factories import PracticeFactory
from tests.redis_for_tests import redis_url_for_tests
from tests.submissions.test_submissions import URL, valid_data
from tvetkb import cache as forgiving_cache

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"
REDIS_URL = redis_url_for_tests()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "tvetkb.cache.ForgivingRedisCache",
            "LOCATION": DOWN,
            "KEY_PREFIX": "tvetkb-tests",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    forgiving_cache._state["retry_at"] = 0.0
    yield
    forgiving_cache._state["retry_at"] = 0.0


@pytest.mark.parametrize(
    "path", ["/", "/practices/", "/practices/?q=welding", "/api/practices/"]
)
def test_pages_are_served_without_the_cache(redis_down, path):
    PracticeFactory(title="Welding for women")

    for _ in range(2):
        response = Client().get(path)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"


def test_the_outage_is_logged_once_not_per_request(redis_down, caplog, monkeypatch):
    monkeypatch.setattr(forgiving_cache, "RETRY_SECONDS", 0)
    with caplog.at_level(logging.WARNING, logger="tvetkb.cache"):
        for _ in range(3):
            assert Client().get("/practices/").status_code == 200

    assert len(caplog.records) == 1
    assert "cannot be reached" in caplog.records[0].getMessage()


def test_a_submission_still_goes_through(redis_down, client):
    response = client.post(URL, valid_data(title="Sent while Redis is down"))

    assert response.status_code == 302
    assert Practice.objects.filter(title="Sent while Redis is down").exists()


def test_a_curator_can_still_save(redis_down, curator_client):
    practice = PracticeFactory(title="Old title")
    practice.title = "New title"
    practice.save()  # the page cache's signal runs, and must not fail

    assert curator_client.get("/admin/").status_code == 200
    assert Practice.objects.get(pk=practice.pk).title == "New title"


def test_healthz_reports_the_cache_down_with_200_by_default(redis_down):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "down"


def test_healthz_fails_when_the_operator_asks_for_it(redis_down, settings):
    settings.HEALTHZ_REQUIRES_CACHE = True

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "down"


def test_the_cache_answers_like_an_empty_one(redis_down):
    assert cache.get("anything") is None
    assert cache.add("key", 1) is False
    assert cache.incr("counter") == 1


def test_pages_stored_before_an_outage_are_stale_once_it_ends(settings):
    """A practice archived while Redis was down must not come back from a
    page stored before the outage."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "tvetkb.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tvetkb-tests-outage",
        }
    }
    if not cache.ping():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    forgiving_cache._state["retry_at"] = 0.0
    cache.clear()
    PracticeFactory(title="Soon archived")
    Client().get("/practices/")
    assert Client().get("/practices/")["X-Page-Cache"] == "hit"

    # An outage during which the content changes: Redis is not told (an
    # update() sends no signal, as a save during the outage reaches no Redis).
    forgiving_cache._state["retry_at"] = float("inf")
    Practice.objects.update(status=Practice.Status.ARCHIVED)
    forgiving_cache._state["retry_at"] = 1.0  # the time to try again has come

    response = Client().get("/practices/")

    assert "Soon archived" not in response.text
    cache.clear()
    forgiving_cache._state["retry_at"] = 0.0
