"""The published counts (PublishedCount) the home page and the unfiltered list
read: kept true in the transaction of every change, equal at every moment to
counting the practices afresh."""

import io
import random
import re
from datetime import date, timedelta

import pytest
import reversion
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from practices import published_counts
from practices.curation.resources import PracticeResource
from practices.curation.revisions import revert_own
from practices.listing.facets import listing_counts
from practices.listing.filters import PracticeFilterSet
from practices.models import (
    Country,
    Involvement,
    Practice,
    PublishedCount,
    Theme,
)
from tests.curation.test_import_export import (  # noqa: F401 - world is a fixture
    CREATE_ROW,
    UPDATE_ROW,
    practice_dataset,
    world,
)
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)
from tvetkb import page_cache

pytestmark = pytest.mark.django_db


def fresh():
    return published_counts.contributions()


def assert_true_counts():
    assert published_counts.stored() == fresh()


def stored(facet, value=""):
    return published_counts.stored().get((facet, str(value)), 0)


def kept_and_counted(query, page=(0, 20), **options):
    """The listing of `query` read with the kept counts and counted afresh,
    and the statement the first one ran."""
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=Practice.objects.published()
    )
    args = (filterset, Practice.objects.published(), page)
    options.setdefault("expand", QueryDict(query).getlist("all"))
    with CaptureQueriesContext(connection) as statement:
        kept = listing_counts(*args, stored=True, **options)
    counted = listing_counts(*args, **options)
    return kept, counted, statement.captured_queries[-1]["sql"]


def assert_same(kept, counted, query):
    assert (kept.total, kept.page_ids) == (counted.total, counted.page_ids), query
    for facet, counted_facet in zip(kept.facets, counted.facets, strict=True):
        assert facet == counted_facet, (query, facet.name)


@pytest.fixture
def linked():
    theme = ThemeFactory(name="Greening", slug="greening")
    country = CountryFactory(code="KE")
    institution = InstitutionFactory()
    practice = PracticeFactory(
        status=Practice.Status.DRAFT,
        themes=[theme],
        countries=[country],
        challenges=[ChallengeFactory()],
        institutions=[institution],
    )
    return practice, theme, country, institution


def test_a_draft_counts_nowhere(linked):
    assert published_counts.stored() == {}
    assert_true_counts()


def test_publishing_counts_the_practice_and_its_links(linked):
    practice, theme, _country, institution = linked

    practice.status = Practice.Status.PUBLISHED
    practice.save()

    assert stored("total") == 1
    assert stored("theme", theme.pk) == 1
    assert stored("country", "KE") == 1
    assert stored("region", "africa") == 1
    assert stored("institution", institution.pk) == 1
    assert stored("year", practice.published_at.year) == 1
    assert_true_counts()


def test_unpublishing_takes_it_away(linked):
    practice = linked[0]
    practice.status = Practice.Status.PUBLISHED
    practice.save()

    practice.status = Practice.Status.ARCHIVED
    practice.save()

    assert published_counts.stored() == {}
    assert_true_counts()


def test_deleting_a_practice_or_many(linked):
    practice = linked[0]
    practice.status = Practice.Status.PUBLISHED
    practice.save()
    others = [PracticeFactory(themes=[linked[1]]) for _ in range(3)]

    practice.delete()
    assert stored("theme", linked[1].pk) == 3
    assert_true_counts()

    Practice.objects.filter(pk__in=[p.pk for p in others[:2]]).delete()
    assert stored("theme", linked[1].pk) == 1
    assert stored("total") == 1
    assert_true_counts()


def test_links_changed_from_either_side():
    themes = [ThemeFactory(), ThemeFactory()]
    practices = [PracticeFactory() for _ in range(3)]

    practices[0].themes.add(*themes)
    assert stored("theme", themes[0].pk) == 1
    themes[1].practices.add(practices[1], practices[2])
    assert stored("theme", themes[1].pk) == 3
    practices[0].themes.remove(themes[1])
    assert stored("theme", themes[1].pk) == 2
    themes[1].practices.clear()
    assert stored("theme", themes[1].pk) == 0
    practices[0].themes.set([themes[1]])
    assert (stored("theme", themes[0].pk), stored("theme", themes[1].pk)) == (0, 1)
    assert_true_counts()


def test_countries_move_regions_and_the_location_not_stated():
    kenya, france = CountryFactory(code="KE"), CountryFactory(code="FR")
    practice = PracticeFactory(scope="")
    assert stored("region", "not-stated") == 1

    practice.countries.add(kenya, france)
    assert stored("region", "not-stated") == 0
    assert stored("region", "africa") == 1
    assert stored("region", "europe-north-america") == 1

    kenya.region = "europe-north-america"  # a country placed elsewhere
    kenya.save()
    assert stored("region", "africa") == 0
    assert stored("region", "europe-north-america") == 1  # once per practice
    assert_true_counts()

    france.delete()
    assert stored("country", "FR") == 0
    assert_true_counts()


