"""/about/: what the knowledge base is, where its content comes from, evidence
levels, how to propose a practice; the licence and the curators' address from
settings, also in the footer, the API root, the feed and JSON-LD."""

import json
import re

import pytest

from practices.models import Practice
from tests.factories import PracticeFactory, SourceFactory

pytestmark = pytest.mark.django_db

LICENCE = {
    "CONTENT_LICENCE_NAME": "CC BY-SA 4.0",
    "CONTENT_LICENCE_URL": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CURATOR_CONTACT_EMAIL": "curators@example.org",
}


@pytest.fixture
def licensed(settings):
    for name, value in LICENCE.items():
        setattr(settings, name, value)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_about_says_what_it_is_where_content_comes_from_and_how_to_propose(client):
    PracticeFactory(source=SourceFactory(title="Forum report"))
    html = html_of(client, "/about/")
    assert "<h1>About this knowledge base</h1>" in html
    for heading in (
        "What it is and is not",
        "Where the content comes from",
        "How inference is marked",
        "Evidence levels",
        "Propose a practice",
        "Licence and contact",
    ):
        assert f">{heading}</h" in html, heading
    assert "<cite>Forum report</cite>" in html
    assert "1 practice drawn from it" in html
    assert 'href="/practices/submit/"' in html
    assert "/api/" in html and "/practices.atom" in html


def test_about_defines_every_evidence_level(client):
    html = html_of(client, "/about/")
    for value, label in Practice.Evidence.choices:
        assert f"<dt>{label}</dt>" in html
        assert Practice.EVIDENCE_DEFINITIONS[value] in html


def test_about_is_linked_from_the_header_and_the_home_page(client):
    html = html_of(client, "/")
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/about/"' in nav
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    assert 'href="/about/"' in main
    about = html_of(client, "/about/")
    nav = re.search(r'<nav class="site-nav".*?</nav>', about, re.S).group(0)
    assert re.findall(r'aria-current="page"[^>]*>([^<]+)<', nav) == ["About"]


def test_without_a_licence_setting_the_site_says_none_is_stated(client, settings):
    settings.CONTENT_LICENCE_NAME = settings.CONTENT_LICENCE_URL = ""
    settings.CURATOR_CONTACT_EMAIL = ""
    html = html_of(client, "/about/")
    assert "No licence has been stated" in html
    assert "mailto:" not in html
    assert client.get("/api/").json()["license"] is None


@pytest.mark.usefixtures("licensed")
def test_the_licence_and_contact_are_on_about_and_in_the_footer(client):
    for url in ("/about/", "/"):
        html = html_of(client, url)
        footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
        assert (
            '<a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">'
            "CC BY-SA 4.0</a>" in footer
        )
        assert 'href="mailto:curators@example.org"' in footer
    assert 'href="mailto:curators@example.org"' in html_of(client, "/about/")


@pytest.mark.usefixtures("licensed")
def test_the_licence_is_in_the_api_root_the_feed_and_json_ld(client):
    root = client.get("/api/").json()
    assert root["license"] == {
        "name": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    assert root["contact"] == "curators@example.org"
    assert root["about"] == "http://testserver/about/"
    assert "practices" in root

    PracticeFactory(slug="licensed")
    feed = client.get("/practices.atom").content.decode()
    assert re.search(
        r"<rights>CC BY-SA 4.0 https://creativecommons[^<]+</rights>", feed
    )

    html = html_of(client, "/practices/licensed/")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
