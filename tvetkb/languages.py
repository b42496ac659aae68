"""The page in each of the site's languages: the switcher's links, the
`hreflang` alternates, and the language a visitor's browser prefers (offered in
a link on English pages, never imposed by a redirect)."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)


def preferred_language(accept_language):
    """The first of our languages the Accept-Language header asks for, or ""
    when it asks for none of them. The page cache keys English pages on it."""
    for code, _quality in parse_accept_lang_header(accept_language or ""):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return ""


def page_languages(request):
    """The current page in every language, as the switcher and the alternates
    need it; an empty list for a page that exists in one language only (the
    API documentation, not-found pages)."""
    if getattr(request, "without_other_languages", False):
        return []
    current = get_language()
    path, query = request.get_full_path(), ""
    if "?" in path:
        path, query = path.split("?", 1)
        query = f"?{query}"
    urls = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    links = []
    for code, name in settings.LANGUAGES:
        address = _path_in(path, current, code, *urls) + query
        links.append(
            {
                "code": code,
                "name": name,
                "bidi": get_language_info(code)["bidi"],
                "address": address,
                # The alternates name the page itself, without its query.
                "page_address": address.split("?", 1)[0],
                "current": code == current,
            }
        )
    if len({link["address"] for link in links}) < len(links):
        return []
    return links


@lru_cache(maxsize=1024)
def _path_in(path, current, language, script_prefix, urlconf, root_urlconf):
    """The address of the page at `path` (read in the `current` language) in
    `language`. Every page names itself in each language, and translate_url
    resolves and reverses the address each time: the list, search and map
    pages keep their path whatever their query, so most are found here."""
    return translate_url(path, language)


@receiver(setting_changed)
def _forget_paths(**kwargs):
    # Languages or URL settings changed (in tests): translate again.
    _path_in.cache_clear()


def offered_language(request, languages):
    """The link to offer a visitor on an English page whose browser prefers
    another of our languages, or None."""
    if not languages or get_language() != settings.LANGUAGE_CODE:
        return None
    code = preferred_language(request.headers.get("accept-language"))
    if code in ("", settings.LANGUAGE_CODE):
        return None
    return next(link for link in languages if link["code"] == code)
