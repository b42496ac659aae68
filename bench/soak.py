"""`make soak`: a minute of mixed traffic against gunicorn under production
settings while two curators edit practices in the admin and an import runs.
See bench/README.md ("The soak") for what it does and what it checks, and
bench/RESULTS.md for the last full run.

Environment: SOAK_SECONDS (60), SOAK_QUIET_SECONDS (15), SOAK_PRACTICES
(2000), SOAK_IMPORT_ROWS (300), SOAK_DATABASE (tvetkb_soak), SOAK_REDIS
(redis://127.0.0.1:6379/13), SOAK_PORT (8733), SOAK_RATE (100 requests/s in
all), and the benchmark's BENCH_PG and BENCH_WORKERS.
"""

import hmac
import html.parser
import http.cookiejar
import json
import os
import random
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from run import (
    OUT,
    PYTHON,
    ROOT,
    build_database,
    collect_static,
    django_env,
    log,
    probe,
    run,
    tvetkb_server,
)

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
QUIET_SECONDS = int(os.environ.get("SOAK_QUIET_SECONDS", "15"))
PRACTICES = int(os.environ.get("SOAK_PRACTICES", "2000"))
IMPORT_ROWS = int(os.environ.get("SOAK_IMPORT_ROWS", "300"))
DATABASE = os.environ.get("SOAK_DATABASE", "tvetkb_soak")
REDIS = os.environ.get("SOAK_REDIS", "redis://127.0.0.1:6379/13")
PORT = int(os.environ.get("SOAK_PORT", "8733"))
BASE = f"http://127.0.0.1:{PORT}"

# 16 visitors (threads, a connection per request): 4 on the cached pages whose
# median is compared, 12 on the rest of the mix (searches, filters, junk
# parameters, the API, bad input). Not wrk: paced, it opens each connection
# and then waits before sending the request, holding a sync worker the while
# (a slow client, which nginx's buffering keeps from gunicorn in production).
CACHED_CONNECTIONS, MIXED_CONNECTIONS = 4, 12
# Requests per second offered in all, 40 % of them to the cached pages: well
# under what the server answers from the cache (about 330/s on the 2-core
# machine of bench/RESULTS.md), so a median measures how long a page takes,
# not how long the queue is. A flood that saturates the server measures only
# its capacity: any other work on the machine (the import's process takes one
# of two cores) would move that median whatever the site does.
RATE = float(os.environ.get("SOAK_RATE", "100"))
CACHED_SHARE = 0.4
# The import starts this far into the soak.
IMPORT_AFTER_SECONDS = 20
CURATORS = ("soak-curator-1", "soak-curator-2")
EDITED_PRACTICES = 2  # both curators edit the same two: conflicts happen
# A curator's pace, in seconds: reading the form and typing, then looking for
# the next practice (a save every 20 s or so each; a real curator is slower).
THINK_SECONDS, PAUSE_SECONDS = (5, 15), (5, 15)
PASSWORD = "soak-" + "p" * 20
CONFLICT_TEXT = "Someone else saved this"

# "Unchanged": the soak's median of cached pages at most this many times the
# quiet pass's, or this many milliseconds more, whichever allows more (a
# median of 2 ms moves by a millisecond from one quiet run to the next).
MEDIAN_RATIO, MEDIAN_SLACK_MS = 1.5, 2.0


# --- the verdict (pure: tests/bench/test_soak.py) ---------------------------


def median_unchanged(quiet_ms, soak_ms):
    """False when either pass had no page answered from the cache."""
    if quiet_ms is None or soak_ms is None:
        return False
    return soak_ms <= max(quiet_ms * MEDIAN_RATIO, quiet_ms + MEDIAN_SLACK_MS)


