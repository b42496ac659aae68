"""Content in the page's language: a text translated into it is shown as
translated, one not translated yet is shown in English (its original), field by
field, and the page says which language each shown text is in.

The models' translated fields (practices/translation.py) do this on instances;
this module does it for expressions and hand-written SQL, and tells which
language a shown text is in, for its `lang` attribute."""

from django.conf import settings
from django.db import models
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.translator import translator

# The language content is written in; every other is a translation of it.
ORIGINAL_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
CONTENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATION_LANGUAGES = [c for c in CONTENT_LANGUAGES if c != ORIGINAL_LANGUAGE]


class LocalizedText(str):
    """A text that knows its language (`lang`): a name read by hand-written
    SQL, in the page's language or, not translated yet, in English."""

    lang = ORIGINAL_LANGUAGE

    def __new__(cls, text, lang=ORIGINAL_LANGUAGE):
        value = super().__new__(cls, text)
        value.lang = lang or ORIGINAL_LANGUAGE
        return value

    @property
    def lang_attribute(self):
        """` lang="en" dir="auto"` where the page is in another language."""
        return lang_attribute(self.lang)


def content_language(language=None):
    """The language content is asked in: `language`, or the page's, if it is
    one of the site's; English otherwise."""
    language = (language or get_language() or ORIGINAL_LANGUAGE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else ORIGINAL_LANGUAGE


def lang_attribute(lang, language=None):
    """The attributes of an element showing a text in `lang` on a page in
    `language` (default: the page's): ` lang="en" dir="auto"` where the two
    differ, nothing where they do not."""
    if not lang or lang == content_language(language):
        return ""
    return _LANG_ATTRIBUTES.get(lang) or format_html(' lang="{}" dir="auto"', lang)


_LANG_ATTRIBUTES = {
    lang: format_html(' lang="{}" dir="auto"', lang) for lang in CONTENT_LANGUAGES
}


def column(field, language):
    return f"{field}_{language}"


def translated_fields(model):
    """The names of `model`'s translated fields (() if none)."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except Exception:  # NotRegistered: the model has no translated field
        return ()


def shown_language(instance, field, language=None):
    """The language `instance.field` is shown in on a page in `language`
    (default: the page's): that language if the field is translated into it,
    English otherwise."""
    language = content_language(language)
    if language != ORIGINAL_LANGUAGE and getattr(instance, column(field, language)):
        return language
    # The original text: English, unless the record says it was written in
    # another language (a practice submitted from a French page).
    return getattr(instance, "original_language", None) or ORIGINAL_LANGUAGE


def localized_text(instance, field, language=None):
    """`instance.field` in `language` (default: the page's), English where not
    translated, as a LocalizedText."""
    language = content_language(language)
    if language != ORIGINAL_LANGUAGE and (
        text := getattr(instance, column(field, language))
    ):
        return LocalizedText(text, language)
    original = getattr(instance, column(field, ORIGINAL_LANGUAGE)) or ""
    return LocalizedText(original, shown_language(instance, field, ORIGINAL_LANGUAGE))


def localized(field, language=None):
    """An expression: `field` in `language` (default: the page's), English
    where not translated; for annotate() and order_by()."""
    language = content_language(language)
    text = TextField()
    english = Coalesce(
        F(column(field, ORIGINAL_LANGUAGE)), Value(""), output_field=text
    )
    if language == ORIGINAL_LANGUAGE:
        return english
    translated = NullIf(F(column(field, language)), Value(""), output_field=text)
    return Coalesce(translated, english, output_field=text)


def localized_sql(alias, *fields, language=None):
    """SQL reading the first of `fields` (e.g. "short_name", "name") that is
    translated into `language` (default: the page's) in the row `alias`, and
    the English ones where none is."""
    language = content_language(language)
    languages = dict.fromkeys([language, ORIGINAL_LANGUAGE])
    columns = [
        f"NULLIF({alias}.{column(field, lang)}, '')"
        for lang in languages
        for field in fields
    ]
    return f"COALESCE({', '.join(columns)}, '')"


def language_sql(alias, *fields, language=None):
    """SQL naming the language `localized_sql(alias, *fields)` reads."""
    language = content_language(language)
    if language == ORIGINAL_LANGUAGE:
        return f"'{ORIGINAL_LANGUAGE}'"
    translated = " OR ".join(
        f"COALESCE({alias}.{column(field, language)}, '') <> ''" for field in fields
    )
    return f"CASE WHEN {translated} THEN '{language}' ELSE '{ORIGINAL_LANGUAGE}' END"


class TranslatedContent:
    """For models with translated fields: which language each shown text is
    in, and whether the page shows a translation."""

    @property
    def text_languages(self):
        """{field: language it is shown in}, for templates' `lang`."""
        return {
            field: shown_language(self, field)
            for field in translated_fields(type(self))
        }

    @property
    def shows_translation(self):
        """Whether a text is shown translated into the page's language."""
        language = content_language()
        return language != ORIGINAL_LANGUAGE and any(
            lang == language for lang in self.text_languages.values()
        )

    @property
    def shows_original(self):
        """Whether a non-empty text is shown in English on another language's
        page (not translated yet)."""
        language = content_language()
        return language != ORIGINAL_LANGUAGE and any(
            lang == ORIGINAL_LANGUAGE and getattr(self, column(field, lang))
            for field, lang in self.text_languages.items()
        )

    def clean_fields(self, exclude=None):
        # The English column mirrors the original field, validated already:
        # one error per field, named as the field.
        english = {
            column(field, ORIGINAL_LANGUAGE) for field in translated_fields(type(self))
        }
        super().clean_fields(exclude={*(exclude or ()), *english})

    def save(self, *args, **kwargs):
        # On a French page `title` reads the French text; the original column
        # keeps the English one, which hand-written SQL may still read.
        with translation.override(ORIGINAL_LANGUAGE):
            super().save(*args, **kwargs)


def localized_ordering(model, ordering=None):
    """`ordering` (default: the model's) for order_by(), translated fields
    read in the page's language, English where not translated (modeltranslation
    would order by the page language's column alone, untranslated rows
    first or last)."""
    fields = translated_fields(model)
    result = []
    for name in model._meta.ordering if ordering is None else ordering:
        descending = isinstance(name, str) and name.startswith("-")
        bare = name[1:] if descending else name
        if bare in fields:
            expression = localized(bare)
            name = expression.desc() if descending else expression.asc()
        result.append(name)
    return result


class EnglishOriginalQuerySet(models.QuerySet):
    """update() of a translated field writes the page language's column, as
    modeltranslation does, and, for English, the original column too (as
    save does), for the SQL that reads it."""

    def update(self, **kwargs):
        fields = translated_fields(self.model)
        if not fields or not getattr(self, "_rewrite", False):
            return super().update(**kwargs)
        language = content_language()
        values = {}
        for name, value in kwargs.items():
            base, _, suffix = name.rpartition("_")
            if name in fields:
                values[column(name, language)] = value
                if language == ORIGINAL_LANGUAGE:
                    values[name] = value
            else:
                values[name] = value
                if suffix == ORIGINAL_LANGUAGE and base in fields:
                    values.setdefault(base, value)
        return self.rewrite(False).update(**values)
