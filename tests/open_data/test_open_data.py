"""Open data and machine-readable surfaces: the CSV of the practice list,
citations (plain text, BibTeX, RIS), the Atom feed, the sitemap, robots.txt,
and the JSON-LD and social meta of the pages."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import Institution, Practice
from practices.open_data.exports import COLUMNS
from practices.open_data.sitemaps import PracticeSitemap
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)
from tests.open_data.sitemap_pages import sitemap_addresses, sitemap_entries
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CARD_LINK = re.compile(r'<h3 class="card__title"><a href="/practices/([^/"]+)/">')
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


# Helpers ---------------------------------------------------------------------


def get_ok(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def csv_rows(response):
    """The CSV's rows (header first), checking the BOM on the way."""
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark"
    text = body.decode("utf-8")[1:]
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_slugs(client, query=""):
    rows = csv_rows(get_ok(client, f"/practices.csv?{query}"))
    assert rows[0] == COLUMNS
    return [row[0] for row in rows[1:]]


def list_slugs(client, query=""):
    """Every practice the list links to for `query`, walking all its pages."""
    slugs, number = [], 1
    while True:
        params = QueryDict(query, mutable=True)
        params["page"] = str(number)
        html = get_ok(client, f"/practices/?{params.urlencode()}").content.decode()
        slugs += CARD_LINK.findall(html)
        if 'rel="next"' not in html:
            break
        number += 1
    total = re.search(r'<h2 id="results-title"[^>]*>\s*(\d+) practices?', html)
    assert int(total.group(1)) == len(slugs), "the count disagrees with the cards"
    return slugs


def csv_link(client, query):
    html = get_ok(client, f"/practices/?{query}").content.decode()
    match = re.search(r'<p class="downloads"><a href="([^"]*)"', html)
    assert match, "the list does not link to the CSV"
    return unescape(match.group(1))


def meta(html, key):
    """The content of <meta property|name="key">, unescaped; None if absent."""
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html
    )
    return unescape(match.group(1)) if match else None


def json_ld(html):
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1, f"{len(blocks)} JSON-LD blocks"
    assert html.count('type="application/ld+json"') == 1
    return json.loads(blocks[0])


def parse_bibtex(text):
    """Fields of a single BibTeX entry, read as BibTeX reads them: a braced
    value ends at the brace that balances its opening one, and every brace
    counts, escaped with a backslash or not (BibTeX has no escape for braces)."""
    head = re.compile(r"\s*@(\w+)\{([^,\s{}]+),").match(text)
    assert head, "no @type{key, at the start"
    field = re.compile(r"\s*(\w+)\s*=\s*\{")
    pos, fields = head.end(), {}
    while True:
        rest = text[pos:].lstrip()
        assert rest, "the entry never closes: a brace in a value is unbalanced"
        if rest.startswith("}"):
            assert rest[1:].strip() == "", f"text after the entry: {rest[1:]!r}"
            return fields
        match = field.match(text, pos)
        assert match, f"not a field at {text[pos : pos + 40]!r}"
        depth, i = 1, match.end()
        while depth:
            assert i < len(text), "braces never balance: the entry runs off the end"
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        fields[match.group(1).lower()] = text[match.end() : i - 1]
        pos = i
        after = text[pos:].lstrip()
        if after.startswith(","):
            pos = len(text) - len(after) + 1


def bibtex_unescape(value):
    for command, char in [
        (r"\textbackslash{}", "\\"),
        (r"\textasciitilde{}", "~"),
        (r"\textasciicircum{}", "^"),
        (r"\textbraceleft{}", "{"),
        (r"\textbraceright{}", "}"),
    ]:
        value = value.replace(command, char)
    return re.sub(r"\\([{}%&$#_])", r"\1", value)


# Fixtures --------------------------------------------------------------------


@pytest.fixture
def cited():
    """A published practice with a source, a section and an institution."""
    country = CountryFactory(code="ID")
    institution = InstitutionFactory(
        slug="atmi", name="Polytechnic ATMI Surakarta", country=country
    )
    return PracticeFactory(
        slug="greening-communities",
        title="Greening communities",
        summary="Youth green the institution's processes.\nA second line.",
        themes=[ThemeFactory(slug="greening", name="Greening")],
        countries=[country],
        institutions=[institution],
        source=SourceFactory(),
        source_section="The Marketplace — Awareness of sustainability",
    )


