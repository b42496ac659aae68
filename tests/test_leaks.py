"""A practice that is not published is invisible on every public surface: no
page shows it, links to it or counts it.

The walk renders every public address with the hidden practice present, then
again after deleting it, and requires identical responses: anything the hidden
practice changed (a title, a link, a count, an order) would show up as a
difference. Every new public surface (API, exports, feeds, sitemap) is added to
SURFACES."""

import pytest
from django.core.cache import cache

from practices.models import Practice
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Zanzibarleak"

SURFACES = [
    "/",
    "/practices/",
    "/practices/?page=2",
    "/practices/?sort=title",
    "/practices/?q=zanzibarleak",
    "/practices/?q=shared",
    "/practices/?theme=greening",
    "/practices/?theme=only-hidden",
    "/practices/?challenge=data-gaps",
    "/practices/?country=FI",
    "/practices/?country=TZ",
    "/practices/?region=africa",
    "/practices/?region=europe-north-america",
    "/practices/?institution=shared-college",
    "/practices/?institution=hidden-only-college",
    "/practices/?evidence=replicated",
    "/practices/?verified=never",
    "/practices/visible-one/",
    "/practices/visible-two/",
    "/practices/hidden-practice/",
    "/themes/",
    "/themes/greening/",
    "/themes/only-hidden/",
    "/challenges/",
    "/challenges/data-gaps/",
    "/countries/",
    "/countries/FI/",
    "/countries/TZ/",
    "/institutions/",
    "/institutions/?country=TZ",
    "/institutions/shared-college/",
    "/institutions/hidden-only-college/",
    "/about/",
    "/regions/africa/",
    "/regions/europe-north-america/",
    "/regions/arab-states/",
    "/practices/map/",
    "/practices/map/?country=TZ",
    "/practices/map/?theme=only-hidden",
    "/fr/practices/map/",
    "/ar/regions/africa/",
    # Open data
    "/api/",
    "/api/practices/",
    "/api/practices/?q=zanzibarleak",
    "/api/practices/?theme=only-hidden",
    "/api/practices/?country=TZ",
    "/api/practices/hidden-practice/",
    "/api/practices/visible-one/",
    "/api/themes/",
    "/api/themes/only-hidden/",
    "/api/challenges/",
    "/api/countries/",
    "/api/countries/TZ/",
    "/api/institutions/",
    "/api/institutions/hidden-only-college/",
    "/practices.csv",
    "/practices.csv?q=zanzibarleak",
    "/practices.csv?country=TZ",
    "/practices.atom",
    "/sitemap.xml",
    "/sitemap-practices.xml",
    "/sitemap-themes.xml",
    "/sitemap-challenges.xml",
    "/sitemap-institutions.xml",
    "/sitemap-countries.xml",
    "/practices/hidden-practice/cite.bib",
    "/practices/hidden-practice/cite.ris",
    "/practices/visible-one/cite.ris",
]


@pytest.fixture
def world():
    greening = ThemeFactory(slug="greening", name="Greening")
    only_hidden = ThemeFactory(slug="only-hidden", name="Only hidden theme")
    data_gaps = ChallengeFactory(slug="data-gaps", name="Data gaps")
    finland, tanzania = CountryFactory(code="FI"), CountryFactory(code="TZ")
    shared = InstitutionFactory(
        slug="shared-college", name="Shared College", country=finland
    )
    hidden_only = InstitutionFactory(
        slug="hidden-only-college", name="Hidden-only College", country=tanzania
    )
    for n, slug in enumerate(["visible-one", "visible-two"]):
        PracticeFactory(
            slug=slug,
            title=f"Visible {slug} shared",
            themes=[greening],
            challenges=[data_gaps],
            countries=[finland],
            institutions=[shared],
        )
        assert n < 2
    # Enough published practices for a second page of the list.
    for n in range(22):
        PracticeFactory(title=f"Filler {n:02}", themes=[greening])
    return {
        "themes": [greening, only_hidden],
        "challenges": [data_gaps],
        "countries": [finland, tanzania],
        "institutions": [shared, hidden_only],
    }


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def render(client):
    responses = {url: client.get(url) for url in SURFACES}
    return {url: (r.status_code, body(r)) for url, r in responses.items()}


@pytest.mark.parametrize(
    "status",
    [Practice.Status.DRAFT, Practice.Status.IN_REVIEW, Practice.Status.ARCHIVED],
)
def test_an_unpublished_practice_changes_nothing_on_any_public_surface(
    client, world, status
):
    hidden = PracticeFactory(
        slug="hidden-practice",
        title=HIDDEN_TITLE,
        summary="Shared words so it would match searches.",
        status=status,
        evidence_level=Practice.Evidence.REPLICATED,
        last_verified=None,
        themes=world["themes"],
        challenges=world["challenges"],
        countries=world["countries"],
        institutions=world["institutions"],
    )

    with_hidden = render(client)
    for url, (code, content) in with_hidden.items():
        assert code < 500, url
        assert HIDDEN_TITLE.encode() not in content, url
        assert b"hidden-practice" not in content, url
    assert with_hidden["/practices/hidden-practice/"][0] == 404

    hidden.delete()

    without_hidden = render(client)
    for url in SURFACES:
        assert with_hidden[url] == without_hidden[url], f"{url} differs"


@pytest.mark.parametrize("withdraw", ["unpublish", "delete"])
def test_a_practice_withdrawn_after_its_pages_were_cached_leaves_no_trace(
    client, world, settings, withdraw
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    before = render(client)
    practice = PracticeFactory(
        slug="hidden-practice",
        title=HIDDEN_TITLE,
        themes=world["themes"],
        challenges=world["challenges"],
        countries=world["countries"],
        institutions=world["institutions"],
    )
    while_published = render(client)  # every surface cached with the practice
    assert HIDDEN_TITLE.encode() in while_published["/practices/hidden-practice/"][1]

    if withdraw == "delete":
        practice.delete()
    else:
        practice.status = Practice.Status.DRAFT
        practice.save()

    after = render(client)
    for url in SURFACES:
        assert after[url] == before[url], f"{url} differs"
    cache.clear()
