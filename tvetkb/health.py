"""/healthz answered before the Host header is checked: load balancers probe
each server by its IP address, which is not (and should not be) one of
ALLOWED_HOSTS."""

from tvetkb.views import healthz

HEALTH_CHECK_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_CHECK_PATH and request.method in {
            "GET",
            "HEAD",
        }:
            return healthz(request)
        return self.get_response(request)