def lost_edits(landed, refused, stored):
    """What went wrong with the curators' saves, as sentences (none: nothing
    lost). `landed` and `refused`: {practice id: [summary sent, ...]} for
    saves the admin accepted and refused as conflicts; `stored`: {practice
    id: {"current": summary now, "history": [summary of each saved version,
    oldest first]}}. Every accepted save must be in the history once, no
    refused one anywhere, and the practice must hold its last version."""
    problems = []
    for pk, record in stored.items():
        history, current = record["history"], record["current"]
        for summary in landed.get(pk, []):
            if history.count(summary) != 1:
                problems.append(f"practice {pk}: a save that landed is not kept")
        for summary in refused.get(pk, []):
            if summary in history or summary == current:
                problems.append(f"practice {pk}: a refused save was stored")
        if history and current != history[-1]:
            problems.append(f"practice {pk}: it does not hold its last version")
    return problems


def verdict(quiet, soak, curators, problems, imported):
    """[(what, passed, figures), ...]: what `make soak` checks."""
    cached_quiet = quiet["cached"]["hit_p50_ms"]
    cached_soak = soak["cached"]["hit_p50_ms"]
    server_errors = sum(group["server_errors"] for group in soak.values())
    unanswered = sum(group["unanswered"] for group in soak.values())
    server_errors += curators["server_errors"]
    saves = curators["landed"] + curators["refused"]
    return [
        (
            "0 server errors (5xx), every request answered",
            server_errors == 0 and unanswered == 0 and curators["failed"] == 0,
            f"{server_errors} server errors, {unanswered} without an answer, "
            f"{curators['failed']} curator saves that failed otherwise",
        ),
        (
            "0 lost edits",
            not problems and curators["landed"] > 0,
            f"{saves} saves: {curators['landed']} landed, "
            f"{curators['refused']} refused as conflicts"
            + "".join(f"; {problem}" for problem in problems),
        ),
        (
            "the import went through",
            imported["ok"],
            imported["summary"],
        ),
        (
            f"median of cached pages unchanged (pages answered from the cache: "
            f"at most {MEDIAN_RATIO}x or +{MEDIAN_SLACK_MS:g} ms)",
            median_unchanged(cached_quiet, cached_soak),
            f"{_ms(cached_quiet)} ms quiet, {_ms(cached_soak)} ms during the soak",
        ),
    ]


