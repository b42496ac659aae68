from django.conf import settings
from django.core.exceptions import DisallowedHost

from practices.open_data.licence import content_licence, curator_contact_email


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
        "current_section": current_section(request),
        "content_licence": content_licence(),
        "curator_contact_email": curator_contact_email(),
    }


# Pages filed in the navigation under another item than their first path part.
SECTION_OF_URL_NAME = {
    "submit": "submit",
    "submit-thanks": "submit",
    "region-detail": "countries",
}


def current_section(request):
    """The one navigation item the page belongs to (marked aria-current)."""
    match = getattr(request, "resolver_match", None)
    if match and match.url_name in SECTION_OF_URL_NAME:
        return SECTION_OF_URL_NAME[match.url_name]
    return request.path.strip("/").split("/", 1)[0]
