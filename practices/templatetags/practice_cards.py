"""A practice card, rendered in Python: list pages show twenty of them, and
building each in the template language was most of a list page's rendering
time. The markup is the one templates/includes/practice_cards.html documents."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

register = template.Library()

SUMMARY_WORDS = 45
INSTITUTIONS_SHOWN = 3


@register.simple_tag
def practice_card(practice):
    """One card. Expects countries, themes and involvements with their
    institutions prefetched (PracticeQuerySet.for_cards)."""
    countries = [country.name for country in practice.countries.all()]
    where = ", ".join(countries) or (
        practice.get_scope_display() if practice.scope else "International"
    )
    meta = [format_html("{}", where)]
    involvements = list(practice.involvements.all())
    if involvements:
        names = ", ".join(i.institution.name for i in involvements[:INSTITUTIONS_SHOWN])
        more = " and others" if len(involvements) > INSTITUTIONS_SHOWN else ""
        meta.append(format_html(" · {}{}", names, more))
    if role := getattr(practice, "role_here", ""):
        meta.append(format_html(" · <strong>{}</strong>", role))
    themes = list(practice.themes.all())
    tags = (
        format_html(
            '<ul class="tags" aria-label="Themes">{}</ul>',
            format_html_join("", "<li>{}</li>", ((t.name,) for t in themes)),
        )
        if themes
        else ""
    )
    return format_html(
        '<article class="card">\n'
        '  <h3 class="card__title"><a href="{}">{}</a></h3>\n'
        '  <p class="card__meta">{}</p>\n'
        '  <p class="card__summary">{}</p>\n'
        "  {}\n"
        "</article>",
        practice.get_absolute_url(),
        practice.title,
        format_html_join("", "{}", ((part,) for part in meta)),
        Truncator(practice.summary).words(SUMMARY_WORDS, truncate=" …"),
        tags,
    )
