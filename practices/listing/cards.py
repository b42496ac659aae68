"""What a practice card shows besides the practice's own columns: its countries,
institutions, themes and challenges, read for a whole list of cards in one
query.

Prefetching those relations builds a model instance and a related manager for
every link of every card, which cost more than the rest of a list page's
queries together; a card needs only their names."""

from dataclasses import dataclass, field
from functools import cache
from html import escape

from django.db import connections
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from practices.content_languages import (
    LocalizedText,
    content_language,
    lang_attribute,
    language_sql,
    localized_sql,
    shown_language,
)
from practices.listing.tables import (
    CHALLENGES,
    INSTITUTIONS,
    INVOLVEMENTS,
    PRACTICE_CHALLENGES,
    PRACTICE_COUNTRIES,
    PRACTICE_THEMES,
    PRACTICES,
    THEMES,
)
from practices.localized import country_name, sort_key
from practices.models import Involvement, Practice, card_fields
from tvetkb import prepared_statements

THEME, COUNTRY, INSTITUTION, CHALLENGE = 1, 2, 3, 4
# What some lists add to a card: a search's snippet, the institution's role on
# its page, why a practice suits a context. A card without them has them as
# None: a lookup the template engine cannot resolve makes it list every
# attribute of the practice (dir()), which cost a list page about 1 ms.
CARD_EXTRAS = ("search_snippet", "role_here", "match_reasons")


# Institutions a card names; more are "and others".
CARD_INSTITUTIONS = 3


@dataclass(frozen=True)
class CardInstitution:
    id: int
    name: str  # a LocalizedText: in the page's language or English
    role: str  # the Involvement.Role label, e.g. "Lead"


@dataclass
class CardDetails:
    """What a card shows besides the practice's columns, with what the
    template would otherwise work out for every card (its address, which
    texts are in another language than the page's): the cards were most of a
    list page's rendering."""

    countries: list = field(default_factory=list)  # names, by name
    institutions: list = field(default_factory=list)  # CardInstitution, as entered
    themes: list = field(default_factory=list)  # names, by name
    # short labels (the full statement where none), in the report's order
    challenges: list = field(default_factory=list)
    url: str = ""
    title: str = ""
    title_lang: str = ""  # the text_lang attributes of the title and summary
    summary_lang: str = ""
    location: str = ""  # the countries, else the scope, else "not stated"
    # The names as HTML, each in an element saying its language where it is
    # not the page's: written here once per card, as a template loop over
    # them cost most of a card's rendering.
    institution_names: str = ""  # the first few, then "and others"
    theme_tags: str = ""  # <li> elements
    challenge_tags: str = ""

    def role_of(self, institution_id):
        """The role label of the institution `institution_id`, "" if none."""
        return next((i.role for i in self.institutions if i.id == institution_id), "")


def _details_sql(count):
    """Names in the page's language (English where not translated), each with
    the language it is in; countries by code (named in Python, as the link
    holds the code, no join is needed)."""
    ids = ", ".join(["%s"] * count)
    return f"""
        SELECT l.practice_id, {THEME}, {localized_sql("t", "name")}, 0, 0, '',
            {language_sql("t", "name")}
        FROM {PRACTICE_THEMES} l
        JOIN {THEMES} t ON t.id = l.theme_id
        WHERE l.practice_id IN ({ids})
        UNION ALL
        SELECT l.practice_id, {COUNTRY}, l.country_id, 0, 0, '', ''
        FROM {PRACTICE_COUNTRIES} l
        WHERE l.practice_id IN ({ids})
        UNION ALL
        SELECT v.practice_id, {INSTITUTION}, {localized_sql("i", "name")}, v.id,
            v.institution_id, v.role, {language_sql("i", "name")}
        FROM {INVOLVEMENTS} v
        JOIN {INSTITUTIONS} i ON i.id = v.institution_id
        WHERE v.practice_id IN ({ids})
        UNION ALL
        SELECT l.practice_id, {CHALLENGE}, {localized_sql("h", "short_name", "name")},
            h.position, 0, '', {language_sql("h", "short_name", "name")}
        FROM {PRACTICE_CHALLENGES} l
        JOIN {CHALLENGES} h ON h.id = l.challenge_id
        WHERE l.practice_id IN ({ids})
        ORDER BY 1, 2, 4, 3"""