def test_involvements_count_institutions():
    practice = PracticeFactory()
    first, second = InstitutionFactory(), InstitutionFactory()

    involvement = Involvement.objects.create(practice=practice, institution=first)
    assert stored("institution", first.pk) == 1
    involvement.institution = second
    involvement.save()
    assert (stored("institution", first.pk), stored("institution", second.pk)) == (
        0,
        1,
    )
    involvement.delete()
    assert stored("institution", second.pk) == 0
    assert_true_counts()


def test_pairs_count_practices_within_one_value_of_another():
    """A practice in two African countries counts once in Africa within its
    theme; one with no country and no scope, as the location not stated."""
    greening, digital = ThemeFactory(), ThemeFactory()
    data_gaps = ChallengeFactory()
    kenya, ghana = (CountryFactory(code=code, region="africa") for code in ("KE", "GH"))
    PracticeFactory(themes=[greening, digital], countries=[kenya, ghana])
    PracticeFactory(themes=[greening], countries=[kenya], challenges=[data_gaps])
    PracticeFactory(themes=[greening], scope="")
    PracticeFactory(status=Practice.Status.DRAFT, themes=[greening], countries=[kenya])

    assert stored("country@theme", f"{greening.pk}|KE") == 2
    assert stored("theme@country", f"KE|{greening.pk}") == 2
    assert stored("theme@country", f"GH|{digital.pk}") == 1
    assert stored("region@theme", f"{greening.pk}|africa") == 2
    assert stored("region@theme", f"{greening.pk}|not-stated") == 1
    assert stored("country@region", "africa|GH") == 1
    assert stored("challenge@country", f"KE|{data_gaps.pk}") == 1
    assert stored("theme@challenge", f"{data_gaps.pk}|{digital.pk}") == 0
    assert_true_counts()

    kenya.practices.remove(*Practice.objects.all())
    data_gaps.delete()

    assert stored("country@theme", f"{greening.pk}|KE") == 0
    assert stored("region@theme", f"{greening.pk}|africa") == 1
    assert_true_counts()


def test_a_rename_changes_no_count(client):
    theme = ThemeFactory(name="Greening", slug="greening")
    PracticeFactory(themes=[theme])
    before = published_counts.stored()

    theme.name = "Green skills"
    theme.save()

    assert published_counts.stored() == before
    assert "Green skills" in client.get("/").content.decode()


def test_deleting_a_theme_deletes_its_count():
    theme = ThemeFactory()
    PracticeFactory(themes=[theme])

    theme.delete()

    assert_true_counts()


def test_an_import_keeps_the_counts_true(world):  # noqa: F811 - the fixture
    result = PracticeResource().import_data(practice_dataset(UPDATE_ROW, CREATE_ROW))

    assert not result.has_errors() and not result.has_validation_errors()
    assert_true_counts()


def test_a_failed_change_leaves_the_counts_as_they_were():
    theme = ThemeFactory()
    practice = PracticeFactory()
    before = published_counts.stored()

    with pytest.raises(RuntimeError), transaction.atomic():
        practice.themes.add(theme)
        raise RuntimeError

    assert published_counts.stored() == before


def test_generated_practices_and_recount():
    ThemeFactory()
    ChallengeFactory()
    call_command("generate_practices", 30, "--seed", "3", stdout=io.StringIO())
    assert_true_counts()

    PublishedCount.objects.all().delete()
    Practice.objects.filter(pk__in=Practice.objects.values("pk")[:5]).update(
        status=Practice.Status.DRAFT
    )
    call_command("recount", stdout=io.StringIO())
    assert_true_counts()


def test_kept_counts_a_change_made_without_signals():
    practices = [PracticeFactory() for _ in range(3)]
    chosen = Practice.objects.filter(pk__in=[p.pk for p in practices[:2]])

    with published_counts.kept(chosen):
        chosen.update(status=Practice.Status.ARCHIVED)

    assert stored("total") == 1
    assert_true_counts()


