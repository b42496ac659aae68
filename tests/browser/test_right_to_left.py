"""Arabic pages read right to left: they mirror, do not scroll sideways on a
phone and stay free of WCAG A/AA violations."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

ARABIC_PAGES = ["/ar/practices/", "/ar/practices/flatfish-case/"]


@pytest.mark.parametrize("path", ARABIC_PAGES)
def test_an_arabic_page_on_a_phone_does_not_scroll_sideways(make_visit, path):
    visit = make_visit(width=360, height=740)
    visit.go(path)
    page = visit.page
    assert page.evaluate("document.documentElement.dir") == "rtl"
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
    screenshot(page, path.strip("/").replace("/", "-") + "-phone")


@pytest.mark.parametrize("path", ARABIC_PAGES)
def test_an_arabic_page_has_no_wcag_violations(make_visit, path):
    visit = make_visit(bypass_csp=True)
    visit.go(path)
    found = violations(visit.page)
    assert found == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
    )


def test_on_a_wide_screen_the_arabic_list_mirrors(make_visit):
    visit = make_visit(width=1280, height=800)
    visit.go("/ar/practices/")
    filters = visit.page.locator("form.filters").bounding_box()
    results = visit.page.locator("#results").bounding_box()
    # The facet column sits on the right, where an Arabic reader starts.
    assert results["x"] + results["width"] <= filters["x"]
    screenshot(visit.page, "ar-practices-wide")
