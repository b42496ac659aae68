"""A practice page says what the source leaves unsaid instead of hiding it, and
its navigation aids read well with a screen reader."""

import re

import pytest
from django.conf import settings

from tests.factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NOT_STATED = "Not stated in the source"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html, heading_id):
    """The <section> labelled by the heading with this id."""
    match = re.search(
        rf'<section [^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S
    )
    assert match, heading_id
    return match.group(0)


def test_empty_sections_of_a_practice_say_not_stated_in_the_source(client):
    practice = PracticeFactory(
        description="",
        context="",
        transferability="",
        target_groups="",
        scope="",
        themes=[],
        challenges=[],
    )
    html = html_of(client, practice.get_absolute_url())
    for heading_id in (
        "description-title",
        "context-title",
        "transfer-title",
        "challenges-title",
    ):
        assert NOT_STATED in section(html, heading_id), heading_id
    facts = section(html, "facts-title")
    for label in ("Scope", "Target groups", "Themes"):
        fact = re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", facts, re.S)
        assert fact and NOT_STATED in fact.group(1), label


def test_stated_sections_show_the_text_and_not_the_placeholder(client):
    practice = PracticeFactory(
        description="What they did.",
        context="Where it happened.",
        transferability="What to watch.",
        target_groups="Young people",
        scope="national",
        themes=[ThemeFactory()],
    )
    html = html_of(client, practice.get_absolute_url())
    assert "What to watch." in section(html, "transfer-title")
    assert NOT_STATED not in section(html, "transfer-title")
    assert NOT_STATED not in section(html, "facts-title")


def test_the_fact_box_has_a_heading(client):
    html = html_of(client, PracticeFactory().get_absolute_url())
    facts = section(html, "facts-title")
    assert re.search(r'<h2 id="facts-title"[^>]*>[^<]+</h2>', facts)
    assert '<dl class="facts">' in facts


def test_breadcrumb_separators_are_hidden_from_assistive_technology(client):
    html = html_of(client, PracticeFactory().get_absolute_url())
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    # The text of the trail is its labels only: separators come from CSS ...
    text = re.sub(r"<[^>]+>", " ", crumbs).split()
    assert not {"\u203a", "/", ">", "\u00bb", "|"} & set(text)
    # ... with an empty alternative text, so they are not read aloud.
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    rule = re.search(r"\.breadcrumbs li \+ li::before \{([^}]*)\}", css).group(1)
    assert re.search(r'content:\s*"\u203a"\s*/\s*""', rule)


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/practices/", "Practices"),
        ("/practices/submit/", "Propose a practice"),
        ("/themes/", "Themes"),
        ("/countries/", "Countries"),
    ],
)
def test_exactly_one_navigation_item_is_current(client, url, current):
    html = html_of(client, url)
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    marked = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', nav)
    assert marked == [current]


def test_the_header_names_the_form_for_what_it_does(client):
    html = html_of(client, "/")
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert ">Propose a practice</a>" in nav
    assert "Share a practice" not in html
