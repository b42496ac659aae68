"""`python manage.py generate_practices N --seed S`: synthetic practices for
benchmarks, deterministic and of realistic size."""

from io import StringIO
from statistics import mean

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from practices.listing import search
from practices.management.commands._synthetic import RARE_WORDS
from practices.models import Institution, Practice

pytestmark = pytest.mark.django_db


def generate(count, seed):
    call_command("generate_practices", count, seed=seed, stdout=StringIO())
    return Practice.objects.filter(slug__startswith=f"g{seed}-")


def snapshot(practices):
    return [
        (
            p.slug,
            p.title,
            p.summary,
            p.description,
            p.evidence_level,
            p.published_at,
            p.last_verified,
            sorted(t.slug for t in p.themes.all()),
            sorted(c.code for c in p.countries.all()),
            sorted(c.slug for c in p.challenges.all()),
            [(i.institution.name, i.role) for i in p.involvements.all()],
        )
        for p in practices.order_by("slug").prefetch_related(
            "themes", "countries", "challenges", "involvements__institution"
        )
    ]


def remove(seed):
    Practice.objects.filter(slug__startswith=f"g{seed}-").delete()
    Institution.objects.filter(slug__startswith=f"g{seed}-").delete()


@pytest.mark.usefixtures("seeded")
def test_the_same_seed_gives_the_same_practices():
    first = snapshot(generate(60, seed=7))
    remove(7)
    assert snapshot(generate(60, seed=7)) == first


@pytest.mark.usefixtures("seeded")
def test_another_seed_gives_other_practices_beside_the_first():
    first = snapshot(generate(30, seed=1))
    second = snapshot(generate(30, seed=2))
    assert [p[1:] for p in first] != [p[1:] for p in second]
    assert Practice.objects.count() == 32 + 60  # the report's practices stay


@pytest.mark.usefixtures("seeded")
def test_practices_have_realistic_sizes_and_links():
    practices = generate(400, seed=5)
    rows = snapshot(practices)
    assert len(rows) == 400
    assert set(practices.values_list("status", flat=True)) == {"published"}
    assert 500 <= mean(len(row[2]) for row in rows) <= 700  # summaries
    assert all(1 <= len(row[7]) <= 3 for row in rows)  # themes
    assert all(1 <= len(row[8]) <= 2 for row in rows)  # countries
    assert all(len(row[9]) <= 2 for row in rows)  # challenges
    assert any(row[9] for row in rows)
    assert all(1 <= len(row[10]) <= 3 for row in rows)  # institutions
    generated = Institution.objects.filter(slug__startswith="g5-")
    assert generated.count() == 40  # one for ten practices, at least 20
    # Institutions are shared among practices, as in real data.
    used = {name for row in rows for name, _ in row[10]}
    assert len(used) < sum(len(row[10]) for row in rows)


@pytest.mark.usefixtures("seeded")
def test_common_words_are_common_and_rare_words_rare():
    practices = generate(400, seed=9)
    common = search.search(practices, "training").count()
    rare = search.search(practices, " or ".join(RARE_WORDS)).count()
    assert common > 100
    assert 0 < rare < 80


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored vectors exist on PostgreSQL"
)
@pytest.mark.usefixtures("seeded")
def test_search_vectors_are_stored_for_every_practice():
    practices = generate(50, seed=4)
    assert not practices.filter(search_document__isnull=True).exists()


@pytest.mark.usefixtures("seeded")
def test_a_seed_cannot_be_used_twice():
    generate(5, seed=3)
    with pytest.raises(CommandError, match="seed 3"):
        generate(5, seed=3)


def test_it_needs_the_themes_of_the_report_first():
    with pytest.raises(CommandError, match=r"manage\.py seed"):
        generate(5, seed=1)


@pytest.mark.usefixtures("seeded")
def test_it_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        generate(0, seed=1)


@pytest.mark.usefixtures("seeded")
def test_generated_practices_show_on_the_public_pages(client):
    practice = generate(25, seed=6).order_by("slug").first()
    assert practice.title in client.get(practice.get_absolute_url()).text
    listing = client.get("/practices/", {"q": practice.title})
    assert practice.get_absolute_url() in listing.text


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's stemmer decides"
)
def test_rare_words_share_no_stem_with_the_common_text():
    """A "rare" word stemming like a common one ("roofing" and "roof") would
    match most practices."""
    from practices.management.commands import _synthetic as synthetic

    common = " ".join(
        synthetic.SENTENCES
        + synthetic.ADJECTIVES
        + synthetic.NOUNS
        + synthetic.AUDIENCES
        + synthetic.SECTORS
        + synthetic.TOPICS
        + synthetic.CITIES
        + [label for label, _ in synthetic.INSTITUTION_KINDS]
        + ["Learners also practise"]
    )

    def stems(text):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector('english', %s))", [text]
            )
            return set(cursor.fetchone()[0])

    vocabulary = stems(common)
    clashes = [word for word in RARE_WORDS if stems(word) & vocabulary]
    assert clashes == []
