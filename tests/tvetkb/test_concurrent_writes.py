"""Simultaneous writes on the default SQLite database wait for each other
instead of failing with "database is locked": eight people sharing a practice
at the same moment all get an answer, none a server error.

The site runs in a server process of its own on a file-based SQLite database
(whatever database the rest of the suite uses), as `make run` serves it."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SUBMISSIONS = 8


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sqlite_server(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tvetkb.settings_test",
        "SUBMISSIONS_PER_HOUR": "100",
        "CURATOR_EMAILS": "",
        # Plain HTTP on 127.0.0.1: the CSRF cookie must travel without TLS.
        "CSRF_COOKIE_SECURE": "0",
        "SESSION_COOKIE_SECURE": "0",
    }
    manage = [sys.executable, str(PROJECT_DIR / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--no-input", "--verbosity", "0"],
        env=env,
        check=True,
        cwd=PROJECT_DIR,
    )
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def submitter(base, number, start, answers):
    """One person: opens the form, then sends it when everyone is ready."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/practices/submit/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "title": f"Solar repair workshops {number}",
            "summary": "Students repair solar kits for their village.",
            "institution": f"Polytechnic {number}",
            "role": "lead",
            "submitter_name": "Ada",
            "submitter_email": "ada@example.org",
            "consent": "on",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/practices/submit/", data=data, headers={"Referer": base}
    )
    start.wait()
    try:
        answers[number] = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        answers[number] = error.code


def test_simultaneous_submissions_all_get_an_answer(sqlite_server):
    start, answers = threading.Barrier(SUBMISSIONS), {}
    people = [
        threading.Thread(target=submitter, args=(sqlite_server, n, start, answers))
        for n in range(SUBMISSIONS)
    ]
    for person in people:
        person.start()
    for person in people:
        person.join(timeout=90)

    assert len(answers) == SUBMISSIONS
    assert [status for status in answers.values() if status >= 500] == []
    assert set(answers.values()) <= {200, 302, 429}