def render(quiet, soak, checks):
    lines = [
        "| pass | group | requests/s | p50 ms | p99 ms | from the cache "
        "| p50 ms of those | 4xx | 5xx | no answer |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in (("quiet", quiet), ("soak", soak)):
        for group, row in figures.items():
            lines.append(
                f"| {name} | {group} | {row['rps']:.0f} | {row['p50_ms']:.1f} "
                f"| {row['p99_ms']:.1f} | {row['hit_ratio']:.0%} "
                f"| {_ms(row.get('hit_p50_ms'))} "
                f"| {row['client_errors']} | {row['server_errors']} "
                f"| {row['unanswered']} |"
            )
    lines.append("")
    for what, passed, figures in checks:
        lines.append(f"- {'pass' if passed else 'FAIL'}: {what}: {figures}")
    return "\n".join(lines) + "\n"


def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def percentile(values, share):
    """The value below which `share` of `values` lie (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def visitor_figures(answers, seconds):
    """The figures of the cached group from its answers: [(milliseconds,
    answered from the cache, status or None for no answer), ...]."""
    answered = [answer for answer in answers if answer[2] is not None]
    latencies = [ms for ms, _, _ in answered]
    hits = [ms for ms, hit, _ in answered if hit]
    return {
        "rps": len(answers) / seconds,
        "p50_ms": percentile(latencies, 0.5) or 0.0,
        "p99_ms": percentile(latencies, 0.99) or 0.0,
        "hit_ratio": len(hits) / max(len(answered), 1),
        "hit_p50_ms": percentile(hits, 0.5),
        "server_errors": sum(1 for _, _, status in answered if status >= 500),
        "client_errors": sum(1 for _, _, status in answered if 400 <= status < 500),
        "unanswered": len(answers) - len(answered),
        "requests": len(answers),
    }


# --- the curators' browser (pure parts tested too) --------------------------


def totp(key_hex, at=None, step=30, digits=6):
    """The one-time code an authenticator app shows (RFC 6238, as django-otp
    checks it)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.digest(bytes.fromhex(key_hex), struct.pack(">Q", counter), "sha1")
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


class FormReader(html.parser.HTMLParser):
    """The fields a browser sends for the form with id `form_id`, in order:
    [(name, value), ...]. Unchecked boxes, buttons, file and disabled fields
    are not sent; a single select with nothing selected sends its first
    option; a textarea loses the newline after its opening tag."""

    SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields, self.select, self.option, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in self.SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs}
            self.select.update(options=[], selected=[])
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "text": ""}
            self.option["selected"] = "selected" in attrs
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._close_option()
            chosen = self.select["selected"]
            if not chosen and not self.select["multiple"] and self.select["options"]:
                chosen = self.select["options"][:1]
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self.fields.append((self.textarea["name"], text))
            self.textarea = None

    def _close_option(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"]
        self.select["options"].append(value)
        if option["selected"]:
            self.select["selected"].append(value)


def form_fields(page, form_id):
    reader = FormReader(form_id)
    reader.feed(page)
    reader.close()
    return reader.fields


class _Unredirected(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to read, not to follow


class Curator:
    """A curator in the admin over HTTP: signs in with a password and a
    one-time code, then edits practices' summaries, each save landing (a
    redirect) or refused as a conflict (the form again, with the message)."""

    def __init__(self, username, key_hex):
        self.username, self.key_hex = username, key_hex
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _Unredirected,
        )
        self.landed, self.refused = {}, {}
        self.failed = self.server_errors = 0

    def open(self, path, fields=None):
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.browser.open(f"{BASE}{path}", body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode()

    def sign_in(self):
        _, page = self.open("/admin/login/")
        fields = dict(form_fields(page, "login-form"))
        fields.update(
            username=self.username, password=PASSWORD, otp_token=totp(self.key_hex)
        )
        status, _ = self.open("/admin/login/?next=/admin/", fields)
        if status != 302:
            raise RuntimeError(f"{self.username} could not sign in ({status})")

    def edit(self, pk, number):
        path = f"/admin/practices/practice/{pk}/change/"
        status, page = self.open(path)
        if status != 200:
            self._failed(status)
            return
        summary = f"Edited during the soak by {self.username}, save {number}."
        fields = [
            (name, summary if name == "summary" else value)
            for name, value in form_fields(page, "practice_form")
        ]
        time.sleep(random.uniform(*THINK_SECONDS))
        status, page = self.open(path, [*fields, ("_save", "Save")])
        if status == 302:
            self.landed.setdefault(pk, []).append(summary)
        elif status == 200 and CONFLICT_TEXT in page:
            self.refused.setdefault(pk, []).append(summary)
        else:
            self._failed(status)

    def _failed(self, status):
        self.failed += 1
        if status >= 500:
            self.server_errors += 1
        log(f"{self.username}: a save answered {status}")

    def work(self, pks, stop):
        number = 0
        while not stop.is_set():
            number += 1
            try:
                self.edit(random.choice(pks), number)
            except OSError as error:  # no answer (refused, timed out)
                self.failed += 1
                log(f"{self.username}: a save got no answer: {error}")
            stop.wait(random.uniform(*PAUSE_SECONDS))


# --- the run ----------------------------------------------------------------


def shell(code, **extra):
    """Run `code` in `manage.py shell` on the soak's database; its last line of
    output, read as JSON."""
    result = run(
        PYTHON,
        "manage.py",
        "shell",
        "-c",
        code,
        env=django_env(DATABASE, **extra),
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


SET_UP_CURATORS = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from practices.models import Practice
keys = {}
for username in USERNAMES:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Curators"))
    TOTPDevice.objects.filter(user=user).delete()
    keys[username] = TOTPDevice.objects.create(
        user=user, name="soak", confirmed=True
    ).key
edited = list(
    Practice.objects.published().exclude(slug__startswith="g1-")
    .order_by("pk").values_list("pk", flat=True)[:COUNT]
)
print(json.dumps({"keys": keys, "practices": edited}))
"""

# The admin import's own code (PracticeResource, all or nothing, as a curator
# with the right to change practices), in a process of its own: every
# generated practice's summary is updated.
IMPORT = """
import json, time
import tablib
from django.contrib.auth import get_user_model
from practices.curation.resources import PracticeResource
from practices.models import Practice
generated = Practice.objects.filter(slug__startswith="g1-").order_by("pk")
rows = generated.filter(pk__in=list(generated.values_list("pk", flat=True)[:ROWS]))
dataset = tablib.Dataset().load(PracticeResource().export(rows).csv, format="csv")
column = dataset.headers.index("summary")
updated = tablib.Dataset(headers=dataset.headers)
for row in dataset:
    row = list(row)
    row[column] += " Updated by the soak's import."
    updated.append(row)
user = get_user_model().objects.get(username=USERNAME)
started = time.monotonic()
result = PracticeResource().import_data(updated, user=user)
print(json.dumps({
    "totals": dict(result.totals),
    "errors": result.has_errors() or result.has_validation_errors(),
    "seconds": round(time.monotonic() - started, 1),
}))
"""

READ_HISTORY = """
import json
from reversion.models import Version
from practices.models import Practice
stored = {}
for pk in PKS:
    versions = Version.objects.get_for_object_reference(Practice, pk).order_by("pk")
    stored[pk] = {
        "current": Practice.objects.get(pk=pk).summary,
        "history": [version.field_dict["summary"] for version in versions],
    }
print(json.dumps(stored))
"""


def with_values(code, **values):
    return "".join(f"{name} = {value!r}\n" for name, value in values.items()) + code


def addresses(probed):
    """(cached, mixed): the pages visitors ask for most, each stored by the
    page cache before the passes, and everything else."""
    pages = probed["tvetkb"]
    cached = [*pages["home"], *pages["list"], *pages["detail"]]
    mixed = [
        *pages["search_common"],
        *pages["search_rare"],
        *pages["list_filtered"],
        *pages["api_list"],
    ]
    junk = [
        f"{path}{'&' if '?' in path else '?'}utm_source=soak-{n}&fbclid=x{n}"
        for n, path in enumerate(pages["search_rare"][:20] + pages["list"][:20])
    ]
    bad_input = [
        "/practices/?page=999999",
        "/practices/?page=abc",
        "/practices/?theme=no-such-theme&year=abc",
        "/practices/?q=%00%01",
        "/practices/no-such-practice/",
        "/api/practices/?page=0",
        "/practices.csv",
        "/practices.csv?theme=no-such-theme",
    ]
    return cached, mixed + junk + bad_input


def warm(paths):
    for path in paths:
        try:
            with urllib.request.urlopen(f"{BASE}{path}", timeout=60) as response:
                response.read()
        except urllib.error.HTTPError:
            pass  # a 4xx for bad input is the answer expected


def visitors(paths, connections, seconds, rate):
    """`connections` visitors of `paths` at about `rate` requests per second
    in all, each request timed and marked as answered from the page cache or
    not; a function waiting for the figures."""
    answers = []
    stop_at = time.monotonic() + seconds
    pause = connections / rate

    def visit(position):
        while time.monotonic() < stop_at:
            time.sleep(random.uniform(pause / 2, pause * 1.5))
            path = paths[position % len(paths)]
            position += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{BASE}{path}", timeout=10) as answer:
                    answer.read()
                    status, hit = answer.status, answer.headers["X-Page-Cache"]
            except urllib.error.HTTPError as answer:
                status, hit = answer.code, None
            except OSError:
                status, hit = None, None
            elapsed = (time.perf_counter() - started) * 1000
            answers.append((elapsed, hit == "hit", status))

    threads = [
        threading.Thread(target=visit, args=(number * 7919,))
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()

    def figures():
        for thread in threads:
            thread.join()
        return visitor_figures(answers, seconds)

    return figures


def traffic(cached, mixed, seconds):
    waits = {
        "cached": visitors(cached, CACHED_CONNECTIONS, seconds, RATE * CACHED_SHARE),
        "mixed": visitors(mixed, MIXED_CONNECTIONS, seconds, RATE * (1 - CACHED_SHARE)),
    }
    return lambda: {group: wait() for group, wait in waits.items()}


def run_import():
    log(f"import of {IMPORT_ROWS} practices starts")
    try:
        result = shell(
            with_values(IMPORT, ROWS=IMPORT_ROWS, USERNAME=CURATORS[0]),
            PAGE_CACHE_SECONDS="600",
            REDIS_URL=REDIS,
        )
    except (subprocess.CalledProcessError, ValueError, IndexError) as error:
        return {"ok": False, "summary": f"the import failed: {error}"}
    log(f"import done in {result['seconds']} s")
    ok = not result["errors"] and result["totals"].get("update") == IMPORT_ROWS
    return {
        "ok": ok,
        "summary": f"{result['totals'].get('update', 0)} of {IMPORT_ROWS} "
        f"practices updated in {result['seconds']} s",
    }


def main():
    OUT.mkdir(exist_ok=True)
    collect_static(DATABASE)
    build_database(DATABASE, PRACTICES)
    cached, mixed = addresses(probe(DATABASE))
    setup = shell(
        with_values(
            SET_UP_CURATORS,
            USERNAMES=CURATORS,
            PASSWORD=PASSWORD,
            COUNT=EDITED_PRACTICES,
        )
    )
    run("redis-cli", "-u", REDIS, "FLUSHDB", stdout=subprocess.DEVNULL)
    server = tvetkb_server(
        DATABASE,
        cached=True,
        redis=REDIS,
        name="tvetkb-soak",
        port=PORT,
        # The curators sign in over plain HTTP on loopback.
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
    )
    with server:
        log("storing every address in the page cache")
        warm(cached + mixed)
        log(f"quiet pass: {QUIET_SECONDS} s of traffic, no writes")
        quiet = traffic(cached, mixed, QUIET_SECONDS)()

        curators = [Curator(name, setup["keys"][name]) for name in CURATORS]
        for curator in curators:
            curator.sign_in()
        log(f"soak: {SECONDS} s of traffic, two curators editing, an import")
        stop = threading.Event()
        soaking = traffic(cached, mixed, SECONDS)
        workers = [
            threading.Thread(target=curator.work, args=(setup["practices"], stop))
            for curator in curators
        ]
        try:
            for worker in workers:
                worker.start()
            time.sleep(IMPORT_AFTER_SECONDS)
            imported = run_import()
            soak = soaking()
        finally:
            stop.set()
            for worker in workers:
                if worker.is_alive():
                    worker.join()

    stored = {
        int(pk): record
        for pk, record in shell(
            with_values(READ_HISTORY, PKS=setup["practices"])
        ).items()
    }
    landed, refused = {}, {}
    for curator in curators:
        for pk, summaries in curator.landed.items():
            landed.setdefault(pk, []).extend(summaries)
        for pk, summaries in curator.refused.items():
            refused.setdefault(pk, []).extend(summaries)
    totals = {
        "landed": sum(len(s) for s in landed.values()),
        "refused": sum(len(s) for s in refused.values()),
        "failed": sum(curator.failed for curator in curators),
        "server_errors": sum(curator.server_errors for curator in curators),
    }
    checks = verdict(quiet, soak, totals, lost_edits(landed, refused, stored), imported)
    text = (
        f"Soak: {PRACTICES:,} generated practices and the report's, "
        f"{CACHED_CONNECTIONS + MIXED_CONNECTIONS} connections at about "
        f"{RATE:g} requests/s, "
        f"{QUIET_SECONDS} s quiet then {SECONDS} s soak\n\n"
        + render(quiet, soak, checks)
    )
    (OUT / "soak.md").write_text(text)
    print(text)
    if not all(passed for _, passed, _ in checks):
        sys.exit(1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