def test_a_random_sequence_of_changes_keeps_the_counts_true():
    rng = random.Random(7)
    themes = [ThemeFactory() for _ in range(3)]
    challenges = [ChallengeFactory() for _ in range(2)]
    countries = [CountryFactory(code=code) for code in ("KE", "FR", "BR", "IN")]
    institutions = [InstitutionFactory() for _ in range(3)]
    practices = [PracticeFactory() for _ in range(4)]
    statuses = list(Practice.Status.values)

    def practice():
        return rng.choice(practices)

    operations = [
        lambda: practices.append(
            PracticeFactory(
                status=rng.choice(statuses),
                scope=rng.choice(["", "local"]),
                themes=rng.sample(themes, rng.randint(0, 2)),
                countries=rng.sample(countries, rng.randint(0, 2)),
            )
        ),
        lambda: _set(practice(), status=rng.choice(statuses)),
        lambda: _set(practice(), scope=rng.choice(["", "national"])),
        lambda: _set(practice(), evidence_level=rng.choice(["described", "evaluated"])),
        lambda: _set(
            practice(),
            last_verified=rng.choice([None, date.today() - timedelta(days=400)]),
        ),
        lambda: practice().themes.add(rng.choice(themes)),
        lambda: practice().themes.remove(rng.choice(themes)),
        lambda: practice().challenges.set(rng.sample(challenges, 1)),
        lambda: practice().countries.add(rng.choice(countries)),
        lambda: practice().countries.clear(),
        lambda: rng.choice(themes).practices.add(practice()),
        lambda: Involvement.objects.get_or_create(
            practice=practice(), institution=rng.choice(institutions)
        ),
        lambda: Involvement.objects.filter(practice=practice()).delete(),
        lambda: _move_country(rng.choice(countries), rng),
        lambda: _delete(practices, rng),
    ]
    for _ in range(80):
        rng.choice(operations)()
    assert_true_counts()


def _set(practice, **values):
    practice = Practice.objects.get(pk=practice.pk)
    for name, value in values.items():
        setattr(practice, name, value)
    practice.save()


def _move_country(country, rng):
    country = Country.objects.get(pk=country.pk)
    country.region = rng.choice(["africa", "arab-states", "asia-pacific"])
    country.save()


def _delete(practices, rng):
    if len(practices) > 2:
        practices.pop(rng.randrange(len(practices))).delete()


def test_the_unfiltered_list_reads_what_counting_finds():
    kenya = CountryFactory(code="KE")
    theme = ThemeFactory()
    # More institutions than the list shows, some as frequent as others.
    institutions = [InstitutionFactory(name=f"Institute {n:02}") for n in range(14)]
    for n in range(12):
        PracticeFactory(
            themes=[theme] if n % 2 else [],
            countries=[kenya] if n % 3 else [],
            scope="" if n == 0 else "local",
            institutions=institutions[n : n + 3],
            last_verified=date.today() - timedelta(days=100 * n),
        )
    PracticeFactory(status=Practice.Status.DRAFT, themes=[theme])

    for query in ("", "all=country&all=institution", "sort=title&theme=unknown"):
        kept, counted, _sql = kept_and_counted(query)
        assert_same(kept, counted, query)


def test_a_list_narrowed_by_one_facet_counts_that_facet_from_the_store():
    """With one facet selected and nothing else, that facet's counts are over
    every published practice: read from the store, they equal counting, for
    every facet, a selected value outside the top ones included."""
    kenya, ghana = CountryFactory(code="KE"), CountryFactory(code="GH")
    themes = [ThemeFactory(), ThemeFactory()]
    institutions = [InstitutionFactory(name=f"Institute {n:02}") for n in range(14)]
    for n in range(12):
        PracticeFactory(
            themes=themes[: n % 3],
            countries=[kenya] if n % 3 else [ghana] if n % 5 else [],
            scope="" if n == 0 else "local",
            institutions=institutions[n : n + 3],
            evidence_level="evaluated" if n % 4 else "replicated",
            last_verified=date.today() - timedelta(days=100 * n),
        )
    PracticeFactory(status=Practice.Status.DRAFT, themes=themes, countries=[kenya])

    queries = [
        f"theme={themes[0].slug}",
        f"theme={themes[0].slug}&theme={themes[1].slug}",
        "country=GH",
        "country=KE&all=country",
        f"institution={institutions[13].slug}",
        "evidence=replicated",
        "verified=never&sort=title",
        "year=2019",
    ]
    for query in queries:
        kept, counted, sql = kept_and_counted(query)
        assert f"m_{query.partition('=')[0]}" not in sql, query
        assert_same(kept, counted, query)


