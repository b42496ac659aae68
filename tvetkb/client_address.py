"""The visitor's address, read one way for the whole site: the submission rate
limit, the sign-in lockout (django-axes) and anything else that counts visitors."""

from django.conf import settings


def client_address(request):
    """The one the trusted proxy recorded, if there is one (CLIENT_IP_HEADER),
    else the connection's."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if addresses := [a.strip() for a in forwarded.split(",") if a.strip()]:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")
