"""The fixtures say only what the forum report says: every passage they quote
is found, word for word, in the report."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The report's full text is kept beside the repository, in ../shared/seeds/.
REPORT = (
    Path(settings.BASE_DIR).resolve().parent
    / "shared"
    / "seeds"
    / "000_251ed3f4ba768655.txt"
)

# Typographic quotation marks (the right single one is also the apostrophe).
LSQUO, RSQUO, LDQUO, RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"
PLAIN_QUOTES = str.maketrans({LSQUO: "'", RSQUO: "'", LDQUO: '"', RDQUO: '"'})

# A quoted passage in single marks (the closing one not followed by a letter,
# so that an apostrophe inside, as in "today's", does not end it), in double
# typographic marks, or in straight double quotes.
QUOTED = re.compile(
    rf"(?<!\w){LSQUO}(?P<single>.+?){RSQUO}(?!\w)"
    rf"|{LDQUO}(?P<curly>.+?){RDQUO}"
    r'|(?<![\w\\])"(?P<straight>[^"]+?)"'
)


def normalised(text):
    """Whitespace collapsed, a word hyphenated across a line break joined,
    quotes and apostrophes plain, the elision mark […] as an ellipsis."""
    text = re.sub(r"(\w)-\s*\n\s*", r"\1-", text)
    text = text.replace("[\u2026]", "\u2026").translate(PLAIN_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def text_fields(value, path=""):
    """Every string in a fixture, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            key = item.get("slug", index) if isinstance(item, dict) else index
            yield from text_fields(item, f"{path}[{key}]")


def quoted_passages(text):
    for match in QUOTED.finditer(text):
        passage = next(group for group in match.groups() if group is not None)
        # A quotation ending a sentence keeps the report's final punctuation
        # outside or inside the marks; compare the words only.
        yield passage.strip().rstrip(".,;:")


def fixture_quotations():
    for path in sorted(FIXTURES.glob("*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))
        for where, text in text_fields(records, path.stem):
            for passage in quoted_passages(text):
                yield where, passage


def found_in(passage, report):
    passage = normalised(passage)
    # A quotation may start mid-sentence with a small letter the report
    # capitalises, or the other way round; every other letter must match.
    first, rest = passage[:1], passage[1:]
    return any(f"{case}{rest}" in report for case in {first.lower(), first.upper()})


def test_the_fixtures_quote_passages():
    # Guards the test below against a pattern that finds nothing.
    assert len(list(fixture_quotations())) >= 20


def test_every_passage_the_fixtures_quote_is_in_the_report_word_for_word():
    if not REPORT.exists():
        pytest.skip(f"The report's text is not beside the repository: {REPORT}")
    report = normalised(REPORT.read_text(encoding="utf-8"))
    missing = [
        f"{where}: {passage!r}"
        for where, passage in fixture_quotations()
        if not found_in(passage, report)
    ]
    assert not missing, "Quoted but not in the report:\n" + "\n".join(missing)


def typographic(text):
    """`text` with <' and '> for the single marks, <" and "> for the double
    ones, and a lone ' for the apostrophe, written typographically."""
    return (
        text.replace("<'", LSQUO)
        .replace("'>", RSQUO)
        .replace("'", RSQUO)
        .replace('<"', LDQUO)
        .replace('">', RDQUO)
    )


@pytest.mark.parametrize(
    "text, passages",
    [
        ("it said <'no one is left behind'>.", ["no one is left behind"]),
        (
            "<'today's learners no longer need classrooms'>",
            ["today's learners no longer need classrooms"],
        ),
        ("Wetsus' training and the school's <'16 courses'>", ["16 courses"]),
        ('a <"curly"> and a "straight" one', ["curly", "straight"]),
        ("no quotation at all, only an apostrophe's", []),
    ],
)
def test_quoted_passages_are_recognised(text, passages):
    found = list(quoted_passages(typographic(text)))
    assert found == [typographic(passage) for passage in passages]


def test_a_passage_not_in_the_report_is_caught():
    report = normalised("The Flatfish - developed by SENAI-\nCIMATEC, DFKI and Shell")
    assert found_in("developed by SENAI-CIMATEC, DFKI", report)
    assert not found_in("developed by SENAI-CIMATEC and Shell", report)