def test_a_list_narrowed_to_one_value_reads_the_other_facets_pair_counts():
    """Themes, challenges, countries and regions counted within one value of
    one or two of them come from the pair counts, and equal counting; a
    search, a second value or a third facet counts as before."""
    kenya, ghana = CountryFactory(code="KE"), CountryFactory(code="GH")
    france = CountryFactory(code="FR", region="europe-north-america")
    themes = [ThemeFactory(), ThemeFactory(), ThemeFactory()]
    challenges = [ChallengeFactory(), ChallengeFactory()]
    # More countries than the list shows, to test the top values.
    others = [CountryFactory(code=f"Q{letter}") for letter in "ABCDEFGHIJ"]
    for n in range(14):
        PracticeFactory(
            title=f"Solar {n}",
            themes=themes[n % 3 : n % 3 + 2],
            challenges=challenges[: n % 3],
            countries=[[kenya], [ghana, france], [], [kenya, others[n % 10]]][n % 4],
            scope="" if n % 7 == 2 else "local",
        )
    PracticeFactory(status=Practice.Status.DRAFT, themes=themes, countries=[kenya])
    theme, challenge = themes[0].slug, challenges[1].slug

    stored_queries = {
        f"theme={theme}": ("theme", "country", "challenge", "region"),
        f"theme={theme}&all=country": ("theme", "country"),
        "country=KE": ("country", "theme"),
        "region=not-stated": ("region", "theme"),
        f"theme={theme}&country=KE": ("theme", "country"),
        f"theme={theme}&country=FR&all=country": ("theme", "country"),
        f"challenge={challenge}&region=africa": ("challenge", "region"),
        # Two countries: the country facet is within a region, not the reverse.
        "country=GH&region=europe-north-america&country=QA": ("country",),
        f"theme={theme}&theme={themes[1].slug}&country=KE": ("theme",),
    }
    counted_queries = [
        f"theme={theme}&country=KE&challenge={challenge}",
        f"theme={theme}&country=KE&q=solar",
    ]
    for query in [*stored_queries, *counted_queries]:
        kept, counted, sql = kept_and_counted(query)
        for name in stored_queries.get(query, ()):
            assert f"m_{name}" not in sql, query
        pairs_read = re.search(r"'[a-z]+@[a-z]+'", sql) is not None
        assert pairs_read == (query in stored_queries), query
        assert_same(kept, counted, query)


def test_a_map_of_one_value_or_two_reads_only_the_store():
    """The map's facets within one value of a paired facet, and its total,
    come from the store: no practice is read, and the numbers are those of
    counting. Within two values, so do the numbers of those two facets (the
    others count the few practices of both)."""
    kenya = CountryFactory(code="KE")
    themes = [ThemeFactory(), ThemeFactory()]
    for n in range(9):
        PracticeFactory(
            themes=themes[: n % 3],
            countries=[kenya] if n % 2 else [],
            scope="" if n % 4 == 0 else "local",
            evidence_level="evaluated" if n % 3 else "described",
        )
    PracticeFactory(status=Practice.Status.DRAFT, themes=themes, countries=[kenya])
    shown = ("country", "theme", "region", "challenge", "evidence", "year")

    for query, facets in [
        (f"theme={themes[0].slug}", shown),
        ("country=KE", shown),
        ("region=not-stated", shown),
        (f"theme={themes[1].slug}&country=KE", ("theme", "country")),
        (f"region=africa&theme={themes[0].slug}", ("region", "theme")),
    ]:
        kept, counted, sql = kept_and_counted(
            query, page=None, expand=["country"], facets=facets
        )
        assert "m_all" not in sql, query
        assert kept.total > 0, query
        assert_same(kept, counted, query)


def test_the_home_page_reads_the_counts(client):
    theme = ThemeFactory(name="Greening")
    for _ in range(3):
        PracticeFactory(themes=[theme], countries=[CountryFactory()])
    PracticeFactory(status=Practice.Status.DRAFT, themes=[theme])

    context = client.get("/").context
    assert context["practice_count"] == 3
    assert context["country_count"] == 3
    assert [t.practice_count for t in context["themes"] if t == theme] == [3]
    assert Theme.objects.with_published_practice_count().get().practice_count == 3


def test_a_practice_restored_from_history_counts_again():
    theme, kenya = ThemeFactory(), CountryFactory(code="KE")
    institution = InstitutionFactory()
    with reversion.create_revision():
        practice = PracticeFactory(
            themes=[theme], countries=[kenya], institutions=[institution]
        )
    version = Version.objects.get_for_object(practice).first()
    practice.delete()
    assert stored("theme", theme.pk) == 0

    revert_own(version)

    assert stored("theme", theme.pk) == 1
    assert stored("institution", institution.pk) == 1
    assert_true_counts()


def test_recounting_deletes_the_old_counts_in_one_go(monkeypatch):
    for n in range(12):
        PracticeFactory(
            themes=[ThemeFactory()],
            countries=[CountryFactory(code=f"Q{chr(65 + n)}")],
            institutions=[InstitutionFactory()],
        )
    assert PublishedCount.objects.count() > 40
    expired = []
    monkeypatch.setattr(page_cache, "content_changed", lambda: expired.append(1))

    published_counts.recount()

    # Derived rows: deleting them is no change of content, row by row or not.
    assert expired == []
    assert_true_counts()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's date output setting"
)
def test_verification_dates_are_counted_whatever_the_date_style():
    PracticeFactory(last_verified=date(2026, 3, 1))
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'SQL, DMY'")
    try:
        published_counts.recount()
        assert stored("verified-on", "2026-03-01") == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET DateStyle = 'ISO, MDY'")
