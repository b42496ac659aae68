"""axe-core (a local copy, tests/browser/vendor) on every public page type in
every language: no violation of a WCAG 2.0/2.1/2.2 A or AA rule.

One test per language visits every page type in one tab: the knowledge base is
seeded once per language, and a failure lists every page that fails."""

import pytest
from django.conf import settings

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]

PAGES = {
    "home": "/",
    "list-with-filters": (
        "/practices/?theme=pedagogy-learning-spaces&country=SG&q=learning"
    ),
    "empty-results": "/practices/?q=zzzyzxq",
    "detail": "/practices/flatfish-case/",
    "institution-list": "/institutions/",
    "institution": "/institutions/senai-cimatec/",
    "theme-list": "/themes/",
    "theme": "/themes/greening-climate-change/",
    "challenge-list": "/challenges/",
    "challenge": "/challenges/data-gaps/",
    "country-list-and-regions": "/countries/",
    "country": "/countries/BR/",
    "region": "/regions/latin-america-caribbean/",
    "empty-region": "/regions/arab-states/",
    "about-and-coverage": "/about/",
    "map-and-charts": "/practices/map/?theme=greening-climate-change",
    "empty-map-with-ignored-filter": "/practices/map/?region=africa&theme=zzz",
    "submit-with-errors": "/practices/submit/",
    "submit-thanks": "/practices/submit/thanks/",
    "api-docs": "/api/docs/",
    "not-found": "/no-such-page/",
}


def prefixed(language, path):
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def violations(page):
    # axe is injected as a script of the test's own; the page's Content
    # Security Policy is bypassed for that injection only (bypass_csp).
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))
            }));
        }""",
        WCAG,
    )


def described(found):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
    )


def violations_of_pages(visit, pages):
    """{address: description} of every page with a violation."""
    failures = {}
    for name, path in pages.items():
        response = visit.page.goto(visit.base_url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        if name == "submit-with-errors":
            visit.page.locator("form.submission-form button[type=submit]").click()
            visit.page.wait_for_selector("#form-errors")
        found = violations(visit.page)
        if found:
            failures[path] = described(found)
    return failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_wcag_violations_on_any_page_type(make_visit, language):
    visit = make_visit(bypass_csp=True)
    pages = {name: prefixed(language, path) for name, path in PAGES.items()}

    failures = violations_of_pages(visit, pages)

    assert failures == {}, "\n\n".join(
        f"{path}\n{found}" for path, found in failures.items()
    )
