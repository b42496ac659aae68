"""Whole-page caching of what anonymous visitors see, through Django's cache
framework (Redis when REDIS_URL is set, local memory otherwise).

Each stored page is tagged with the content generation it was rendered from.
Any change to the knowledge base starts a new generation (see signals.py), so
the next request renders afresh and a curator's edit shows at once, on every
server process that shares the cache. A request costs one cache round trip: the
generation and the page are read together.

Only what is the same for every anonymous visitor is stored: GET responses with
status 200, not streamed, that set no cookie and do not vary on cookies or
carry `Cache-Control: private/no-store/no-cache`. Requests with a session
cookie (curators), other methods and the admin always reach the views."""

import hashlib
import threading
import uuid
from contextlib import contextmanager
from functools import cache as computed_once
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.utils.cache import has_vary_header
from django.utils.http import split_header_value

from tvetkb.languages import preferred_language

GENERATION_KEY = "page-cache:generation"
SKIPPED_PATH_PREFIXES = ("/admin/", "/healthz")
UNCACHEABLE_CACHE_CONTROL = {"private", "no-store", "no-cache"}
# Response headers recomputed from the stored body, not stored.
PER_REQUEST_HEADERS = {"content-length"}
STATUS_HEADER = "X-Page-Cache"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _start_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed():
    """Make every stored page stale: now, and again once the current
    transaction commits (a page rendered from the old data while it was open
    would otherwise be stored under the new generation)."""
    if getattr(_one_change, "depth", 0):
        return
    _start_generation()
    transaction.on_commit(_start_generation)


# Per thread: how deep in `one_change()` blocks the code runs.
_one_change = threading.local()


@contextmanager
def one_change():
    """The changes made inside count as one: stored pages are made stale as
    the block starts and again once it ends (after its transaction), not for
    each row. An import of a thousand rows would otherwise start a thousand
    generations, and no page would be served from the cache while it runs.
    Pages rendered meanwhile by other processes show what was committed
    before the block, which is what the database holds until it ends."""
    if getattr(_one_change, "depth", 0):
        yield
        return
    content_changed()
    _one_change.depth = 1
    try:
        yield
    finally:
        _one_change.depth = 0
        content_changed()


def _current_generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First request after a cache flush or restart.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def current_generation():
    """The content generation now (one cache round trip), or None while the
    cache cannot be reached: for what else is kept per generation, such as
    the CSV of the whole base."""
    return _current_generation(cache.get_many([GENERATION_KEY]))


@computed_once
def allowed_parameters():
    """Every query parameter a public page or the API reads: the list
    filters, pagination, the facets' "show all", the sitemap's page, the
    context page's learner groups, the practices compared (`p`) and the
    language the open data is asked in (`lang`). Any
    other parameter changes nothing, so it is left out of the cache key and
    of the request the views see (a link on a stored page never carries it)."""
    from practices.listing.filters import InstitutionFilterSet, PracticeFilterSet

    return frozenset(
        {*PracticeFilterSet.base_filters, *InstitutionFilterSet.base_filters}
        | {"page", "all", "page_size", "format", "p", "learner", "lang"}
    )


def canonical_query(query_string):
    """The allowed parameters of a query string, sorted: `?b=2&a=1&utm=x`
    and `?a=1&b=2` are one page."""
    allowed = allowed_parameters()
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pair for pair in pairs if pair[0] in allowed))


def _path(environ):
    return environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")


def page_key(environ):
    """Scheme, Host header, path and the canonical query string, read from
    the WSGI environ so the wrapper and the middleware agree; under /api/ the
    Accept header too (the API's answer depends on it, a page's does not); and
    which of our languages the browser prefers (an English page offers it in a
    link). The page's own language is in its path."""
    address = "{}://{}{}?{}".format(
        _scheme(environ),
        environ.get("HTTP_HOST")
        or "{}:{}".format(environ.get("SERVER_NAME"), environ.get("SERVER_PORT")),
        _path(environ),
        canonical_query(environ.get("QUERY_STRING", "")),
    )
    accept = (
        environ.get("HTTP_ACCEPT", "") if _path(environ).startswith("/api/") else ""
    )
    preferred = preferred_language(environ.get("HTTP_ACCEPT_LANGUAGE"))
    digest = hashlib.sha256(f"{address}\n{accept}\n{preferred}".encode()).hexdigest()
    return f"page-cache:page:{digest}"


def _scheme(environ):
    """As HttpRequest.scheme: the proxy's header when one is trusted."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _cacheable_request(environ):
    path = _path(environ)
    return (
        environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in environ
        and not path.startswith(SKIPPED_PATH_PREFIXES)
        # Static files are whitenoise's, cached by browsers for a year.
        and not path.startswith(settings.STATIC_URL)
        and settings.SESSION_COOKIE_NAME
        not in parse_cookie(environ.get("HTTP_COOKIE", ""))
    )


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if has_vary_header(response, "Cookie") or has_vary_header(response, "*"):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in split_header_value(response.get("Cache-Control", ""))
    }
    return not cache_control & UNCACHEABLE_CACHE_CONTROL


def _stored(generation, response):
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_REQUEST_HEADERS
    ]
    return (generation, response.status_code, headers, response.content)


def _replayed(entry):
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    response[STATUS_HEADER] = "hit"
    return response


def _lookup(environ):
    """(key, generation, stored entry or None) for a cacheable request; None
    when the request must reach the views."""
    if not (enabled() and _cacheable_request(environ)):
        return None
    key = page_key(environ)
    found = cache.get_many([GENERATION_KEY, key])
    generation = _current_generation(found)
    entry = found.get(key)
    if entry is not None and entry[0] != generation:
        entry = None
    return key, generation, entry


class PageCacheMiddleware:
    """First in MIDDLEWARE, so a stored page carries the headers every other
    middleware added (security headers, CSP) and a hit skips their work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _lookup(request.META)
        if found is None:
            return self.get_response(request)
        key, generation, entry = found
        if entry is not None:
            return _replayed(entry)
        # The page is rendered from what its key says, nothing more.
        query = canonical_query(request.META.get("QUERY_STRING", ""))
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and _cacheable_response(response)
            and _host_is_served(request)
        ):
            cache.set(key, _stored(generation, response), settings.PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
        return response


def _host_is_served(request):
    # Only a page for a host in ALLOWED_HOSTS may be stored under its Host.
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class CachedPageApplication:
    """Wraps the WSGI application: a stored page is answered before Django
    builds its request and runs the middleware. The same lookup as the
    middleware, which stores the pages (and still answers hits under a server
    that does not use this wrapper, such as the test client)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        found = _lookup(environ)
        if found is None or found[2] is None:
            return self.application(environ, start_response)
        _, status, headers, content = found[2]
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [*headers, ("Content-Length", str(len(content))), (STATUS_HEADER, "hit")],
        )
        return [content]
