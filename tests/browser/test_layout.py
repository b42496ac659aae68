"""Phones, wide screens, JavaScript off, page weight, and nothing from another
host. Screenshots of the main pages go to screenshots/ (ignored by git)."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/practices/",
    "/practices/?theme=pedagogy-learning-spaces&q=learning",
    "/practices/flatfish-case/",
    "/institutions/",
    "/institutions/senai-cimatec/",
    "/themes/",
    "/challenges/",
    "/countries/",
    "/countries/BR/",
    "/practices/submit/",
    "/api/docs/",
]


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_no_page_scrolls_sideways_and_every_control_is_reachable(
    make_visit, path
):
    visit = make_visit(width=360, height=740)
    visit.go(path)
    page = visit.page
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    outside = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input, select, textarea')]
            .filter(e => e.offsetParent !== null && !e.closest('.trap, .skip-link'))
            .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
            .filter(([html, r]) => r.left < -1 || r.right > window.innerWidth + 1)
            .map(([html]) => html)"""
    )
    assert outside == [], outside


def test_on_a_wide_screen_the_layout_uses_the_width(make_visit):
    visit = make_visit(width=1280, height=800)
    visit.go("/practices/")
    filters = visit.page.locator("form.filters").bounding_box()
    results = visit.page.locator("#results").bounding_box()
    # Filters and results side by side, together using most of the width.
    assert filters["x"] + filters["width"] <= results["x"]
    assert results["x"] + results["width"] - filters["x"] > 900


@pytest.mark.parametrize(
    ("width", "height", "size"), [(1280, 800, "wide"), (360, 740, "phone")]
)
def test_screenshots_of_the_main_pages(make_visit, width, height, size):
    visit = make_visit(width=width, height=height)
    for name, path in [
        ("home", "/"),
        ("list", "/practices/?theme=pedagogy-learning-spaces"),
        ("detail", "/practices/flatfish-case/"),
        # The report's practices in translation, as a reader of French and of
        # Arabic meets them.
        ("fr-list", "/fr/practices/?theme=pedagogy-learning-spaces"),
        ("fr-detail", "/fr/practices/flatfish-case/"),
        ("ar-list", "/ar/practices/?theme=pedagogy-learning-spaces"),
        ("ar-detail", "/ar/practices/flatfish-case/"),
    ]:
        visit.go(path)
        screenshot(visit.page, f"{name}-{size}")


def test_with_javascript_off_search_filters_pagination_and_submission_work(make_visit):
    visit = make_visit(java_script_enabled=False)
    page = visit.page
    visit.go("/practices/")
    page.locator("#list-search").fill("training")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("matching “training”"))
    ).to_be_visible()

    visit.go("/practices/")
    # Without JavaScript the filters stay behind their control, even when wide.
    page.locator("#filter-panel > summary").click()
    page.get_by_label(re.compile(r"^Partnerships and networks")).check()
    page.get_by_role("button", name="Apply filters").click()
    assert "theme=partnerships-networks" in page.url

    visit.go("/practices/?sort=title")
    page.get_by_role("link", name=re.compile("Next")).click()
    assert "page=2" in page.url
    expect(page.get_by_text("Page 2 of")).to_be_visible()

    visit.go("/practices/submit/")
    page.get_by_role("textbox", name="Title").fill("Night classes for adults")
    page.get_by_role("textbox", name="Summary").fill(
        "Evening courses for working adults."
    )
    page.get_by_role("combobox", name="Institution").fill("Omnia")
    page.get_by_role("textbox", name="Your name").fill("Ada")
    page.get_by_role("textbox", name="Your email").fill("ada@example.org")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "your practice was received"
    )


def test_the_list_page_is_light_and_loads_nothing_from_another_host(visit):
    responses = []
    visit.page.on("response", lambda response: responses.append(response))
    visit.go("/practices/")
    visit.page.wait_for_load_state("networkidle")

    weight = 0
    for response in responses:
        if response.request.resource_type in {
            "document",
            "stylesheet",
            "script",
            "font",
        }:
            # What the transfer costs compressed (the server may not compress
            # on the test server; production serves gzip or brotli).
            weight += len(gzip.compress(response.body(), compresslevel=6))
    assert weight <= 60 * 1024, f"{weight} bytes"
    assert visit.foreign_requests() == []


@pytest.mark.parametrize("path", PAGES)
def test_no_page_requests_anything_from_another_host(visit, path):
    visit.go(path)
    visit.page.wait_for_load_state("networkidle")
    assert visit.foreign_requests() == [], path
    assert all(
        urlsplit(url).scheme in {"http", "data", "about"} for url in visit.requests
    )
