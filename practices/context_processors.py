from django.conf import settings


def site(request):
    """Site identity, and which main section the page belongs to (for the nav)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "current_section": request.path.strip("/").split("/", 1)[0],
    }
