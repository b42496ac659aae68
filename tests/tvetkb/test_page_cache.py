"""Anonymous pages are served from the cache, and any change to the content
shows at once: in local memory and in Redis (when a Redis server answers)."""

import socket

import pytest
from django.core.cache import cache
from django.test import Client

from practices.models import Practice
from tests.factories import InstitutionFactory, PracticeFactory, ThemeFactory
from tests.redis_for_tests import redis_url_for_tests

pytestmark = pytest.mark.django_db

REDIS_URL = redis_url_for_tests()


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not redis_answers(), reason="no Redis server on 127.0.0.1:6379"
            ),
        ),
    ]
)
def page_cache(request, settings):
    """The page cache turned on, empty, in local memory or in Redis."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "tvetkb-tests",
            }
        }
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield request.param
    cache.clear()


def get(client, path, **kwargs):
    response = client.get(path, **kwargs)
    return response, response.get("X-Page-Cache")


@pytest.fixture
def practice():
    return PracticeFactory(
        title="Flatfish filleting school",
        themes=[ThemeFactory(name="Fisheries", slug="fisheries")],
        institutions=[InstitutionFactory(name="Harbour College")],
    )


PUBLIC_PAGES = [
    "/",
    "/practices/",
    "/practices/?q=flatfish",
    "/practices/?theme=fisheries",
    "/practices/map/?theme=fisheries",
    "/themes/fisheries/",
    "/api/practices/",
    "/practices.atom",
    "/practices/for-context/?theme=fisheries&learner=students&kind=company",
    "/api/practices/for-context/?theme=fisheries",
    "/practices/compare/?p=one&p=two",
]


def test_the_context_page_keeps_its_parameters_in_the_cache_key(
    page_cache, client, practice
):
    students, _ = get(
        client, "/practices/for-context/?theme=fisheries&learner=students"
    )
    adults, status = get(
        client, "/practices/for-context/?theme=fisheries&learner=adults"
    )
    assert status == "miss"
    assert b'value="students" id="context-learner-students" checked' in students.content
    assert b'value="adults" id="context-learner-adults" checked' in adults.content


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_second_visit_is_served_from_the_cache(page_cache, client, practice, path):
    first, first_status = get(client, path)
    second, second_status = get(client, path)
    assert (first_status, second_status) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cached_pages_keep_the_security_headers(page_cache, client, practice):
    first, _ = get(client, "/practices/")
    second, status = get(client, "/practices/")
    assert status == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
    ):
        assert second[header] == first[header]
    assert int(second["Content-Length"]) == len(second.content)


def test_an_edit_shows_at_once(page_cache, client, practice):
    get(client, practice.get_absolute_url())
    get(client, "/practices/")
    practice.title = "Flatfish filleting academy"
    practice.save()
    for path in (practice.get_absolute_url(), "/practices/"):
        response, status = get(client, path)
        assert status == "miss"
        assert "Flatfish filleting academy" in response.text


def test_an_edit_through_the_admin_shows_at_once(
    page_cache, staff_client, practice, change_form_data
):
    client = Client()  # a visitor, beside the curator
    get(client, "/practices/")
    change_url = f"/admin/practices/practice/{practice.pk}/change/"
    data = change_form_data(staff_client.get(change_url), title="Renamed by a curator")
    assert staff_client.post(change_url, data).status_code == 302
    response, status = get(client, "/practices/")
    assert status == "miss"
    assert "Renamed by a curator" in response.text


def test_unpublishing_hides_a_practice_at_once(page_cache, client, practice):
    url = practice.get_absolute_url()
    assert get(client, url)[0].status_code == 200
    get(client, "/practices/")
    practice.status = Practice.Status.ARCHIVED
    practice.save()
    assert client.get(url).status_code == 404
    assert practice.title not in client.get("/practices/").text


def test_publishing_shows_a_practice_at_once(page_cache, client, practice):
    draft = PracticeFactory(title="Solar welding draft", status="draft")
    assert "Solar welding draft" not in get(client, "/practices/")[0].text
    draft.status = Practice.Status.PUBLISHED
    draft.save()
    assert "Solar welding draft" in get(client, "/practices/")[0].text


def test_a_changed_link_shows_at_once(page_cache, client, practice):
    theme = ThemeFactory(name="Green skills", slug="green-skills")
    assert practice.title not in get(client, "/themes/green-skills/")[0].text
    practice.themes.add(theme)  # only a many-to-many change
    assert practice.title in get(client, "/themes/green-skills/")[0].text


def test_a_renamed_institution_shows_at_once(page_cache, client, practice):
    get(client, practice.get_absolute_url())
    institution = practice.institutions.get()
    institution.name = "Harbour Polytechnic"
    institution.save()
    assert "Harbour Polytechnic" in get(client, practice.get_absolute_url())[0].text


def test_a_deletion_shows_at_once(page_cache, client, practice):
    get(client, "/practices/")
    practice.delete()
    assert practice.title not in get(client, "/practices/")[0].text


def test_pages_are_fresh_once_a_transaction_commits(
    page_cache, client, practice, django_capture_on_commit_callbacks
):
    """A page rendered while an edit was being written is stored under the
    generation the edit started; the commit starts another one."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        practice.title = "Committed title"
        practice.save()
        get(client, "/practices/")  # rendered inside the transaction
    assert callbacks
    response, status = get(client, "/practices/")
    assert status == "miss"
    assert "Committed title" in response.text