@pytest.fixture
def draft():
    return PracticeFactory(
        slug="secret-draft", title="Secret draft", status=Practice.Status.DRAFT
    )


# The CSV and the list --------------------------------------------------------

PUBLISHED_COUNT = 45  # more than two pages of 20


def make_catalogue():
    """45 published practices spread over every facet, and unpublished ones
    matching every filter."""
    today = timezone.localdate()
    now = timezone.now()
    greening = ThemeFactory(slug="greening", name="Greening")
    digital = ThemeFactory(slug="digital", name="Digital skills")
    data_gaps = ChallengeFactory(slug="data-gaps", name="Data gaps")
    funding = ChallengeFactory(slug="funding", name="Funding")
    countries = {code: CountryFactory(code=code) for code in ["DE", "BR", "ZA", "SG"]}
    college = InstitutionFactory(
        slug="college", name="Hamburg College", country=countries["DE"]
    )
    agency = InstitutionFactory(
        slug="agency",
        name="Brazil Agency",
        kind=Institution.Kind.GOVERNMENT,
        country=countries["BR"],
    )
    evidence = Practice.Evidence.values
    verified = [None, today - timedelta(days=10), today - timedelta(days=800)]
    for i in range(PUBLISHED_COUNT):
        word = ["Solar", "Welding", "Digital"][i % 3]
        PracticeFactory(
            slug=f"p-{i:02d}",
            title=f"{word} practice {i:02d}",
            published_at=now - timedelta(hours=i // 2),  # pairs tie on the date
            themes=[greening, digital] if i % 5 == 0 else [[greening, digital][i % 2]],
            countries=[
                [countries["DE"]],
                [countries["BR"]],
                [countries["ZA"], countries["SG"]],
            ][i % 3],
            challenges=[data_gaps] if i % 4 == 0 else [funding],
            institutions=[college] if i % 2 else [agency],
            evidence_level=evidence[i % len(evidence)],
            last_verified=verified[i % 3],
        )
    for status in ["draft", "in-review", "archived"]:
        PracticeFactory(
            slug=f"hidden-{status}",
            title=f"Solar {status} practice",
            status=status,
            published_at=now,
            themes=[greening, digital],
            countries=list(countries.values()),
            challenges=[data_gaps, funding],
            institutions=[college, agency],
            evidence_level=Practice.Evidence.EVALUATED,
            last_verified=today,
        )


FILTERS = [
    pytest.param("", id="unfiltered"),
    pytest.param("theme=greening", id="theme"),
    pytest.param("theme=greening&theme=digital", id="two-themes"),
    pytest.param("country=de", id="country-lower-case"),
    pytest.param("country=BR&country=SG", id="two-countries"),
    pytest.param("region=latin-america-caribbean", id="region"),
    pytest.param("challenge=data-gaps&evidence=evaluated", id="challenge-evidence"),
    pytest.param("institution=college", id="institution"),
    pytest.param("evidence=described&evidence=replicated", id="evidence"),
    pytest.param("verified=recent&verified=never", id="verified"),
    pytest.param("q=solar", id="search"),
    pytest.param("q=solar&sort=title", id="search-by-title"),
    pytest.param("q=practice&sort=relevance", id="search-by-relevance"),
    pytest.param("sort=title&theme=digital", id="theme-by-title"),
    pytest.param("sort=relevance", id="relevance-without-search"),
    pytest.param(
        "theme=greening&region=africa&institution=agency&sort=newest",
        id="combined",
    ),
    pytest.param(
        "theme=nope&country=XX&country=zz9&region=mars&challenge=none"
        "&institution=ghost&evidence=bogus&verified=soon&sort=weird&page=abc",
        id="unknown-values",
    ),
    pytest.param("theme=greening&theme=nope&q=%00%01solar", id="partly-unknown"),
    pytest.param("q=zzzznothing", id="no-match"),
]


@pytest.fixture(scope="class")
def catalogue(django_db_setup, django_db_blocker):
    """The catalogue, made once for a test class in a transaction rolled back
    after its last test (each test runs in a savepoint inside it)."""
    with shared_data(django_db_blocker):
        make_catalogue()
        yield


@pytest.mark.usefixtures("catalogue")
class TestCsvMatchesTheList:
    @pytest.mark.parametrize("query", FILTERS)
    def test_the_csv_lists_what_the_list_pages_link_to(self, client, query):
        expected = list_slugs(client, query)
        assert csv_slugs(client, query) == expected
        assert not [slug for slug in expected if slug.startswith("hidden-")]

    def test_the_unfiltered_csv_is_not_limited_to_a_page(self, client):
        slugs = csv_slugs(client)
        assert len(slugs) == PUBLISHED_COUNT
        assert sorted(slugs) == [f"p-{i:02d}" for i in range(PUBLISHED_COUNT)]

    @pytest.mark.parametrize("query", ["", "q=solar", "theme=greening"])
    def test_unpublished_practices_are_never_in_the_csv(self, client, query):
        assert not [s for s in csv_slugs(client, query) if s.startswith("hidden-")]

    def test_the_list_links_to_the_csv_with_its_filters_and_no_page(self, client):
        link = csv_link(
            client, "theme=greening&country=de&q=solar&sort=title&page=2&theme=nope"
        )
        parts = urlsplit(link)
        assert parts.path == "/practices.csv"
        params = QueryDict(parts.query)
        assert params.getlist("theme") == ["greening"]
        assert params.getlist("country") == ["DE"]
        assert params["q"] == "solar"
        assert params["sort"] == "title"
        assert "page" not in params
        assert csv_slugs(client, parts.query) == list_slugs(
            client, "theme=greening&country=DE&q=solar&sort=title"
        )

    def test_the_unfiltered_list_links_to_the_whole_csv(self, client):
        assert csv_link(client, "") == "/practices.csv"

    def test_the_csv_is_a_streamed_attachment_with_a_header_row(self, client):
        response = get_ok(client, "/practices.csv")
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert re.fullmatch(
            r'attachment; filename="tvetkb-practices-\d{4}-\d{2}-\d{2}\.csv"',
            response["Content-Disposition"],
        )
        rows = csv_rows(response)
        assert rows[0] == COLUMNS
        assert all(len(row) == len(COLUMNS) for row in rows)
        row = dict(zip(COLUMNS, rows[1], strict=True))
        assert row["url"] == f"{BASE}/practices/{row['slug']}/"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", '=HYPERLINK("http://evil.example","Click")'),
        ("summary", "+1"),
        ("summary", "-2"),
        ("summary", "@SUM(A1)"),
        ("summary", "\tTabbed"),
        ("summary", "\rReturn"),
        ("source_section", "=1+1"),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return", "section"],
)
def test_formula_cells_are_neutralised(client, field, value):
    PracticeFactory(slug="formula", **{field: value})
    (row,) = csv_rows(get_ok(client, "/practices.csv"))[1:]
    assert dict(zip(COLUMNS, row, strict=True))[field] == "'" + value


