"""Practices for my context and the comparison, in a real browser: the
journey from the context form to a comparison to a practice, by mouse and by
keyboard; no WCAG A/AA violation in any language; no sideways scroll on a
phone, left to right and right to left. Screenshots go to screenshots/
(docs/screenshots/ keeps copies for the README)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

CONTEXT = (
    "/practices/for-context/?country=BR&challenge=private-sector-linkages"
    "&challenge=collaboration&theme=digitalization-industry-4-0&learner=students"
    "&kind=tvet-institution"
)
COMPARE = (
    "/practices/compare/?p=flatfish-case&p=senai-theoprax-method"
    "&p=wetsus-upskilling-sustainable-water-technology"
)
PAGES = {"context": CONTEXT, "compare": COMPARE}
LANGUAGES = ["", "/fr", "/es", "/ar"]


def test_context_form_to_comparison_to_practice_by_mouse(visit):
    page = visit.page
    visit.go("/")
    page.get_by_role("link", name=re.compile("^Practices for my context")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Practices for my context"
    )
    page.get_by_label("My country").select_option("BR")
    page.get_by_label("Private sector").check()
    page.get_by_label("Students, trainees and apprentices").check()
    page.get_by_role("button", name="Show practices for my context").click()
    expect(page).to_have_url(re.compile(r"country=BR.*challenge=private-sector"))
    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_contain_text(
        "match your context"
    )
    first = results.locator("article.card").first
    expect(first).to_contain_text("The Flatfish Case")
    expect(first.locator(".card__why")).to_contain_text("same country")

    results.get_by_label("Compare The Flatfish Case").check()
    results.locator("article.card").nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Compare the chosen practices").click()
    expect(page).to_have_url(re.compile(r"/practices/compare/\?p=flatfish-case&p="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare practices")
    table = page.get_by_role("region", name="The chosen practices side by side")
    expect(
        table.get_by_role("rowheader", name=re.compile("^Evidence level"))
    ).to_be_visible()

    table.get_by_role("link", name=re.compile("Flatfish")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Flatfish")
    # The practice page offers a comparison with its related practices.
    related = page.locator(".related")
    expect(related.locator(".card__why").first).to_contain_text("in common")
    related.get_by_role("checkbox").first.check()
    related.get_by_role("button", name="Compare with this practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare practices")
    expect(page.locator("table.compare")).to_be_visible()
    assert visit.foreign_requests() == []


def tab_to(page, selector, presses=400):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(presses):
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_same_journey_by_keyboard_alone(visit):
    page = visit.page
    visit.go("/practices/for-context/")
    tab_to(page, "#context-country")
    page.keyboard.type("Brazil")
    tab_to(page, "#context-challenge-private-sector-linkages")
    page.keyboard.press("Space")
    tab_to(page, ".context-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"country=BR"))
    expect(page.locator("#results article.card").first).to_contain_text("Flatfish")

    tab_to(page, "#compare-flatfish-case")
    page.keyboard.press("Space")
    tab_to(page, "#results input[name=p]:not(#compare-flatfish-case)")
    page.keyboard.press("Space")
    tab_to(page, ".compare-form__submit button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare practices")

    # The table's scroll region takes the focus, so it scrolls by keyboard.
    tab_to(page, ".compare-scroll")
    tab_to(page, "table.compare thead a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Flatfish")


def show_results(page):
    page.evaluate("document.getElementById('context-results-title').scrollIntoView()")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations_in_any_language(make_visit, name, language):
    visit = make_visit(bypass_csp=True)
    visit.go(language + PAGES[name])
    found = violations(visit.page)
    assert found == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
    )


@pytest.mark.parametrize("language", ["", "/ar"])
@pytest.mark.parametrize("name", PAGES)
def test_a_phone_does_not_scroll_sideways(make_visit, name, language):
    visit = make_visit(width=360, height=740)
    visit.go(language + PAGES[name])
    page = visit.page
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    # What lies outside the screen is inside the comparison's own scroll
    # region, whose row labels stay in view.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input, select, textarea')]
            .filter(e => e.offsetParent !== null
                && !e.closest('.skip-link, .compare-scroll'))
            .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
            .filter(([html, r]) => r.left < -1 || r.right > window.innerWidth + 1)
            .map(([html]) => html)"""
    )
    assert outside == [], outside
    if name == "context":
        show_results(page)
    screenshot(page, f"{name}{language.replace('/', '-')}-phone")
    if name == "compare":
        label = page.locator("table.compare tbody th").first.bounding_box()
        assert label["x"] >= 0 and label["x"] + label["width"] <= 360
        page.locator(".compare-scroll").evaluate(
            "e => e.scrollBy({left: (document.dir === 'rtl' ? -1 : 1) * 400})"
        )
        label = page.locator("table.compare tbody th").first.bounding_box()
        assert label["x"] >= 0 and label["x"] + label["width"] <= 360


@pytest.mark.parametrize("name", PAGES)
def test_wide_screenshots(make_visit, name):
    visit = make_visit(width=1280, height=900)
    visit.go(PAGES[name])
    if name == "context":
        show_results(visit.page)
    screenshot(visit.page, f"{name}-wide")


def test_printing_the_comparison_shows_the_whole_table(make_visit):
    visit = make_visit(width=800, height=900)
    visit.go(COMPARE)
    page = visit.page
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert (
        page.locator(".compare-scroll").evaluate("e => getComputedStyle(e).overflowX")
        == "visible"
    )
