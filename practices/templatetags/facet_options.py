"""The checkboxes of a facet, rendered in Python: a list page shows up to a
hundred of them, and building each in the template language, or with
format_html, cost more than the rest of the page's markup."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_options(facet):
    """<li> items for the options of `facet` (a practices.listing.facets.Facet)."""
    name = escape(str(facet.name))
    return mark_safe(
        "\n".join(
            _option(name, number, option)
            for number, option in enumerate(facet.options, 1)
        )
    )


def _option(name, number, option):
    # html.escape is what Django's escape calls underneath, without the checks
    # for lazy and safe strings that cost more than the escaping itself here.
    checked = " checked" if option.selected else ""
    return (
        f'<li><input type="checkbox" id="f-{name}-{number}" name="{name}" '
        f'value="{escape(str(option.value))}"{checked}> '
        f'<label for="f-{name}-{number}">{escape(str(option.label))} '
        f'<span class="count">({int(option.count)})</span></label></li>'
    )