def card_rows(ids, snippet=None, using="default"):
    """The published practices `ids`, in that order, with the columns a card
    reads (card_fields) and, given a `snippet` (search.snippet_expression),
    its `raw_snippet`.

    One statement written here, read by raw(): building and compiling it
    with the ORM cost a list page more than running it (the page's ids are
    known already, so it needs no filter but theirs, and the status
    PracticeQuerySet.published filters on: one unpublished since the ids
    were read is left out)."""
    if not ids:
        return []
    select, params = card_select(PRACTICES), []
    if snippet is not None:
        select = f"{select}, ({snippet.sql}) AS raw_snippet"
        params = list(snippet.params)
    placeholders = ", ".join(["%s"] * len(ids))
    rows = Practice.objects.raw(
        f"SELECT {select} FROM {PRACTICES} "
        f"WHERE {PRACTICES}.status = %s AND {PRACTICES}.id IN ({placeholders})",
        [*params, Practice.Status.PUBLISHED, *ids],
    ).using(using)
    by_id = {practice.pk: practice for practice in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def card_select(alias, language=None):
    """The SELECT list of the practices table's columns a card reads on a
    page in `language` (default: the page's; see card_fields), in the row
    `alias`: what card_columns() selects, for statements written by hand."""
    columns = _card_column_names(content_language(language))
    return ", ".join(f'{alias}."{column}"' for column in columns)


@cache
def _card_column_names(language):
    names = {"id", *card_fields(language)}
    return [f.column for f in Practice._meta.concrete_fields if f.attname in names]


def with_card_details(practices):
    """`practices` as a list, each given `card_details` (a CardDetails)."""
    practices = list(practices)
    if not practices:
        return practices
    details = {practice.pk: CardDetails() for practice in practices}
    ids = list(details)
    roles = dict(Involvement.Role.choices)
    language = content_language()
    using = practices[0]._state.db or "default"
    with connections[using].cursor() as cursor:
        prepared_statements.execute(cursor, _details_sql(len(ids)), ids * 4)
        for row in cursor.fetchall():
            practice_id, kind, name, _, institution_id, role, lang = row
            card = details[practice_id]
            if kind != COUNTRY:
                name = LocalizedText(name, lang)
            if kind == THEME:
                card.themes.append(name)
            elif kind == COUNTRY:
                # Named in the page's language (the query gives the code).
                card.countries.append(country_name(name) or name)
            elif kind == CHALLENGE:
                card.challenges.append(name)
            else:
                card.institutions.append(
                    CardInstitution(institution_id, name, roles.get(role, role))
                )
    not_stated = gettext("Location not stated in the source")
    for practice in practices:
        card = practice.card_details = details[practice.pk]
        card.countries.sort(key=sort_key)
        card.url = practice.get_absolute_url()
        card.title = practice.title
        card.title_lang = lang_attribute(
            shown_language(practice, "title", language), language
        )
        card.summary_lang = lang_attribute(
            shown_language(practice, "summary", language), language
        )
        card.location = ", ".join(card.countries) or (
            practice.get_scope_display() if practice.scope else not_stated
        )
        card.institution_names = _institution_names(card.institutions, language)
        card.theme_tags = _names_html(card.themes, "li", "", language)
        card.challenge_tags = _names_html(card.challenges, "li", "", language)
        for name in CARD_EXTRAS:
            practice.__dict__.setdefault(name, None)
    return practices


def _names_html(names, element, separator, language):
    """`names` as HTML, each in `element` with the attributes saying its
    language where that is not the page's `language`."""
    attributes = {}
    parts = []
    for name in names:
        lang = name.lang
        if lang not in attributes:
            attributes[lang] = lang_attribute(lang, language)
        parts.append(f"<{element}{attributes[lang]}>{escape(name)}</{element}>")
    return mark_safe(separator.join(parts))


def _institution_names(institutions, language):
    shown = [i.name for i in institutions[:CARD_INSTITUTIONS]]
    names = _names_html(shown, "bdi", ", ", language)
    if len(institutions) > CARD_INSTITUTIONS:
        return format_html("{} {}", names, gettext("and others"))
    return names
