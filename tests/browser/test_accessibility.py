"""axe-core (a local copy, tests/browser/vendor) on every page type: no
violation of a WCAG 2.0/2.1/2.2 A or AA rule."""

import pytest

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGES = {
    "home": "/",
    "list-with-filters": (
        "/practices/?theme=pedagogy-learning-spaces&country=SG&q=learning"
    ),
    "empty-results": "/practices/?q=zzzyzxq",
    "detail": "/practices/flatfish-case/",
    "institution": "/institutions/senai-cimatec/",
    "theme": "/themes/greening-climate-change/",
    "challenge": "/challenges/data-gaps/",
    "country": "/countries/BR/",
    "submit-with-errors": "/practices/submit/",
    "api-docs": "/api/docs/",
}


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


@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations(make_visit, name):
    visit = make_visit(bypass_csp=True)
    visit.go(PAGES[name])
    if name == "submit-with-errors":
        visit.page.get_by_role("button", name="Send for review").click()
        visit.page.wait_for_selector("#form-errors")

    found = violations(visit.page)

    assert found == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
    )
