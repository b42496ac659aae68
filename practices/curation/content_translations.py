"""Curators translate content in the admin: below each English text, its
French, Spanish and Arabic versions (plain fields, named e.g. "title [fr]"),
and a list filter finds the records lacking a translation in a language."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.content_languages import (
    ORIGINAL_LANGUAGE,
    TRANSLATION_LANGUAGES,
    column,
    translated_fields,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def english_columns(model):
    """The English columns: the original field is edited in their place."""
    return [column(field, ORIGINAL_LANGUAGE) for field in translated_fields(model)]


def translation_fieldsets(model):
    """A fieldset per language of the translated fields, for admins that
    declare their fieldsets."""
    return [
        (
            _("Translation: %(language)s") % {"language": LANGUAGE_NAMES[language]},
            {
                "fields": [
                    column(field, language) for field in translated_fields(model)
                ],
                "classes": ["collapse"],
            },
        )
        for language in TRANSLATION_LANGUAGES
    ]


def lacking_translation(model, language, fields=None):
    """A Q of the records with an English text in one of `fields` (default:
    every translated field) that has no translation into `language`."""
    missing = Q()
    for field in fields or translated_fields(model):
        english, translated = column(field, ORIGINAL_LANGUAGE), column(field, language)
        missing |= Q(**{f"{english}__gt": ""}) & (
            Q(**{f"{translated}__isnull": True}) | Q(**{translated: ""})
        )
    return missing


class LacksTranslationFilter(admin.SimpleListFilter):
    """The records a translator into a language still has to translate: a
    text with no translation into it (of `translation_filter_fields`, the
    admin's attribute; every translated field by default)."""

    title = _("lacks a translation in")
    parameter_name = "lacks_translation"

    def lookups(self, request, model_admin):
        return [(code, LANGUAGE_NAMES[code]) for code in TRANSLATION_LANGUAGES]

    def queryset(self, request, queryset):
        if self.value() not in TRANSLATION_LANGUAGES:
            return queryset
        fields = getattr(self, "fields", None)
        return queryset.filter(
            lacking_translation(queryset.model, self.value(), fields)
        )


class TranslatedContentAdmin(admin.ModelAdmin):
    """The English text in the original field, each translation in its own
    (the English column, which mirrors the original, is not shown twice)."""

    def get_exclude(self, request, obj=None):
        return [
            *(super().get_exclude(request, obj) or []),
            *english_columns(self.model),
        ]
