"""Two server processes share one Redis: a practice archived through one of
them (in the admin) disappears at once from the pages the other had cached.

Both are real gunicorn processes with the page cache on, against the test
database (committed data: a transactional test) and a Redis server of the
test's own on a free port; all three are stopped however the test ends."""

import http.cookiejar
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_totp_code
from tests.factories import PracticeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="no redis-server"),
]

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "two-processes-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(answers, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if answers():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


@contextmanager
def running(args, env=None):
    process = subprocess.Popen(
        args,
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def redis_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def page_status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture
def redis_url():
    """A Redis server of this test's own, empty, on a free port."""
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    with running([*args, "--save", "", "--appendonly", "no"]) as server:
        wait_until(lambda: redis_answers(port), server, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"


def database_url(tmp_path):
    """The test database as a DATABASE_URL another process can open. SQLite's
    test database lives in this process's memory: it is copied to a file
    (the servers then share that file)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        user = urllib.parse.quote(settings["USER"] or "")
        password = urllib.parse.quote(settings["PASSWORD"] or "")
        credentials = f"{user}:{password}@" if password else f"{user}@"
        return (
            f"postgres://{credentials}{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    pytest.skip(f"no server test on {connection.vendor}")


@contextmanager
def servers(count, database, redis):
    """`count` gunicorn processes (one worker each) on free ports, sharing the
    database and Redis: their base addresses."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tests.tvetkb.server_settings",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "SECRET_KEY": "two-processes-test-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        # Plain HTTP on 127.0.0.1: the cookies must travel without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SESSION_COOKIE_SECURE": "0",
    }
    with ExitStack() as stack:
        started = []
        for _ in range(count):
            port = free_port()
            args = [str(GUNICORN), "tvetkb.wsgi", "--bind", f"127.0.0.1:{port}"]
            process = stack.enter_context(running([*args, "--workers", "1"], env))
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            health = f"{base}/healthz"
            wait_until(lambda url=health: page_status(url) == 200, process, base)
        yield [base for _, base in started]


def get(url):
    """(status, body, X-Page-Cache) of an anonymous visitor's request."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return (
                response.status,
                response.read().decode(),
                response.headers.get("X-Page-Cache"),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("X-Page-Cache")


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def archive_in_the_admin(base, username, device, practice):
    """Sign in to `base`'s admin (password and one-time code) and run the
    list's "archive" action on `practice`, as an editor would."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def post(path, data):
        page = browser.open(f"{base}{path}", timeout=10).read().decode()
        body = urllib.parse.urlencode(
            {**data, "csrfmiddlewaretoken": csrf_token(page)}, doseq=True
        ).encode()
        with browser.open(f"{base}{path}", body, timeout=10) as response:
            return response.geturl(), response.read().decode()

    landed, _ = post(
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": PASSWORD,
            "otp_token": current_totp_code(device),
        },
    )
    assert "/admin/login/" not in landed, "the editor could not sign in"
    _, changelist = post(
        "/admin/practices/practice/",
        {"action": "archive", "_selected_action": [practice.pk], "index": 0},
    )
    assert "1 practice moved to" in changelist


def test_a_practice_archived_through_one_process_leaves_the_other_at_once(
    tmp_path, redis_url, django_user_model
):
    practice = PracticeFactory(title="Tidal energy apprenticeships")
    # Any account that may archive; a superuser needs no group from the
    # migrations, which this committed-data test cannot count on finding.
    editor = django_user_model.objects.create_superuser(
        "editor-b", "editor-b@example.org", PASSWORD
    )
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    detail = practice.get_absolute_url()
    database = database_url(tmp_path)

    with servers(2, database, redis_url) as (first, second):
        # Both processes store the practice's page and the list, and answer
        # them from Redis.
        for base in (first, second):
            for path in (detail, "/practices/"):
                assert get(base + path)[::2] == (200, "miss")
                status, body, cached = get(base + path)
                assert (status, cached) == (200, "hit")
                assert "Tidal energy apprenticeships" in body

        archive_in_the_admin(second, editor.username, device, practice)

        status, _, cached = get(first + detail)
        assert status in (404, 410) and cached != "hit"
        status, body, cached = get(first + "/practices/")
        assert status == 200 and cached != "hit"
        assert "Tidal energy apprenticeships" not in body
