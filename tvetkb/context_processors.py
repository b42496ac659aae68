from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import (
    get_language,
    get_language_from_path,
    gettext,
    gettext_noop,
)

from practices.open_data.licence import content_licence, curator_contact_email
from tvetkb.languages import offered_language, page_languages

# SITE_TAGLINE's text, for the catalogues.
gettext_noop("Innovation practices in technical and vocational education and training")


def site(request):
    """Site identity, the page's own address and its other languages, and which
    main section it belongs to (for the nav)."""
    try:
        # The page itself, without tracking or other query parameters.
        page_url = request.build_absolute_uri(request.path)
        absolute = request.build_absolute_uri
    except DisallowedHost:  # the 400 page for a request with a forged Host
        page_url = request.path
        absolute = None
    languages = page_languages(request)
    alternates = [
        {
            "code": link["code"],
            "url": absolute(link["page_address"]) if absolute else link["page_address"],
        }
        for link in languages
    ]
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": gettext(settings.SITE_TAGLINE),
        "page_url": page_url,
        "current_section": current_section(request),
        "content_licence": content_licence(),
        "curator_contact_email": curator_contact_email(),
        "page_languages": languages,
        "language_alternates": alternates,
        "offered_language": offered_language(request, languages),
        **open_graph_locales(languages),
    }


# OpenGraph names a language with its usual country (Facebook's list).
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "ar": "ar_AR"}


def open_graph_locales(languages):
    """og:locale of the page, and og:locale:alternate of its other languages."""
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "og_locale": OPEN_GRAPH_LOCALES.get(current, current),
        "og_locale_alternates": [
            OPEN_GRAPH_LOCALES.get(link["code"], link["code"])
            for link in languages
            if not link["current"]
        ],
    }


# Pages filed in the navigation under another item than their first path part.
SECTION_OF_URL_NAME = {
    "submit": "submit",
    "submit-thanks": "submit",
    "region-detail": "countries",
}


def current_section(request):
    """The one navigation item the page belongs to (marked aria-current): its
    first path part after the language prefix, unless filed elsewhere."""
    match = getattr(request, "resolver_match", None)
    if match and match.url_name in SECTION_OF_URL_NAME:
        return SECTION_OF_URL_NAME[match.url_name]
    parts = request.path.strip("/").split("/")
    if get_language_from_path(request.path):
        parts = parts[1:]
    return parts[0] if parts else ""
