"""The licence of the knowledge base's content and the curators' address, as
the site's settings give them (CONTENT_LICENCE_NAME / _URL,
CURATOR_CONTACT_EMAIL): the same on every page, the API, the feed and JSON-LD."""

from django.conf import settings


def content_licence():
    """{"name", "url"} of the content's licence, or None when none is set."""
    if not (settings.CONTENT_LICENCE_NAME or settings.CONTENT_LICENCE_URL):
        return None
    return {
        "name": settings.CONTENT_LICENCE_NAME or settings.CONTENT_LICENCE_URL,
        "url": settings.CONTENT_LICENCE_URL,
    }


def curator_contact_email():
    return settings.CURATOR_CONTACT_EMAIL
