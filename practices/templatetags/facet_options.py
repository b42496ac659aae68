"""The checkboxes of a facet, rendered with html.escape rather than
format_html_join: 8x faster for a list page's hundred options, the same markup
(measured by bench/facet_options.py)."""

from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from practices.content_languages import content_language
from practices.listing.estimates import about

register = template.Library()


@register.simple_tag
def facet_options(facet):
    """<li> items for the options of `facet` (a practices.listing.facets.Facet)."""
    name = escape(str(facet.name))
    page_language = content_language()
    return mark_safe(
        "\n".join(
            _option(name, number, option, page_language)
            for number, option in enumerate(facet.options, 1)
        )
    )


def _option(name, number, option, page_language):
    # html.escape is what Django's escape calls underneath, without its checks
    # for lazy and safe strings.
    checked = " checked" if option.selected else ""
    described_by = title = about = label_lang = ""
    # The language the label's content is read in: the page's, or that of
    # its description (shown by `title`) where that is not the page's.
    container_language = page_language
    if option.description:
        # A short label, with the full statement as its description: read by
        # screen readers after the label, shown to a mouse on hover.
        description = escape(str(option.description))
        described_by = f' aria-describedby="f-{name}-{number}-about"'
        title = f' title="{description}"'
        about_lang = ""
        # A description not translated into the page's language: English,
        # said so for the tooltip too (`lang` on the label names the language
        # of its `title`).
        description_language = getattr(option.description, "lang", page_language)
        if description_language != page_language:
            container_language = description_language
            label_lang = f' lang="{description_language}"'
            about_lang = f' lang="{description_language}" dir="auto"'
        about = (
            f'<span id="f-{name}-{number}-about" class="visually-hidden"'
            f"{about_lang}>{description}</span>"
        )
    label = escape(str(option.label))
    # A name in another language than the one around it (English where not
    # translated), said so.
    language = getattr(option.label, "lang", page_language)
    if language != container_language:
        label = f'<span lang="{language}" dir="auto">{label}</span>'
    return (
        f'<li><input type="checkbox" id="f-{name}-{number}" name="{name}" '
        f'value="{escape(str(option.value))}"{checked}{described_by}> '
        f'<label for="f-{name}-{number}"{label_lang}{title}>{label} '
        f'<span class="count">({_count(option.count)})</span></label>{about}</li>'
    )


def _count(number):
    """1,234 in English, 1 234 in French (see templatetags/numbers.py); the
    few numbers under 1,000 without a look-up of the format; "about 1,200"
    for an estimate."""
    if getattr(number, "is_estimate", False):
        return escape(about(number))
    number = int(number)
    return number if number < 1000 else number_format(number, force_grouping=True)
