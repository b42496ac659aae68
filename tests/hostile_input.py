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
    # FTS5's own syntax (SQLite)
    "NEAR(innovation hub, 2)",
    "*",
    "innov*",
    "^innovation",
    "title:innovation",
    "{title summary}: innovation",
    "innovation AND",
    "NOT innovation",
    '"a" + "b"',
    "innovation)",
]