def test_formulas_in_related_names_are_neutralised(client):
    PracticeFactory(
        slug="formula",
        themes=[ThemeFactory(slug="evil", name="-1+cmd")],
        institutions=[InstitutionFactory(name="@evil", slug="evil")],
    )
    (row,) = csv_rows(get_ok(client, "/practices.csv"))[1:]
    cells = dict(zip(COLUMNS, row, strict=True))
    assert cells["themes"] == "'-1+cmd"
    assert cells["institutions"] == "'@evil (Lead)"


@pytest.mark.parametrize(
    "text",
    [
        "Dual training, with \"quotes\" and 'apostrophes'",
        "Skills for 2030 - a plan = more jobs",
        "Formação & Ausbildung — 職業訓練",
        "A line\nand another",
    ],
    ids=["punctuation", "signs-inside", "unicode", "newline"],
)
def test_ordinary_text_is_untouched(client, text):
    PracticeFactory(slug="ordinary", title=text, summary=text)
    (row,) = csv_rows(get_ok(client, "/practices.csv"))[1:]
    cells = dict(zip(COLUMNS, row, strict=True))
    assert cells["title"] == text
    assert cells["summary"] == text


def test_the_csv_runs_a_constant_number_of_queries(client):
    theme = ThemeFactory(slug="greening")
    challenge = ChallengeFactory(slug="data-gaps")
    country = CountryFactory(code="DE")
    source = SourceFactory()

    def add(count, start):
        for i in range(start, start + count):
            PracticeFactory(
                slug=f"p-{i}",
                source=source,
                themes=[theme],
                challenges=[challenge],
                countries=[country],
                institutions=[InstitutionFactory(country=country)],
            )

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = get_ok(client, "/practices.csv?theme=greening&country=DE")
            rows = csv_rows(response)
        return len(queries), len(rows) - 1

    add(10, 0)
    few, rows = measure()
    assert rows == 10
    add(50, 10)
    many, rows = measure()
    assert rows == 60
    assert many == few


