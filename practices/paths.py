"""The addresses of records' pages (a practice, a theme, an institution...)
without a URL reversal for each: the address of a page of the kind is reversed
once per language, and each record's slug or code put in its place. A page
that links to forty records reverses a handful of addresses instead of forty.
The addresses of pages without arguments (the navigation's) are reversed once
per language too: page_path(), and `{% path %}` in templates.

Only values the patterns' converters take as they are (letters, digits,
hyphens and underscores: slugs and country codes) are put in; anything else
goes through reverse(), which checks and quotes it."""

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Stands for the record's value in the address reversed once: accepted by the
# slug and str converters, and found in no fixed part of an address.
SLOT = "zz"
PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=256)
def _around(url_name, language, script_prefix, urlconf, root_urlconf):
    """(before, after) the value in the address of `url_name`."""
    before, _slot, after = reverse(url_name, args=[SLOT]).rpartition(SLOT)
    return before, after


def record_path(url_name, value):
    """reverse(url_name, args=[value]), in the page's language."""
    value = str(value)
    if not PLAIN_VALUE.fullmatch(value):
        return reverse(url_name, args=[value])
    before, after = _around(
        url_name,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )
    return f"{before}{value}{after}"


@lru_cache(maxsize=256)
def _page(url_name, language, script_prefix, urlconf, root_urlconf):
    return reverse(url_name)


def page_path(url_name):
    """reverse(url_name), in the page's language."""
    return _page(
        url_name,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    # Languages, prefixes or URL settings changed (in tests): reverse again.
    _around.cache_clear()
    _page.cache_clear()
