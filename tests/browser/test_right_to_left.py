"""Arabic pages read right to left: they mirror, and do not scroll sideways on
a phone; the map keeps its orientation while the charts around it mirror.
(axe-core checks the Arabic pages with the others, in test_accessibility.)"""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

ARABIC_PAGES = [
    "/ar/",
    "/ar/practices/",
    "/ar/practices/flatfish-case/",
    "/ar/practices/map/",
    "/ar/about/",
    "/ar/countries/",
    "/ar/regions/latin-america-caribbean/",
    "/ar/regions/arab-states/",
    "/ar/api/docs/",
]


def sideways(page):
    """How far the page scrolls sideways, and the controls that stick out."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    outside = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input, select, textarea')]
            .filter(e => e.offsetParent !== null && !e.closest('.trap, .skip-link'))
            .filter(e => !e.closest('svg'))
            .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
            .filter(([html, r]) => r.left < -1 || r.right > window.innerWidth + 1)
            .map(([html]) => html)"""
    )
    return overflow, outside


def test_arabic_pages_on_a_phone_do_not_scroll_sideways(make_visit):
    visit = make_visit(width=360, height=740)
    failures = {}
    for path in ARABIC_PAGES:
        visit.go(path)
        page = visit.page
        assert page.evaluate("document.documentElement.dir") == "rtl", path
        overflow, outside = sideways(page)
        if overflow > 0 or outside:
            failures[path] = (overflow, outside)
        screenshot(page, path.strip("/").replace("/", "-") + "-phone")
    assert failures == {}


def test_on_a_wide_screen_the_arabic_list_mirrors(make_visit):
    visit = make_visit(width=1280, height=800)
    visit.go("/ar/practices/")
    filters = visit.page.locator("form.filters").bounding_box()
    results = visit.page.locator("#results").bounding_box()
    # The facet column sits on the right, where an Arabic reader starts.
    assert results["x"] + results["width"] <= filters["x"]
    screenshot(visit.page, "ar-practices-wide")


def test_on_a_wide_screen_the_arabic_map_page_mirrors_but_the_map_does_not(
    make_visit,
):
    visit = make_visit(width=1280, height=800)
    visit.go("/ar/practices/map/")
    page = visit.page
    main = page.locator("main").bounding_box()
    heading = page.locator("h1").bounding_box()
    # The heading starts on the right.
    assert heading["x"] + heading["width"] >= main["x"] + main["width"] - 40
    # The map keeps its west-to-east orientation: Brazil lies west of Singapore.
    svg = page.locator(".world-map__svg")
    assert svg.evaluate("e => getComputedStyle(e).direction") == "ltr"
    brazil = page.locator(".world-map__country[href*='country=BR']").bounding_box()
    singapore = page.locator(".world-map__country[href*='country=SG']")
    assert brazil["x"] < singapore.bounding_box()["x"]
    # Each bar reads right to left: its label on the right, its count on the
    # left, and the bar grows from the right.
    bar = page.locator("#chart-theme-title + .bars .bars__link").first
    label = bar.locator(".bars__label").bounding_box()
    count = bar.locator(".bars__count").bounding_box()
    assert count["x"] + count["width"] <= label["x"]
    track = bar.locator(".bars__bar").bounding_box()
    filled = bar.locator(".bars__bar rect").bounding_box()
    assert abs((filled["x"] + filled["width"]) - (track["x"] + track["width"])) <= 1
    # The legend reads right to left too: its title before its classes.
    title = page.locator(".map-legend__title").bounding_box()
    classes = page.locator(".map-legend__classes").bounding_box()
    assert classes["x"] + classes["width"] <= title["x"]
    screenshot(page, "ar-practices-map-wide")
