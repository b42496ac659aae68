"""The report's fixtures, as `python manage.py seed` loads them."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from practices.models import Challenge, Institution, Practice, Source, Theme

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def snapshot():
    out = StringIO()
    call_command("dumpdata", "practices", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.usefixtures("seeded")
def test_everything_in_the_fixtures_is_loaded_and_published():
    assert Practice.objects.published().count() == len(fixture("practices")) >= 30
    assert Institution.objects.count() == len(fixture("institutions"))
    assert Theme.objects.count() == len(fixture("themes")) >= 12
    assert Challenge.objects.count() == 5
    assert Source.objects.count() == 3


@pytest.mark.usefixtures("seeded")
def test_the_five_challenges_come_in_the_reports_order():
    assert [c.slug for c in Challenge.objects.all()] == [
        "data-gaps",
        "collaboration",
        "empowering-institutions",
        "private-sector-linkages",
        "context-for-transfer",
    ]


@pytest.mark.usefixtures("seeded")
def test_every_practice_has_a_theme_a_source_and_a_section():
    practices = Practice.objects.prefetch_related("themes").select_related("source")
    for practice in practices:
        assert practice.themes.exists(), practice.slug
        assert practice.source.slug == "unevoc-global-forum-2019-report", practice.slug
        assert practice.source_section, practice.slug
        assert practice.summary, practice.slug


@pytest.mark.usefixtures("seeded")
def test_every_challenge_is_answered_by_a_published_practice():
    for challenge in Challenge.objects.all():
        assert challenge.practices.filter(status="published").exists(), challenge.slug


@pytest.mark.usefixtures("seeded")
def test_the_marketplace_cases_and_their_institutions_are_there():
    flatfish = Practice.objects.get(slug="flatfish-case")
    roles = {i.institution.slug: i.role for i in flatfish.involvements.all()}
    assert roles == {"senai-cimatec": "lead", "dfki": "partner", "shell": "partner"}
    sections = set(Practice.objects.values_list("source_section", flat=True))
    assert sum(s.startswith("The Marketplace — ") for s in sections) == 10


@pytest.mark.usefixtures("seeded")
def test_countries_get_their_unesco_region():
    regions = dict(
        Practice.objects.get(slug="tesda-4-0-equipped-learner")
        .countries.values_list("code", "region")
        .all()
    )
    assert regions == {"PH": "asia-pacific"}


def test_seeding_twice_changes_nothing(seeded):
    before = snapshot()
    out = StringIO()
    call_command("seed", stdout=out)
    assert snapshot() == before
    assert "nothing loaded" in out.getvalue()


def test_seeding_again_does_not_bring_back_what_curators_removed(seeded):
    Practice.objects.get(slug="flatfish-case").delete()
    renamed = Practice.objects.get(slug="bkal-360")
    renamed.slug = "bkal-360-degrees"
    renamed.status = Practice.Status.ARCHIVED
    renamed.save()

    call_command("seed", verbosity=0)

    assert not Practice.objects.filter(slug__in=["flatfish-case", "bkal-360"]).exists()
    assert Practice.objects.get(slug="bkal-360-degrees").status == "archived"


def test_add_missing_restores_absent_records_and_changes_no_other(seeded):
    Practice.objects.get(slug="flatfish-case").delete()
    edited = Practice.objects.get(slug="bkal-360")
    edited.title = "Edited by a curator"
    edited.save()

    out = StringIO()
    call_command("seed", add_missing=True, stdout=out)

    assert Practice.objects.filter(slug="flatfish-case").exists()
    assert Practice.objects.get(slug="bkal-360").title == "Edited by a curator"
    assert "1 practices" in out.getvalue()


def test_seeding_again_keeps_a_curators_edits(seeded):
    practice = Practice.objects.get(slug="flatfish-case")
    practice.title = "The Flatfish (edited by a curator)"
    practice.status = Practice.Status.DRAFT
    practice.save()
    practice.themes.clear()

    call_command("seed", add_missing=True, verbosity=0)

    practice.refresh_from_db()
    assert practice.title == "The Flatfish (edited by a curator)"
    assert practice.status == Practice.Status.DRAFT
    assert not practice.themes.exists()


def test_a_broken_fixture_is_refused_and_loads_nothing(tmp_path):
    for name in ("sources", "themes", "challenges", "institutions"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(fixture(name)), encoding="utf-8")
    practices = fixture("practices")
    practices[-1]["themes"] = ["no-such-theme"]
    (tmp_path / "practices.json").write_text(json.dumps(practices), encoding="utf-8")

    with pytest.raises(CommandError, match="no-such-theme"):
        call_command("seed", fixtures=tmp_path, verbosity=0)
    assert not Practice.objects.exists()
    assert not Theme.objects.exists()


@pytest.mark.usefixtures("seeded")
def test_every_practice_is_found_by_theme_by_country_and_by_a_word_of_its_title(client):
    for practice in Practice.objects.prefetch_related("themes", "countries"):
        theme = practice.themes.first()
        html = client.get("/practices/", {"theme": theme.slug}).content.decode()
        assert practice.get_absolute_url() in html, (practice.slug, theme.slug)

        for country in practice.countries.all():
            html = client.get("/practices/", {"country": country.code}).content.decode()
            assert practice.get_absolute_url() in html, (practice.slug, country.code)

        word = max(re.findall(r"[A-Za-z][A-Za-z.]{3,}", practice.title), key=len)
        html = client.get("/practices/", {"q": word}).content.decode()
        assert practice.get_absolute_url() in html, (practice.slug, word)


@pytest.mark.usefixtures("seeded")
def test_the_reports_practices_are_described_and_not_yet_verified():
    # The report describes initiatives; it evaluates none of them.
    assert set(Practice.objects.values_list("evidence_level", flat=True)) == {
        "described"
    }
    assert not Practice.objects.filter(last_verified__isnull=False).exists()
