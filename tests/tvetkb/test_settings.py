"""Production safety comes from the environment, and every public page is served
with a strict policy: no inline script or style, nothing from another host."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]

ENV_EXAMPLE = PROJECT_DIR / ".env.example"


def documented_variables():
    return {
        line.split("=", 1)[0].strip()
        for line in ENV_EXAMPLE.read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }


# Every variable tvetkb/settings.py reads (see .env.example), removed from the
# environment of the subprocesses so each test states exactly what it sets.
SETTINGS_VARIABLES = documented_variables() | {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_every_variable_the_settings_read_is_documented_in_env_example():
    source = (PROJECT_DIR / "tvetkb" / "settings.py").read_text()
    read = set(
        re.findall(
            r'(?:os\.environ\.get|env_bool|env_list|env_str|env_int)\(\s*"([A-Z_]+)"',
            source,
        )
    )
    read |= {"DATABASE_URL"}  # read by dj_database_url.config()
    assert read, "the settings read no variable?"
    documented = documented_variables()
    assert read <= documented, sorted(read - documented)


def environment(**variables):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "tvetkb.settings"
    env.update(variables)
    return env


def production_secret_key():
    # Django's deploy check wants 50+ characters, 5+ distinct, no insecure prefix.
    return secrets.token_urlsafe(50)[:50]


PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "tvetkb.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}

DEPLOY_CHECK = ["check", "--deploy", "--fail-level", "WARNING"]

# Each run of manage.py: (arguments, environment variables set).
RUNS = {
    "debug-off-no-key": (["check"], {"DEBUG": "0"}),
    "debug-on-no-key": (["check"], {"DEBUG": "1"}),
    "deploy": (DEPLOY_CHECK, {**PRODUCTION, "SECRET_KEY": production_secret_key()}),
    "deploy-no-redis": (
        DEPLOY_CHECK,
        {**PRODUCTION, "REDIS_URL": "", "SECRET_KEY": production_secret_key()},
    ),
    "deploy-weak-key": (DEPLOY_CHECK, {**PRODUCTION, "SECRET_KEY": "short"}),
    "deploy-no-hosts": (
        DEPLOY_CHECK,
        {"DEBUG": "0", "SECRET_KEY": production_secret_key()},
    ),
    # Read only for PostgreSQL; `check` does not connect.
    "random-page-cost-word": (
        ["check"],
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "DATABASE_RANDOM_PAGE_COST": "fast",
        },
    ),
    "random-page-cost-nan": (
        ["check"],
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "DATABASE_RANDOM_PAGE_COST": "nan",
        },
    ),
    "url-options-kept": (
        [
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['options'])",
        ],
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused"
            "?options=-c%20work_mem%3D8MB",
            "DATABASE_RANDOM_PAGE_COST": "4",
        },
    ),
    "api-rate-empty": (
        [
            "shell",
            "-c",
            "from django.conf import settings; print(repr(settings.API_RATE))",
        ],
        {"DEBUG": "1", "API_RATE": ""},
    ),
}


@pytest.fixture(scope="module")
def manage():
    """The result of every run of manage.py in RUNS, by name. They run side by
    side, each in its own process with its own environment."""
    processes = {
        name: subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=environment(**variables),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (args, variables) in RUNS.items()
    }
    results = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )
    return results


def test_check_fails_without_secret_key_when_debug_is_off(manage):
    result = manage["debug-off-no-key"]

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_an_empty_api_rate_means_no_limit(manage):
    # As .env.example documents: an empty value is not the default rate.
    result = manage["api-rate-empty"]

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "''"


@pytest.mark.parametrize("run", ["random-page-cost-word", "random-page-cost-nan"])
def test_a_random_page_cost_that_is_not_a_number_stops_the_site(manage, run):
    # At start-up, naming the variable; not with every connection refused later.
    result = manage[run]

    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST" in result.stderr


def test_options_in_the_database_url_keep_the_sites_own(manage):
    result = manage["url-options-kept"]

    assert result.returncode == 0, result.stderr
    options = result.stdout.splitlines()[-1]
    assert "statement_timeout=" in options
    assert "jit=off" in options
    assert "random_page_cost=4.0" in options
    assert options.endswith("-c work_mem=8MB")


def test_check_passes_without_secret_key_when_debug_is_on(manage):
    result = manage["debug-on-no-key"]

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_passes_with_production_variables(manage):
    result = manage["deploy"]

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_with_a_per_process_cache(manage):
    result = manage["deploy-no-redis"]

    assert result.returncode != 0
    assert "tvetkb.E001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_deploy_check_fails_with_a_weak_secret_key(manage):
    result = manage["deploy-weak-key"]

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_deploy_check_fails_without_allowed_hosts(manage):
    result = manage["deploy-no-hosts"]

    assert result.returncode != 0
    assert "security.W020" in result.stderr


# --- public pages, in process --------------------------------------------------


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One of everything a public page shows, with external links to follow;
    made once for the module in a transaction rolled back after its last test
    (each test runs in a savepoint inside it)."""
    with shared_data(django_db_blocker):
        yield make_site()


