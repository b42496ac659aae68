"""The `lang` of a shown content text: `{% text_lang practice "title" %}` in
an element's start tag gives ` lang="en" dir="auto"` where the page shows the
English text of a field not translated into its language, and nothing where
the text is in the page's language. `{% text_lang name %}` does the same for a
LocalizedText (the names read by the listing's SQL)."""

from django import template

from practices.content_languages import lang_attribute, shown_language

register = template.Library()


@register.simple_tag
def text_lang(text_or_record, field=None):
    if field is None:
        return lang_attribute(getattr(text_or_record, "lang", None))
    return lang_attribute(shown_language(text_or_record, field))
