"""Site-wide addresses that are not about the content: robots.txt, the health
check, and the not-found answer."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def page_not_found(request, exception):
    """404 as JSON under /api/ (what API clients parse), as a page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    # No links to this address in other languages: a page that does not exist
    # has no translations, and its address may name a draft's slug.
    request.without_other_languages = True
    return defaults.page_not_found(request, exception)


@never_cache
def healthz(request):
    """Liveness, database and cache check, for load balancers and monitoring.
    A cache that is down is reported but answers 200 (every page is still
    served, without the cache) unless HEALTHZ_REQUIRES_CACHE is on."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        database = "unavailable"
    else:
        database = "ok"
    cache_state = "ok" if getattr(cache, "ping", lambda: True)() else "down"
    healthy = database == "ok" and (
        cache_state == "ok" or not settings.HEALTHZ_REQUIRES_CACHE
    )
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": database,
            "cache": cache_state,
        },
        status=200 if healthy else 503,
    )