# Citations -------------------------------------------------------------------


def test_the_detail_page_shows_how_to_cite_the_practice(client, cited):
    html = get_ok(client, "/practices/greening-communities/").content.decode()
    assert '<h2 id="cite-title">Cite this practice</h2>' in html
    citation = unescape(re.search(r'<p class="citation">(.*?)</p>', html, re.S)[1])
    assert "Greening communities" in citation
    assert f"{BASE}/practices/greening-communities/" in citation
    assert "Advancing Learning and Innovation in TVET" in citation
    assert "The Marketplace — Awareness of sustainability" in citation
    assert 'href="/practices/greening-communities/cite.bib"' in html
    assert 'href="/practices/greening-communities/cite.ris"' in html


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
    ],
    ids=["bibtex", "ris"],
)
def test_citations_download_naming_the_report_and_section(
    client, cited, fmt, content_type
):
    response = get_ok(client, f"/practices/greening-communities/cite.{fmt}")
    assert response["Content-Type"] == content_type
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="greening-communities.{fmt}"'
    )
    text = response.content.decode()
    assert "Greening communities" in text
    assert f"{BASE}/practices/greening-communities/" in text
    assert "Advancing Learning and Innovation in TVET" in text
    assert "The Marketplace — Awareness of sustainability" in text


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Greening communities", id="plain"),
        pytest.param("R&D at 100% for the_best {Skills} track", id="specials"),
        pytest.param(r"Cost $5 #1 ~ half ^ up \ down", id="dollar-hash-tilde"),
        pytest.param(
            "Skills {beta",
            id="lone-opening-brace",
        ),
        pytest.param(
            "Close } then open {",
            id="closing-brace-first",
        ),
    ],
)
def test_bibtex_escapes_special_characters_into_a_parseable_entry(client, title):
    PracticeFactory(slug="special", title=title, source=SourceFactory())
    text = get_ok(client, "/practices/special/cite.bib").content.decode()
    fields = parse_bibtex(text)
    assert {"title", "year", "url", "note"} <= fields.keys()
    assert not re.search(r"(?<!\\)[&%_#$]", fields["title"]), fields["title"]
    assert bibtex_unescape(fields["title"]) == title
    assert fields["url"] == f"{BASE}/practices/special/"
    assert "Advancing Learning and Innovation in TVET" in fields["note"]
    assert "The Marketplace" in fields["note"]


def test_ris_starts_with_ty_ends_with_er_in_crlf_lines(client, cited):
    text = get_ok(client, "/practices/greening-communities/cite.ris").content.decode()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "TY  - ELEC"
    assert lines[-1].rstrip() == "ER  -"
    assert all(re.match(r"[A-Z][A-Z0-9]  -( |$)", line) for line in lines), lines
    tags = dict(line.split("  - ", 1) for line in lines[1:-1])
    assert tags["TI"] == "Greening communities"
    assert tags["UR"] == f"{BASE}/practices/greening-communities/"
    assert tags["T2"] == "Advancing Learning and Innovation in TVET"
    assert tags["SE"] == "The Marketplace — Awareness of sustainability"
    assert tags["AB"] == "Youth green the institution's processes. A second line."


@pytest.mark.parametrize(
    "url",
    [
        "/practices/greening-communities/cite.pdf",
        "/practices/greening-communities/cite.",
        "/practices/secret-draft/cite.bib",
        "/practices/secret-draft/cite.ris",
        "/practices/in-review/cite.bib",
        "/practices/no-such-practice/cite.ris",
    ],
    ids=["pdf", "no-format", "draft-bib", "draft-ris", "in-review", "missing"],
)
def test_unknown_formats_and_unpublished_practices_have_no_citation(
    client, cited, draft, url
):
    PracticeFactory(slug="in-review", status=Practice.Status.IN_REVIEW)
    assert client.get(url).status_code == 404


# Atom feed -------------------------------------------------------------------


