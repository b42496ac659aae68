"""Counts as a reader of the page's language writes them: `{{ n|grouped }}`
gives 1,234 in English, 1 234 in French and Spanish (a no-break space), and
1234 in Arabic (Django's Arabic format groups no digits; the site writes
Western digits in every language). An estimate (practices.listing.estimates)
is written "about 16,000"."""

from django import template
from django.utils.formats import number_format

from practices.listing.estimates import about

register = template.Library()


@register.filter
def grouped(value):
    if getattr(value, "is_estimate", False):
        return about(value)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    # Below a thousand no language groups digits: the map writes hundreds of
    # such counts, and number_format reads the language's formats each time.
    if -1000 < number < 1000:
        return str(number)
    return number_format(number, force_grouping=True)
