"""Orientation pages in a browser: About and a region page fit a phone, and a
practice's share block works with JavaScript off (axe-core checks them in every
language in test_accessibility)."""

import pytest

pytestmark = pytest.mark.browser

NEW_PAGES = [
    "/about/",
    "/regions/latin-america-caribbean/",
    "/practices/flatfish-case/",
]


@pytest.mark.parametrize("path", NEW_PAGES)
def test_on_a_phone_the_new_pages_do_not_scroll_sideways(make_visit, path):
    visit = make_visit(width=360, height=740)
    visit.go(path)
    overflow = visit.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_the_share_block_works_with_javascript_off(make_visit):
    visit = make_visit(java_script_enabled=False, width=360, height=740)
    visit.go("/practices/flatfish-case/")
    page = visit.page
    address = page.get_by_label("Address of this practice")
    assert address.input_value() == f"{visit.base_url}/practices/flatfish-case/"
    assert address.is_editable() is False
    # The address can be selected for copying with the keyboard alone.
    address.focus()
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "() => { const f = document.activeElement;"
        " return f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == address.input_value()
    email = page.get_by_role("link", name="Send by email")
    assert email.get_attribute("href").startswith("mailto:?subject=")
    share = page.locator(".share__links a[rel~='external']")
    assert share.count() >= 3
    assert visit.foreign_requests() == []


def test_a_fresh_knowledge_base_features_the_marketplace_cases(visit):
    visit.go("/")
    featured = visit.page.locator("section[aria-labelledby='featured-title'] h3")
    titles = featured.all_inner_texts()
    assert len(titles) == 10
    assert titles[0] == "The Flatfish Case"
    assert "Self-sustainable schools" in " ".join(titles)
