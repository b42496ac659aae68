"""The visitor's address, read one way for the whole site: the submission rate
limit, the sign-in lockout (django-axes) and anything else that counts visitors."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The one the trusted proxy recorded, if there is one (CLIENT_IP_HEADER),
    else the connection's."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if addresses := [a.strip() for a in forwarded.split(",") if a.strip()]:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")


def address_bucket(address):
    """What a per-visitor limit counts: an IPv4 address, or the /64 network of
    an IPv6 one (a single connection is usually given a whole /64, so its
    addresses are one visitor)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
