"""Every practice page lets a visitor pass it on (address, email, plain share
links) and cite the source report with only the details the report gives."""

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from practices.open_data.citations import source_citation
from tests.factories import PracticeFactory, SourceFactory

pytestmark = pytest.mark.django_db

PAGE = "http://testserver/practices/dual-training/"


@pytest.fixture
def page_html(client):
    PracticeFactory(slug="dual-training", title="Dual training & more")
    response = client.get("/practices/dual-training/")
    assert response.status_code == 200
    return response.content.decode()


def share_block(html):
    match = re.search(
        r'<section aria-labelledby="share-title".*?</section>', html, re.S
    )
    assert match, "no share block"
    return match.group(0)


def test_the_page_has_a_share_block_with_its_address_in_a_read_only_field(
    page_html,
):
    block = share_block(page_html)
    assert '<h2 id="share-title">Share this practice</h2>' in block
    field = re.search(r'<input id="share-url"[^>]*>', block).group(0)
    assert "readonly" in field and f'value="{PAGE}"' in field
    assert re.search(r'<label for="share-url">[^<]+</label>', block)


def test_the_email_link_carries_the_title_and_the_address(page_html):
    block = share_block(page_html)
    href = unescape(re.search(r'href="(mailto:[^"]+)"', block).group(1))
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Dual training & more"]
    assert PAGE in query["body"][0]


def test_share_links_are_plain_addresses_with_no_third_party_script(page_html):
    block = share_block(page_html)
    links = [unescape(h) for h in re.findall(r'href="(https://[^"]+)"', block)]
    assert len(links) >= 3
    for link in links:
        assert PAGE in unquote(link), link
    # Nothing from another host is loaded: no script, frame or image from one.
    assert not re.search(r'<(script|iframe|img)[^>]+src="https?://', page_html)
    assert "<script" not in block


def test_the_source_report_is_cited_with_only_the_details_it_gives(client):
    report = SourceFactory(
        slug="report",
        title="Report of the 2019 Global Forum",
        publisher="UNESCO-UNEVOC International Centre for TVET",
        year=None,
        url="",
    )
    PracticeFactory(slug="cited", source=report)
    html = client.get("/practices/cited/").content.decode()
    cited = unescape(
        re.search(r'<p class="citation source-citation">(.*?)</p>', html, re.S)[1]
    )
    assert cited == (
        "UNESCO-UNEVOC International Centre for TVET. Report of the 2019 Global Forum."
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"publisher": "UNEVOC", "year": 2019, "url": "https://e.org/r"},
            "UNEVOC (2019). Title. https://e.org/r",
        ),
        ({"publisher": "", "year": 2019, "url": ""}, "(2019). Title."),
        ({"publisher": "", "year": None, "url": ""}, "Title."),
    ],
)
def test_the_source_citation_leaves_out_what_the_source_does_not_give(fields, expected):
    source = SourceFactory.build(title="Title", **fields)
    assert source_citation(source) == expected
    assert "None" not in source_citation(source)
