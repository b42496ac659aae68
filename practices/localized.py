"""Names in the page's language, and the order a reader of that language
expects them in."""

import unicodedata
from functools import cache, lru_cache

from django.utils import translation
from django_countries import countries


def sort_key(text):
    """Accents and case do not move a name: "Égypte" sorts among the E's, not
    after "Zimbabwe"."""
    return _sort_key(str(text))


# Names come from a small vocabulary (countries, themes, institutions) that
# pages sort again on every request: the map sorts every country twice.
@lru_cache(maxsize=8192)
def _sort_key(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_name(code, language=None):
    """A country's name in `language` (default: the active one), as
    django-countries gives it ("" for a code it does not know), from a table
    made once per language: pages that name every country (the map, the
    facets, the country list) and the search index look up hundreds."""
    return _country_names(language or translation.get_language()).get(code, "")


@cache
def _country_names(language):
    with translation.override(language):
        return {code: str(name) for code, name in countries}
