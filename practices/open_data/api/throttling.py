"""The API is throttled per client, on the shared cache (Redis in production),
so every server process counts the same requests."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from tvetkb.client_address import address_bucket, client_address


class ClientRateThrottle(AnonRateThrottle):
    """At most API_RATE requests (e.g. "120/minute") per client: per address
    as the rest of the site reads it, an IPv6 client per /64 network. The API
    has no sign-in, so every caller is counted this way."""

    scope = "client"

    def get_rate(self):
        # Read at each request (DRF reads its rates once, at import).
        return settings.API_RATE or None

    def get_ident(self, request):
        return address_bucket(client_address(request))