def make_site():
    theme = ThemeFactory(name="Greening", slug="greening")
    challenge = ChallengeFactory(name="Data gaps", slug="data-gaps")
    country = CountryFactory(code="DE")
    source = SourceFactory(url="https://example.org/forum-report")
    institution = InstitutionFactory(
        name="Polytechnic",
        slug="polytechnic",
        website="https://example.com/",
        country=country,
    )
    practice = PracticeFactory(
        slug="dual-training",
        themes=[theme],
        challenges=[challenge],
        countries=[country],
        institutions=[institution],
        source=source,
        context="Developed with local companies.",
        transferability="Needs employers willing to train.",
    )
    PracticeFactory(slug="related", themes=[theme], countries=[country])
    return practice


PUBLIC_PAGES = [
    "/",
    "/practices/",
    "/practices/?q=training&theme=greening&country=DE&region=mars",
    "/practices/dual-training/",
    "/themes/",
    "/themes/greening/",
    "/challenges/",
    "/challenges/data-gaps/",
    "/countries/",
    "/countries/DE/",
    "/institutions/",
    "/institutions/polytechnic/",
]

# Pages that answer with an error still carry the policy and the same template.
ERROR_PAGES = ["/no-such-page/", "/practices/no-such-practice/"]


def get(client, path):
    response = client.get(path)
    expected = 404 if path in ERROR_PAGES else 200
    assert response.status_code == expected, path
    return response


@pytest.mark.parametrize("path", PUBLIC_PAGES + ERROR_PAGES)
def test_page_has_a_strict_content_security_policy(client, site, path):
    response = get(client, path)

    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", PUBLIC_PAGES + ERROR_PAGES)
def test_page_forbids_sniffing_and_framing(client, site, path):
    response = get(client, path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


class PageAudit(HTMLParser):
    """Inline code, inline style and references to other hosts in a page."""

    # Attributes that make the browser load something (an <a href> only links).
    LOADING_ATTRIBUTES = {
        "src",
        "href",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.external_links = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            # JSON-LD is a data block the browser never runs.
            data_block = attributes.get("type") == "application/ld+json"
            self._in_script = not data_block
            if not attributes.get("src") and not data_block:
                self.problems.append("<script> without src")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style= attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= event handler on <{tag}>")
            if name in self.LOADING_ATTRIBUTES and is_absolute(value):
                if is_own_host(value):
                    continue  # e.g. <link rel="canonical">: our own address
                if tag == "a" and name == "href":
                    self.external_links.append(value)
                else:
                    self.problems.append(
                        f"<{tag} {name}={value!r}> loads from another host"
                    )
            if name == "href" and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: address on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline code inside <script>")


def is_own_host(value):
    return (value or "").strip().lower().startswith("http://testserver/")


def is_absolute(value):
    value = (value or "").strip().lower()
    return value.startswith(("http:", "https:", "//")) or any(
        part.strip().startswith(("http:", "https:", "//"))
        for part in value.split(",")[1:]
    )


def audit(content):
    parser = PageAudit()
    parser.feed(content.decode())
    parser.close()
    return parser


@pytest.mark.parametrize("path", PUBLIC_PAGES + ERROR_PAGES)
def test_page_has_no_inline_script_or_style(client, site, path):
    response = get(client, path)

    assert audit(response.content).problems == []


@pytest.mark.parametrize("path", PUBLIC_PAGES + ERROR_PAGES)
def test_page_loads_nothing_from_another_host(client, site, path):
    response = get(client, path)

    assert [p for p in audit(response.content).problems if "another host" in p] == []


SHARE_HOSTS = [
    ("WhatsApp", "https://wa.me/"),
    ("LinkedIn", "https://www.linkedin.com/"),
    ("Facebook", "https://www.facebook.com/"),
    ("X", "https://x.com/"),
    ("Bluesky", "https://bsky.app/"),
]


def test_external_addresses_appear_only_as_links(client, site):
    practice = get(client, "/practices/dual-training/")
    institution = get(client, "/institutions/polytechnic/")

    # Besides its source, a practice links only to the places its share block
    # names: plain links, nothing loaded from them.
    share_hosts = [host for _, host in SHARE_HOSTS]
    assert [
        link
        for link in audit(practice.content).external_links
        if not link.startswith(tuple(share_hosts))
    ] == ["https://example.org/forum-report"]
    assert audit(institution.content).external_links == ["https://example.com/"]


def test_auditor_catches_what_it_looks_for():
    """The page audit itself: each forbidden construct is reported."""
    page = (
        b"<html><head><style>p{}</style><script>alert(1)</script>"
        b'<script src="https://cdn.example.net/x.js"></script>'
        b'<link rel="stylesheet" href="//fonts.example.net/f.css"></head>'
        b'<body><p style="color:red" onclick="x()">x</p>'
        b'<img src="http://example.net/i.png"><a href="https://example.org/">ok</a>'
        b"</body></html>"
    )

    parser = audit(page)

    assert parser.problems == [
        "<style> element",
        "<script> without src",
        "inline code inside <script>",
        "<script src='https://cdn.example.net/x.js'> loads from another host",
        "<link href='//fonts.example.net/f.css'> loads from another host",
        "style= attribute on <p>",
        "onclick= event handler on <p>",
        "<img src='http://example.net/i.png'> loads from another host",
    ]
    assert parser.external_links == ["https://example.org/"]


# --- health check --------------------------------------------------------------


def test_healthz_reports_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_reports_an_unavailable_database(client):
    with mock.patch(
        "tvetkb.views.connection.cursor",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] != "ok"
    # Once the database answers again, so does the check.
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


def test_healthz_answers_over_plain_http_when_https_is_enforced(settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    assert client.get("/practices/").status_code == 301
    assert client.get("/healthz").status_code == 200
