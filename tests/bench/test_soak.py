"""The soak's pure parts (bench/soak.py): the verdict it prints as pass or
FAIL, the check of the curators' saves, the form a browser would send and the
one-time codes."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import soak


def figures(p50, server_errors=0, unanswered=0):
    return {
        "rps": 100.0,
        "p50_ms": p50 * 3,
        "hit_p50_ms": p50,
        "p99_ms": p50 * 5,
        "hit_ratio": 0.9,
        "server_errors": server_errors,
        "client_errors": 3,
        "unanswered": unanswered,
        "requests": 1000,
    }


def passes(quiet=2.0, soaked=2.5, curators=None, problems=(), imported=True, **soak_):
    curators = curators or {
        "landed": 10,
        "refused": 2,
        "failed": 0,
        "server_errors": 0,
    }
    checks = soak.verdict(
        {"cached": figures(quiet), "mixed": figures(20.0)},
        {"cached": figures(soaked, **soak_), "mixed": figures(25.0)},
        curators,
        list(problems),
        {"ok": imported, "summary": "300 of 300 practices updated"},
    )
    return {what.split(" (")[0]: passed for what, passed, _ in checks}


def test_a_clean_soak_passes_every_check():
    assert all(passes().values())


def test_a_server_error_or_an_unanswered_request_fails():
    assert not passes(server_errors=1)["0 server errors"]
    assert not passes(unanswered=1)["0 server errors"]
    curators = {"landed": 5, "refused": 0, "failed": 1, "server_errors": 1}
    assert not passes(curators=curators)["0 server errors"]


def test_a_lost_edit_fails_and_so_does_a_soak_where_no_edit_landed():
    assert not passes(problems=["practice 1: a save that landed is not kept"])[
        "0 lost edits"
    ]
    curators = {"landed": 0, "refused": 4, "failed": 0, "server_errors": 0}
    assert not passes(curators=curators)["0 lost edits"]


def test_a_failed_import_fails():
    assert not passes(imported=False)["the import went through"]


def test_unchanged_median_is_within_half_again_or_two_milliseconds():
    assert soak.median_unchanged(2.0, 4.0)  # +2 ms
    assert not soak.median_unchanged(2.0, 4.1)
    assert soak.median_unchanged(10.0, 15.0)  # 1.5 times
    assert not soak.median_unchanged(10.0, 15.1)
    assert not passes(quiet=2.0, soaked=5.0)["median of cached pages unchanged"]


def test_saves_that_landed_are_in_the_history_and_the_last_is_current():
    landed = {1: ["a", "b"], 2: ["c"]}
    refused = {1: ["x"]}
    stored = {
        1: {"current": "b", "history": ["a", "b"]},
        2: {"current": "c", "history": ["c"]},
        3: {"current": "untouched", "history": []},
    }

    assert soak.lost_edits(landed, refused, stored) == []


def test_a_landed_save_missing_a_refused_one_stored_or_an_older_one_current():
    assert soak.lost_edits({1: ["a", "b"]}, {}, {1: {"current": "a", "history": ["a"]}})
    assert soak.lost_edits(
        {1: ["a"]}, {1: ["x"]}, {1: {"current": "x", "history": ["a"]}}
    )
    assert soak.lost_edits(
        {1: ["a", "b"]}, {}, {1: {"current": "a", "history": ["a", "b"]}}
    )


FORM = """
<form id="other"><input name="elsewhere" value="no"></form>
<form id="practice_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t&amp;k">
  <input type="text" name="title" value="Dual training">
  <textarea name="summary">
First line &lt;b&gt;</textarea>
  <input type="checkbox" name="featured" checked>
  <input type="checkbox" name="unticked" value="1">
  <select name="source">
    <option value="">---</option><option value="4">R</option>
  </select>
  <select name="scope"><option value="n" selected>N</option></select>
  <select name="themes" multiple>
    <option value="1" selected>A</option><option value="2">B</option>
    <option value="3" selected>C</option>
  </select>
  <input type="text" name="off" value="x" disabled>
  <input type="submit" name="_save" value="Save">
  <input type="file" name="upload">
</form>
"""


def test_the_form_is_read_as_a_browser_sends_it():
    assert soak.form_fields(FORM, "practice_form") == [
        ("csrfmiddlewaretoken", "t&k"),
        ("title", "Dual training"),
        ("summary", "First line <b>"),
        ("featured", "on"),
        ("source", ""),
        ("scope", "n"),
        ("themes", "1"),
        ("themes", "3"),
    ]


def test_one_time_codes_are_rfc_6238s():
    # RFC 6238's SHA-1 test vector at T = 59 s: 94287082 (8 digits).
    key = b"12345678901234567890".hex()
    assert soak.totp(key, at=59, digits=8) == "94287082"
    assert soak.totp(key, at=1111111109, digits=8) == "07081804"


def test_one_time_codes_are_the_ones_the_admin_accepts():
    from django_otp.oath import TOTP

    key = "3132333435363738393031323334353637383930"
    moment = 1_700_000_000
    expected = TOTP(bytes.fromhex(key))
    expected.time = moment
    assert soak.totp(key, at=moment) == f"{expected.token():06d}"


def test_the_cached_groups_figures_tell_hits_from_renders():
    answers = [
        (2.0, True, 200),
        (3.0, True, 200),
        (4.0, True, 200),
        (80.0, False, 200),
        (90.0, False, 404),
        (5000.0, False, 503),
        (10000.0, False, None),
    ]

    row = soak.visitor_figures(answers, seconds=7)

    assert row["requests"] == 7 and row["rps"] == 1.0
    assert row["hit_p50_ms"] == 3.0
    assert row["p50_ms"] == 4.0  # the unanswered request has no latency
    assert row["hit_ratio"] == 0.5
    assert (row["client_errors"], row["server_errors"], row["unanswered"]) == (1, 1, 1)


def test_a_soak_without_any_hit_fails_the_median():
    row = soak.visitor_figures([(50.0, False, 200)], seconds=1)

    assert row["hit_p50_ms"] is None
    assert not soak.median_unchanged(2.0, row["hit_p50_ms"])
