"""The open data in the site's languages: the API, the CSV and the Atom feed
keep their English field names and addresses, and take `?lang=fr` (es, ar,
en) to give their texts in that language: each text translated into it, the
English original where it is not translated yet, and which language each
text is in. Without `lang` they answer exactly as they always have.

A `lang` that is not one of the site's languages, or given twice with
different values, is answered with 400 and a message listing the languages,
everywhere: a partner system never mistakes English for the language it
asked for. An empty `lang=` is the same as none."""

from contextlib import contextmanager

from django.http import HttpResponseBadRequest
from django.utils import translation

from practices.content_languages import (
    CONTENT_LANGUAGES,
    ORIGINAL_LANGUAGE,
    localized_text,
)

PARAMETER = "lang"
UNKNOWN_LANGUAGE = (
    "Give one of the site's languages: {}, or leave it out for English.".format(
        ", ".join(CONTENT_LANGUAGES)
    )
)
DESCRIPTION = (
    "The language of the texts: {}. Each text is given translated into it, or "
    "in its English original where it is not translated yet, and `languages` "
    "says which language each text is in. Country and region names and labels "
    "are always in that language. Field names and values such as slugs and "
    "codes do not change; page addresses (`url`) are those of the pages in "
    "that language. A search (`q`) also finds practices by their texts in that "
    "language, stemmed by its rules. Without it, texts are in English and "
    "`languages` is left out. Any other value is answered with 400."
).format(", ".join(CONTENT_LANGUAGES))


class UnknownLanguage(ValueError):
    def __init__(self):
        super().__init__(UNKNOWN_LANGUAGE)


def unknown_language_response(error):
    """The 400 of the CSV and the feed (the API answers in JSON)."""
    return HttpResponseBadRequest(
        f"{PARAMETER}: {error}\n", content_type="text/plain; charset=utf-8"
    )


def requested_language(query):
    """The language `query` (a QueryDict) asks for with `lang`, or None when it
    asks for none (absent or empty). Raises UnknownLanguage for anything
    else."""
    given = {value.strip().lower() for value in query.getlist(PARAMETER)} - {""}
    if not given:
        return None
    if len(given) > 1:
        raise UnknownLanguage
    (language,) = given
    if language not in CONTENT_LANGUAGES:
        raise UnknownLanguage
    return language


@contextmanager
def texts_in(language):
    """Translations, labels, country names and page addresses in `language`
    (None: English, as without `lang`)."""
    with translation.override(language or ORIGINAL_LANGUAGE):
        yield


def text_and_language(instance, field, language):
    """(text, the language it is in) of `instance.field` asked in
    `language`."""
    text = localized_text(instance, field, language)
    return str(text), text.lang
