"""The visitor's address, read one way for the whole site: the submission rate
limit, the sign-in lockout (django-axes) and anything else that counts visitors."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The visitor's address as the trusted proxies recorded it, if there are
    any (CLIENT_IP_HEADER, TRUSTED_PROXY_COUNT), else the connection's.

    Each proxy appends the address it was reached from, so with N trusted
    proxies the visitor's is the N-th entry from the right; what stands to its
    left came from the visitor and may be forged. A header with fewer entries
    did not pass through every proxy: the connection's address is used."""
    if settings.CLIENT_IP_HEADER and settings.TRUSTED_PROXY_COUNT > 0:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if len(addresses) >= settings.TRUSTED_PROXY_COUNT:
            return addresses[-settings.TRUSTED_PROXY_COUNT]
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
