"""The checkboxes of a facet, rendered in Python: a list page shows up to a
hundred of them, and building each in the template language cost more than the
rest of the page's markup."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

CHECKED = mark_safe(" checked")  # a constant, not visitor input


@register.simple_tag
def facet_options(facet):
    """<li> items for the options of `facet` (a practices.facets.Facet)."""
    return format_html_join(
        "\n",
        '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3}>'
        ' <label for="f-{0}-{1}">{4} <span class="count">({5})</span></label></li>',
        (
            (
                facet.name,
                number,
                option.value,
                CHECKED if option.selected else "",
                option.label,
                option.count,
            )
            for number, option in enumerate(facet.options, 1)
        ),
    )
