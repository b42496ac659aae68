"""Search text that search engines' users, or attackers, type: shared by the
search tests and the bad-input tests of every page."""

SEARCH_OPERATORS = [
    '"unterminated',
    "foo & | ! bar",
    "a:*",
    "!!",
    "(((",
    "-",
    "OR OR",
    "site:example.org",
    "'; DROP TABLE practices_practice; --",
    "\\",
]
