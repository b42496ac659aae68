"""Quoted table names for the listing's hand-written SQL (facets.py, cards.py),
taken from the models so a renamed table follows."""

from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    PublishedCount,
    SearchDocument,
    SearchWord,
    Theme,
)


def quoted(model):
    return f'"{model._meta.db_table}"'


THEMES = quoted(Theme)
CHALLENGES = quoted(Challenge)
COUNTRIES = quoted(Country)
INSTITUTIONS = quoted(Institution)
PRACTICES = quoted(Practice)
INVOLVEMENTS = quoted(Involvement)
PRACTICE_THEMES = quoted(Practice.themes.through)
PRACTICE_COUNTRIES = quoted(Practice.countries.through)
PRACTICE_CHALLENGES = quoted(Practice.challenges.through)
PUBLISHED_COUNTS = quoted(PublishedCount)
SEARCH_DOCUMENTS = quoted(SearchDocument)
SEARCH_WORDS = quoted(SearchWord)