def test_the_feed_lists_the_30_newest_published_practices(client):
    now = timezone.now()
    practices = [
        PracticeFactory(
            slug=f"feed-{i:02d}",
            title=f"Feed practice {i:02d}",
            published_at=now - timedelta(days=i),
        )
        for i in range(33)
    ]
    PracticeFactory(
        slug="secret-draft",
        title="Secret draft",
        status=Practice.Status.DRAFT,
        published_at=now + timedelta(days=1),
    )
    response = get_ok(client, "/practices.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 30
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        p.title for p in practices[:30]
    ]
    for entry, practice in zip(entries, practices, strict=False):
        link = entry.find(f"{ATOM}link")
        assert link.get("href") == f"{BASE}/practices/{practice.slug}/"
        assert entry.findtext(f"{ATOM}updated")
    assert b"secret-draft" not in response.content
    assert b"Secret draft" not in response.content


def test_feed_entry_ids_are_absolute_iris(client, cited):
    feed = ET.fromstring(get_ok(client, "/practices.atom").content)
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert ids
    assert all(re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", i) for i in ids), ids


# Sitemap and robots.txt ------------------------------------------------------

SECTIONS = [
    "/",
    "/practices/",
    "/themes/",
    "/challenges/",
    "/countries/",
    "/institutions/",
]


def sitemap_urls(client):
    return [url.findtext(f"{SITEMAP}loc") for url in sitemap_entries(client)]


@pytest.fixture
def site_objects():
    germany = CountryFactory(code="DE")
    norway = CountryFactory(code="NO")
    theme = ThemeFactory(slug="greening")
    challenge = ChallengeFactory(slug="data-gaps")
    institution = InstitutionFactory(slug="college", country=germany)
    PracticeFactory(
        slug="public",
        themes=[theme],
        challenges=[challenge],
        countries=[germany],
        institutions=[institution],
    )
    hidden = PracticeFactory(
        slug="secret-draft",
        status=Practice.Status.DRAFT,
        published_at=None,
        countries=[norway],
    )
    return hidden


def test_the_sitemap_lists_every_public_page(client, site_objects):
    urls = sitemap_urls(client)
    assert len(urls) == len(set(urls))
    expected = [
        *SECTIONS,
        "/practices/public/",
        "/themes/greening/",
        "/challenges/data-gaps/",
        "/institutions/college/",
        "/countries/DE/",
    ]
    assert {f"{BASE}{path}" for path in expected} <= set(urls)
    assert f"{BASE}/practices/secret-draft/" not in urls
    assert f"{BASE}/countries/NO/" not in urls, "a country with only a draft"


def test_the_sitemap_index_names_every_page_of_a_long_section(
    client, site_objects, monkeypatch
):
    PracticeFactory(slug="second")
    # Four addresses a page: one practice in its four languages.
    monkeypatch.setattr(PracticeSitemap, "limit", 4)

    addresses = sitemap_addresses(client)

    assert "/sitemap-practices.xml" in addresses
    assert "/sitemap-practices.xml?p=2" in addresses
    assert "/sitemap-practices.xml?p=3" not in addresses
    urls = sitemap_urls(client)
    assert {f"{BASE}/practices/public/", f"{BASE}/practices/second/"} <= set(urls)
    assert {f"{BASE}/fr/practices/public/", f"{BASE}/ar/practices/second/"} <= set(urls)


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-nothing.xml",
        "/sitemap-practices.xml?p=99",
        "/sitemap-practices.xml?p=abc",
        "/sitemap-practices.xml?p=" + "9" * 400,
    ],
)
def test_an_unknown_sitemap_or_page_is_not_found(client, address):
    assert client.get(address).status_code == 404


def test_the_sitemap_reflects_a_practice_published_later(client, site_objects):
    first = sitemap_urls(client)
    assert f"{BASE}/practices/secret-draft/" not in first
    site_objects.status = Practice.Status.PUBLISHED
    site_objects.save()
    ThemeFactory(slug="new-theme")
    urls = sitemap_urls(client)
    assert f"{BASE}/practices/secret-draft/" in urls
    assert f"{BASE}/countries/NO/" in urls
    assert f"{BASE}/themes/new-theme/" in urls


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_robots_txt_keeps_out_of_admin_and_names_the_sitemap(client, secure):
    response = get_ok(client, "/robots.txt", secure=secure)
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    scheme = "https" if secure else "http"
    assert f"Sitemap: {scheme}://testserver/sitemap.xml" in lines


