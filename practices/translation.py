"""The content texts written in English and translated into the site's other
languages (django-modeltranslation): each gets a column per language
(`title_en`, `title_fr`, ...). Reading `practice.title` gives the page's
language, or English where that field is not translated (see
practices/content_languages.py for the hand-written SQL and the `lang` of a
shown text)."""

from modeltranslation.translator import TranslationOptions, register

from practices.models import Challenge, Institution, Practice, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary")


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "context",
        "transferability",
        "target_groups",
    )


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "description")
