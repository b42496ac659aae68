"""The `lang` of a shown content text: `{% text_lang practice "title" %}` in
an element's start tag gives ` lang="en" dir="auto"` where the page shows the
English text of a field not translated into its language, and nothing where
the text is in the page's language. `{% text_lang name %}` does the same for a
LocalizedText (the names read by the listing's SQL)."""

from django import template
from django.utils.html import format_html

from practices.content_languages import content_language, shown_language

register = template.Library()


@register.simple_tag
def text_lang(text_or_record, field=None):
    if field is None:
        lang = getattr(text_or_record, "lang", None)
    else:
        lang = shown_language(text_or_record, field)
    if not lang or lang == content_language():
        return ""
    return format_html(' lang="{}" dir="auto"', lang)