# JSON-LD and social meta -----------------------------------------------------


def test_the_practice_page_describes_itself_in_json_ld(client, cited):
    partner = InstitutionFactory(
        slug="ministry", name="Ministry of Education", kind="government"
    )
    cited.involvements.create(institution=partner, role="partner")
    html = get_ok(client, "/practices/greening-communities/").content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Greening communities"
    assert data["url"] == f"{BASE}/practices/greening-communities/"
    assert data["isBasedOn"]["name"] == "Advancing Learning and Innovation in TVET"
    assert [(c["@type"], c["name"], c["url"]) for c in data["contributor"]] == [
        (
            "EducationalOrganization",
            "Polytechnic ATMI Surakarta",
            f"{BASE}/institutions/atmi/",
        ),
        (
            "GovernmentOrganization",
            "Ministry of Education",
            f"{BASE}/institutions/ministry/",
        ),
    ]


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("tvet-institution", "EducationalOrganization"),
        ("government", "GovernmentOrganization"),
        ("company", "Corporation"),
        ("ngo", "NGO"),
        ("research", "ResearchOrganization"),
        ("international", "Organization"),
        ("network", "Organization"),
        ("student-enterprise", "Organization"),
    ],
    ids=lambda value: value,
)
def test_the_institution_page_has_its_organization_type(client, kind, schema_type):
    InstitutionFactory(slug="org", name="The Org", kind=kind, city="Bonn")
    data = json_ld(get_ok(client, "/institutions/org/").content.decode())
    assert data["@type"] == schema_type
    assert data["name"] == "The Org"
    assert data["url"] == f"{BASE}/institutions/org/"


@pytest.mark.parametrize(
    "title",
    [
        "</script><script>alert(1)</script>",
        "<!-- </SCRIPT ><script>alert(1)</script> & \u2028",
    ],
    ids=["script-close", "comment-upper-case"],
)
def test_a_title_cannot_break_out_of_the_json_ld_block(client, title):
    PracticeFactory(slug="hostile", title=title, summary=title)
    html = get_ok(client, "/practices/hostile/").content.decode()
    assert "</script><script>" not in html
    assert "<script>" not in html
    assert html.lower().count("<script") == 1
    data = json_ld(html)
    assert data["name"] == title
    assert data["description"] == title
    assert meta(html, "og:title") == title


@pytest.mark.parametrize(
    ("url", "og_type"),
    [
        ("/practices/greening-communities/", "article"),
        ("/institutions/atmi/", "profile"),
        ("/practices/", "website"),
        ("/", "website"),
    ],
    ids=["practice", "institution", "list", "home"],
)
def test_pages_have_social_meta(client, cited, url, og_type):
    html = get_ok(client, url).content.decode()
    assert meta(html, "og:type") == og_type
    assert meta(html, "og:url") == f"{BASE}{url}"
    assert meta(html, "og:title")
    assert meta(html, "og:description")
    assert meta(html, "twitter:card") == "summary"
    assert f'<link rel="canonical" href="{BASE}{url}">' in html


def test_the_practice_page_social_meta_names_the_practice(client, cited):
    html = get_ok(client, "/practices/greening-communities/").content.decode()
    assert meta(html, "og:title") == "Greening communities"
    assert meta(html, "og:description").startswith("Youth green the institution")
    assert meta(html, "og:url") == f"{BASE}/practices/greening-communities/"


def test_the_practice_page_canonical_ignores_tracking_parameters(client, cited):
    url = "/practices/greening-communities/?utm_source=newsletter"
    html = get_ok(client, url).content.decode()
    clean = f"{BASE}/practices/greening-communities/"
    assert f'<link rel="canonical" href="{clean}">' in html
    assert meta(html, "og:url") == clean


@pytest.mark.parametrize(
    "url",
    [
        "/practices/no-such-practice/",
        "/practices/secret-draft/",
        "/institutions/no-such-institution/",
        "/countries/XX/",
        "/nowhere/",
    ],
    ids=["missing-practice", "draft", "missing-institution", "country", "nowhere"],
)
def test_404_pages_have_no_canonical_link(client, draft, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'rel="canonical"' not in html
    assert 'property="og:url"' not in html
    assert "application/ld+json" not in html
