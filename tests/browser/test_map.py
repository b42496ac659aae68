"""The map and charts page in a browser: usable on a phone and without
JavaScript, within its weight budget (axe-core checks it in every language, in
test_accessibility; its Arabic layout is in test_right_to_left). Screenshots of
the map go to screenshots/ (docs/screenshots/ keeps copies for the README)."""

import gzip
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_map_page_on_a_phone_does_not_scroll_sideways(make_visit):
    visit = make_visit(width=360, height=740)
    visit.go("/practices/map/")

    overflow = visit.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert overflow <= 0, f"scrolls sideways by {overflow}px"


def test_map_works_without_javascript(make_visit):
    visit = make_visit(java_script_enabled=False)
    page = visit.page
    visit.go("/practices/map/")
    # A country on the map is a link to the list filtered by it.
    brazil = page.get_by_role("link", name=re.compile(r"^Brazil: \d+ practices?$"))
    expect(brazil).to_have_count(1)
    brazil.click()
    assert "country=BR" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")

    # A bar of a chart leads to the list narrowed by it, with the same number.
    visit.go("/practices/map/")
    bar = page.locator("#chart-theme-title + .bars a").first
    count = bar.locator(".bars__count").inner_text()
    bar.click()
    expect(page.locator("#results-title")).to_contain_text(f"{count} practice")


def test_keyboard_reaches_the_countries_in_alphabetical_order(make_visit):
    visit = make_visit()
    visit.go("/practices/map/")
    names = visit.page.eval_on_selector_all(
        ".world-map__svg a", "links => links.map(a => a.getAttribute('aria-label'))"
    )
    countries = [name.split(":")[0] for name in names]
    assert len(countries) > 5
    assert countries == sorted(countries)


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_map_page_is_light_and_loads_nothing_from_another_host(visit, prefix):
    responses = []
    visit.page.on("response", lambda response: responses.append(response))
    visit.go(f"{prefix}/practices/map/")
    visit.page.wait_for_load_state("networkidle")

    weight = sum(
        len(gzip.compress(response.body(), compresslevel=6))
        for response in responses
        if response.request.resource_type
        in {"document", "stylesheet", "script", "font", "image"}
    )

    assert weight <= 100 * 1024, f"{weight} bytes"
    assert visit.foreign_requests() == []


@pytest.mark.parametrize(
    ("width", "height", "size"), [(1280, 800, "wide"), (360, 740, "phone")]
)
def test_screenshots_of_the_map(make_visit, width, height, size):
    visit = make_visit(width=width, height=height)
    visit.go("/practices/map/")
    visit.page.locator("#map-title").scroll_into_view_if_needed()
    screenshot(visit.page, f"map-{size}")
