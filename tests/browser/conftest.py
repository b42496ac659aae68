"""Browser tests: Playwright driving the machine's Chromium against a live
server started by the tests. Without a Chromium they are skipped, saying why;
with REQUIRE_BROWSER=1 (set by CI) a missing Chromium is a failure."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make beside it are still synchronous and safe. (Subprocesses started by
# other tests, such as the deploy check, do not inherit it.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    for candidate in [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        message = (
            "No Chromium found (install Debian's chromium package, or set "
            "CHROMIUM_PATH); browser tests skipped."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The report's knowledge base, served by a live server."""
    call_command("seed", verbosity=0)
    return live_server.url


class Visit:
    """A browser tab that remembers every request it made."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.requests = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def go(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 500, path
        return response

    def foreign_requests(self):
        host = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).netloc not in {host, ""}
            and not url.startswith(("data:", "about:"))
        ]


@pytest.fixture
def make_visit(browser, site):
    contexts = []

    def make(width=1280, height=800, **options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        return Visit(context, site)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def visit(make_visit):
    return make_visit()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
