from django.conf import settings
from django.core.exceptions import DisallowedHost


def site(request):
    """Site identity, the page's own address, and which main section it belongs
    to (for the nav)."""
    try:
        # The page itself, without tracking or other query parameters.
        page_url = request.build_absolute_uri(request.path)
    except DisallowedHost:  # the 400 page for a request with a forged Host
        page_url = request.path
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "page_url": page_url,
        "current_section": request.path.strip("/").split("/", 1)[0],
    }
