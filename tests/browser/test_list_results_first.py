"""The practice list on a 360x740 phone shows its answer first, with the
filters one control away; on a wide screen the filters sit open beside the
results. With JavaScript on and off, and checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}


def first_result_top(page):
    """Where the first result's top edge is, from the top of the page."""
    return page.evaluate(
        "document.querySelector('#results .card').getBoundingClientRect().top"
        " + window.scrollY"
    )


def assert_answer_in_first_screen(page):
    assert page.evaluate("window.scrollY") == 0
    for selector in ["#results-title", "#results .card"]:
        assert page.locator(selector).first.is_visible(), selector
    top = first_result_top(page)
    assert top < PHONE["height"], f"the first result starts at {top}px"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_answer_comes_first_and_filters_open_in_place(
    make_visit, javascript
):
    visit = make_visit(**PHONE, java_script_enabled=javascript)
    page = visit.page

    # The bare list.
    visit.go("/practices/")
    assert_answer_in_first_screen(page)
    panel = page.locator("#filter-panel")
    expect(panel).not_to_have_attribute("open", "")
    pedagogy = page.get_by_label(re.compile(r"^Pedagogy and learning spaces"))
    expect(pedagogy).to_be_hidden()

    # A search with one result.
    page.get_by_label("Search practices").fill("robot")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-title")).to_have_text(
        re.compile(r"^\s*1 practice matching “robot”\s*$")
    )
    assert_answer_in_first_screen(page)
    expect(page.locator("#results")).to_contain_text("Download this practice as CSV")

    # Choosing a theme: the filters open in place, a choice applies.
    visit.go("/practices/")
    summary = page.locator("#filter-panel > summary")
    expect(summary).to_have_text("Filters")
    summary.click()
    expect(panel).to_have_attribute("open", "")
    page.get_by_label(re.compile(r"^Pedagogy and learning spaces")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"theme=pedagogy-learning-spaces"))
    expect(summary).to_have_text(re.compile(r"^Filters\s+\(1 selected\)$"))
    expect(page.get_by_role("list", name="Active filters")).to_contain_text(
        "Theme: Pedagogy and learning spaces"
    )
    assert_answer_in_first_screen(page)
    screenshot(page, f"list-phone-{'js' if javascript else 'no-js'}")


def test_on_a_phone_a_long_facet_shows_all_its_values_in_place(make_visit):
    visit = make_visit(**PHONE, java_script_enabled=False)
    page = visit.page
    visit.go("/practices/")
    page.locator("#filter-panel > summary").click()
    countries = page.locator("#facet-country input[type=checkbox]")
    shown = countries.count()
    page.get_by_role("link", name=re.compile(r"^Show all \d+ countries$")).click()

    expect(page.locator("#filter-panel")).to_have_attribute("open", "")
    assert countries.count() > shown
    page.get_by_label(re.compile(r"^Singapore")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=SG"))
    assert "all=" not in page.url
    assert_answer_in_first_screen(page)


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(make_visit):
    visit = make_visit(**WIDE)
    page = visit.page
    visit.go("/practices/")

    theme = page.get_by_label(re.compile(r"^Pedagogy and learning spaces"))
    expect(theme).to_be_visible()
    filters = page.locator("form.filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert page.locator("#results .card").first.bounding_box()["y"] < WIDE["height"]
    screenshot(page, "list-wide-open")


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("filters", ["closed", "open"])
def test_the_list_has_no_wcag_violations_with_filters_open_or_closed(
    make_visit, size, filters
):
    visit = make_visit(**(PHONE if size == "phone" else WIDE), bypass_csp=True)
    page = visit.page
    visit.go("/practices/?challenge=data-gaps&q=data")
    panel = page.locator("#filter-panel")
    # Let filters.js run first, then put the panel in the state under test.
    page.wait_for_load_state("load")
    is_open = panel.evaluate("details => details.open")
    if is_open != (filters == "open"):
        page.locator("#filter-panel > summary").click()
    assert panel.evaluate("details => details.open") == (filters == "open")

    found = violations(page)

    assert found == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
    )
