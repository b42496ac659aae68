"""The translation catalogues (locale/) are complete and current: every
message translated, none fuzzy, the compiled .mo files match their .po, and
the .po files hold every string the code marks for translation."""

import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = settings.BASE_DIR / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def _unquote(line):
    return ast.literal_eval(line.strip())


def read_po(path):
    """The catalogue's entries: dicts with flags, msgctxt, msgid, msgid_plural
    and msgstr (or msgstr[n]), obsolete entries left out."""
    entries, entry, key = [], None, None
    for line in [*Path(path).read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = _unquote(value)
    return [e for e in entries if not e.get("obsolete")]


def messages(path):
    return [e for e in read_po(path) if e["msgid"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = read_po(po)
    header = next(e for e in entries if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    untranslated, fuzzy = [], []
    for entry in messages(po):
        if "fuzzy" in entry["flags"]:
            fuzzy.append(entry["msgid"])
        strings = [v for k, v in entry.items() if k.startswith("msgstr")]
        if not strings or not all(strings):
            untranslated.append(entry["msgid"])
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in messages(folder / "django.po"):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n in (1, 2, 5, 11, 100):
                got = (
                    compiled.npgettext(
                        context, entry["msgid"], entry["msgid_plural"], n
                    )
                    if context
                    else compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                )
                if got not in {v for k, v in entry.items() if k.startswith("msgstr[")}:
                    stale.append(entry["msgid"])
                    break
        else:
            got = (
                compiled.pgettext(context, entry["msgid"])
                if context
                else compiled.gettext(entry["msgid"])
            )
            if got != entry["msgstr"]:
                stale.append(entry["msgid"])
    assert stale == [], "run: manage.py compilemessages"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is not installed"
)
def test_the_catalogues_hold_every_marked_string(tmp_path):
    """makemessages run on a copy of the code finds no string the committed
    catalogue lacks, and none it no longer needs."""
    base = settings.BASE_DIR
    for name in ("practices", "tvetkb", "templates", "locale"):
        shutil.copytree(base / name, tmp_path / name)
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
        + [f"--locale={language}" for language in LANGUAGES],
        cwd=tmp_path,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        relative = Path(language) / "LC_MESSAGES" / "django.po"
        committed = {e["msgid"] for e in messages(LOCALE / relative)}
        current = {e["msgid"] for e in messages(tmp_path / "locale" / relative)}
        assert current - committed == set(), f"{language}: run makemessages"
        assert committed - current == set(), f"{language}: obsolete messages"
