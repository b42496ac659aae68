"""The search languages: the text-search configuration of each of the site's
content languages on PostgreSQL, and the same Snowball stemming in Python for
SQLite, whose FTS5 tokenizer stems English only (porter).

A text is stemmed word by word, one stem per word, so a stemmed text has as
many words as the text: phrases keep their words in order."""

import re
import threading
import unicodedata

import snowballstemmer

from practices.content_languages import CONTENT_LANGUAGES, ORIGINAL_LANGUAGE

# PostgreSQL's text-search configuration of each content language (and the
# Snowball algorithm of the same name).
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}
assert set(SEARCH_CONFIGS) == set(CONTENT_LANGUAGES)

# The languages stemmed in Python for SQLite (English is FTS5's porter).
STEMMED_LANGUAGES = [code for code in CONTENT_LANGUAGES if code != ORIGINAL_LANGUAGE]

# Arabic short vowels and other marks, and the tatweel: not part of a word's
# letters (FTS5's unicode61 would read them as separators).
_ARABIC_MARKS = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640],
    None,
)
# A word as FTS5's unicode61 tokenizer reads one: letters and digits.
WORD = re.compile(r"[^\W_]+")


# A stemmer keeps state while it stems: one per thread and language.
_stemmers = threading.local()


def _stemmer(language):
    stemmers = _stemmers.__dict__.setdefault("by_language", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(SEARCH_CONFIGS[language])
    return stemmers[language]


def prepared(text):
    return unicodedata.normalize("NFC", text or "").translate(_ARABIC_MARKS)


def words(text):
    """[(start, end, word), ...] of `text` as FTS5 reads it."""
    text = prepared(text)
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def stem(language, word):
    return _stemmer(language).stemWord(word.lower())


def stemmed(language, text):
    """`text` with each word replaced by its stem in `language`, lower case."""
    if not text:
        return ""
    stemmer = _stemmer(language)
    return " ".join(
        stemmer.stemWords([w.lower() for w in WORD.findall(prepared(text))])
    )


def stemmed_for_sqlite(language, text):
    """stemmed(), as a function SQLite calls (the index's INSERT ... SELECT)."""
    return stemmed(language, text) if language in SEARCH_CONFIGS else ""