def test_each_address_and_filter_has_its_own_entry(page_cache, client, practice):
    PracticeFactory(title="Welding for women")
    fisheries, _ = get(client, "/practices/?theme=fisheries")
    everything, status = get(client, "/practices/")
    assert status == "miss"
    assert "Welding for women" in everything.text
    assert "Welding for women" not in fisheries.text


def test_curators_always_get_a_fresh_page(page_cache, staff_client, practice):
    get(Client(), "/practices/")
    response, status = get(staff_client, "/practices/")
    assert status is None
    assert response.status_code == 200


def test_forms_errors_and_posts_are_not_cached(page_cache, client, practice):
    for path in ("/practices/submit/", "/practices/no-such-practice/", "/admin/"):
        get(client, path)
        assert get(client, path)[1] is None, path
    client.post("/practices/submit/", {})
    assert get(client, "/practices/submit/")[1] is None


def test_a_host_that_is_not_served_is_refused_not_cached(page_cache, practice):
    client = Client(headers={"host": "evil.example"})
    assert client.get("/practices/").status_code == 400
    assert client.get("/practices/").status_code == 400


def test_the_api_caches_per_accept_header(page_cache, client, practice):
    get(client, "/api/practices/", HTTP_ACCEPT="application/json")
    _, status = get(client, "/api/practices/", HTTP_ACCEPT="text/html")
    assert status != "hit"


def test_head_requests_are_answered_from_the_cache(page_cache, client, practice):
    get(client, "/practices/")
    response = client.head("/practices/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_it_works_after_the_cache_is_flushed(page_cache, client, practice):
    get(client, "/practices/")
    cache.clear()  # a Redis restart loses the generation too
    assert get(client, "/practices/")[1] == "miss"
    assert get(client, "/practices/")[1] == "hit"


def test_zero_seconds_turns_page_caching_off(page_cache, settings, client, practice):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, "/practices/")
    assert get(client, "/practices/")[1] is None


def wsgi_get(path, **headers):
    """A request straight to the WSGI application that servers run. As the
    test client does, the database connection is kept open across it (Django
    closes it when a request ends, which would end the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    from tvetkb.wsgi import application

    environ = RequestFactory().get(path, **headers).environ
    answer = {}

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, dict(response_headers)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        answer["body"] = b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


def test_the_wsgi_application_answers_stored_pages_before_django(
    page_cache, client, practice
):
    assert wsgi_get("/practices/")["headers"].get("X-Page-Cache") == "miss"
    stored = wsgi_get("/practices/")
    assert stored["status"] == "200 OK"
    assert stored["headers"]["X-Page-Cache"] == "hit"
    assert stored["headers"]["Content-Security-Policy"]
    assert int(stored["headers"]["Content-Length"]) == len(stored["body"])
    assert practice.title.encode() in stored["body"]

    practice.title = "Changed at once"
    practice.save()
    fresh = wsgi_get("/practices/")
    assert fresh["headers"].get("X-Page-Cache") == "miss"
    assert b"Changed at once" in fresh["body"]


def test_the_wsgi_application_sends_curators_and_posts_to_django(page_cache, practice):
    wsgi_get("/practices/")
    curator = wsgi_get("/practices/", HTTP_COOKIE="sessionid=abc")
    assert "X-Page-Cache" not in curator["headers"]
    assert wsgi_get("/practices/", HTTP_HOST="evil.example")["status"].startswith("400")


def test_junk_parameters_cannot_bust_the_cache(page_cache, client, practice):
    get(client, "/practices/?theme=fisheries&sort=title")
    for junk in ("utm_source=x", "cachebuster=123", "q2=a&zz=b"):
        path = f"/practices/?sort=title&{junk}&theme=fisheries"
        response, status = get(client, path)
        assert status == "hit", junk
        assert response.status_code == 200


def test_a_stored_page_links_only_to_allowed_parameters(page_cache, client):
    PracticeFactory.create_batch(25)
    response, status = get(client, "/practices/?evil=payload&theme=")
    assert status == "miss"
    assert "evil" not in response.text
    assert "page=2" in response.text


def test_pages_ignore_the_accept_header(page_cache, client, practice):
    get(client, "/practices/", HTTP_ACCEPT="text/html")
    _, status = get(client, "/practices/", HTTP_ACCEPT="*/*; junk=1")
    assert status == "hit"
