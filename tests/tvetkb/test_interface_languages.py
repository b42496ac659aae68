"""Every page type in French, Spanish and Arabic shows none of the interface's
English source strings (outside elements marked lang="en"): the home page with
its featured practices, lists, details with their share block, the map and
charts, About with its coverage, the regions, the forms and the error page."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)
from tests.tvetkb.test_catalogues import LOCALE, messages

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "content"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def is_address(value):
    return value.startswith(("http://", "https://", "/"))


class VisibleText(HTMLParser):
    """The text a person reads or hears, outside lang="en" elements, scripts
    and styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []

    def skipping(self):
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in {"script", "style"} or attrs.get("lang") == "en"
        if not (skip or self.skipping()):
            self.parts += [
                value
                for name, value in attrs.items()
                if name in READ_ATTRIBUTES and value and not is_address(value)
            ]
        if tag not in VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)

    def text(self):
        return " ".join(" ".join(self.parts).split())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.text()


def english_strings(language):
    """The catalogue's English sentences and words whose translation differs,
    without placeholders or markup."""
    found = []
    for entry in messages(LOCALE / language / "LC_MESSAGES" / "django.po"):
        msgid = entry["msgid"]
        if "%" in msgid or "<" in msgid or entry.get("msgstr") == msgid:
            continue
        found.append(msgid)
    return found


@pytest.fixture
def knowledge_base():
    theme = ThemeFactory(name="Zeta", slug="zeta", description="Lorem ipsum.")
    challenge = ChallengeFactory(name="Kappa", slug="kappa", summary="Dolor sit.")
    country = CountryFactory(code="SN")
    institution = InstitutionFactory(name="Lycée Kappa", slug="lycee", country=country)
    source = SourceFactory(title="Lorem", slug="lorem", publisher="Ipsum")
    practice = PracticeFactory(
        title="Xylo",
        slug="xylo",
        summary="Lorem ipsum dolor.",
        description="Sed do eiusmod.",
        source=source,
        source_section="Amet",
        themes=[theme],
        countries=[country],
        challenges=[challenge],
        institutions=[institution],
        featured_rank=1,
    )
    # What the coverage and the map count apart: a practice whose source
    # states no location, and a theme without any practice.
    PracticeFactory(title="Yotta", slug="yotta", source=source, themes=[theme])
    ThemeFactory(name="Omega", slug="omega", description="Consectetur.")
    # A second practice to compare with the first.
    PracticeFactory(
        title="Yodel",
        slug="yodel",
        summary="Consectetur.",
        source=source,
        themes=[theme],
        countries=[country],
        institutions=[institution],
    )
    return practice


PAGES = [
    "/practices/for-context/",
    "/practices/for-context/?country=SN&challenge=kappa&theme=zeta"
    "&learner=students&learner=women&kind=tvet-institution",
    "/practices/for-context/?region=africa&theme=zeta",
    "/practices/for-context/?challenge=nope&kind=company",
    "/practices/compare/?p=xylo&p=yodel",
    "/practices/compare/?p=xylo&p=nope",
    "/practices/compare/?p=a&p=b&p=c&p=d&p=e",
    "/",
    "/practices/",
    "/practices/?q=xylo&theme=zeta",
    "/practices/?q=qqqqzz&theme=zeta",
    "/practices/?evidence=nonsense",
    "/practices/xylo/",
    "/practices/map/",
    "/practices/map/?theme=zeta&country=SN",
    "/practices/map/?q=qqqqzz",
    "/about/",
    "/regions/africa/",
    "/regions/arab-states/",
    "/themes/",
    "/themes/zeta/",
    "/challenges/",
    "/challenges/kappa/",
    "/countries/",
    "/countries/SN/",
    "/institutions/",
    "/institutions/?q=nothing-here",
    "/institutions/lycee/",
    "/practices/submit/",
    "/practices/submit/thanks/",
    "/api/docs/",
    "/no-such-page/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_english_interface_string_on_a_translated_page(
    client, knowledge_base, language, path
):
    response = client.get(f"/{language}{path}")
    assert response.status_code in (200, 404)
    text = visible_text(response.content.decode())
    leftovers = [
        msgid
        for msgid in english_strings(language)
        if re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", text)
    ]
    assert leftovers == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_submission_form_with_errors_is_in_the_pages_language(
    client, knowledge_base, language
):
    response = client.post(f"/{language}/practices/submit/", {"title": "?"})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    leftovers = [
        msgid
        for msgid in english_strings(language)
        if re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", text)
    ]
    assert leftovers == []
    assert "This field is required." not in text


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ("/", 'id="featured-title"'),
        ("/practices/xylo/", 'id="share-title"'),
        ("/practices/map/", 'class="world-map'),
        ("/about/", 'id="coverage"'),
        ("/regions/africa/", 'href="/{language}/countries/SN/"'),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_checked_show_the_parts_they_are_checked_for(
    client, knowledge_base, language, path, part
):
    # Guards the test above: the featured practices, the share block, the
    # map, the coverage and a region's countries are on the pages it reads.
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert part.format(language=language) in response.content.decode()
