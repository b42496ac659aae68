"""Practice cards, on every page that lists them: what some lists add to a card
(a snippet, a role, why a practice matches) shows where it belongs, and a card
without it costs the template engine nothing to find out."""

import builtins
import sys

import pytest
from django.template import base as template_base
from django.utils import translation

from practices.listing import search
from practices.listing.cards import card_rows
from practices.models import Practice
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    theme, country = ThemeFactory(), CountryFactory(code="KE", name="Kenya")
    institution = InstitutionFactory(name="Nairobi Polytechnic", country=country)
    return [
        PracticeFactory(
            title=f"Solar workshop {n}",
            summary="Learners install solar panels with local firms.",
            themes=[theme],
            countries=[country],
            institutions=[institution],
        )
        for n in range(3)
    ]


@pytest.fixture
def unresolved_lookups(monkeypatch):
    """The names the template engine failed to find on a practice: each failure
    makes it list every attribute of the practice (dir())."""
    names = []

    def recording_dir(obj):
        if isinstance(obj, Practice):
            names.append(sys._getframe(1).f_locals.get("bit"))
        return builtins.dir(obj)

    monkeypatch.setattr(template_base, "dir", recording_dir, raising=False)
    return names


def test_cards_find_every_name_they_look_up(client, practices, unresolved_lookups):
    institution = practices[0].involvements.get().institution
    for url in [
        "/",
        "/practices/",
        "/practices/?q=solar",
        f"/practices/{practices[0].slug}/",
        f"/institutions/{institution.slug}/",
        "/countries/KE/",
        "/practices/for-context/?country=KE",
    ]:
        assert client.get(url).status_code == 200, url
    assert unresolved_lookups == []


def test_what_a_list_adds_to_a_card_still_shows(client, practices):
    institution = practices[0].involvements.get().institution
    search = client.get("/practices/?q=solar").content.decode()
    assert "<mark>" in search
    profile = client.get(f"/institutions/{institution.slug}/").content.decode()
    assert "<strong>Lead</strong>" in profile


def test_a_card_names_three_institutions_then_says_and_others(client):
    """In the page's language: the names as entered, each marked as English
    where not translated, the fourth and later ones summed up."""
    names = ["Alpha College", "Beta <Institute>", "Gamma Centre", "Delta School"]
    practice = PracticeFactory(
        title="Solar workshop",
        themes=[ThemeFactory(name="Green skills")],
        institutions=[InstitutionFactory(name=name) for name in names],
    )

    html = client.get("/fr/practices/").content.decode()

    card = html[html.index('<article class="card">') :]
    card = card[: card.index("</article>")]
    assert (
        '<bdi lang="en" dir="auto">Alpha College</bdi>, '
        '<bdi lang="en" dir="auto">Beta &lt;Institute&gt;</bdi>, '
        '<bdi lang="en" dir="auto">Gamma Centre</bdi> '
        "et d\N{RIGHT SINGLE QUOTATION MARK}autres"
    ) in card
    assert "Delta School" not in card
    assert '<ul class="tags" aria-label="Thèmes">' in card
    assert f'<label for="compare-{practice.slug}">Comparer<span' in card


def test_card_rows_reads_published_practices_in_the_order_asked():
    """The page's rows, read by hand-written SQL: in the listing's order, a
    practice unpublished since the listing read its id left out, values as
    the ORM gives them (an aware date on SQLite too), texts in the page's
    language with English where not translated."""
    first = PracticeFactory(title="First", summary="Solar panels.")
    second = PracticeFactory(title="Second", title_fr="Deuxième")
    draft = PracticeFactory(title="Draft", status=Practice.Status.DRAFT)

    rows = card_rows([second.pk, draft.pk, first.pk])

    assert [row.pk for row in rows] == [second.pk, first.pk]
    assert rows[1].published_at == Practice.objects.get(pk=first.pk).published_at
    assert rows[1].published_at.tzinfo is not None
    assert rows[1].summary == "Solar panels."
    with translation.override("fr"):
        french = card_rows([second.pk, first.pk])
        assert [row.title for row in french] == ["Deuxième", "First"]
    assert card_rows([]) == []


def test_card_rows_adds_the_snippet_of_a_search():
    """The snippet is read by the same statement, with the rows."""
    practice = PracticeFactory(summary="Learners build aquaponics tanks.")
    snippet = search.snippet_expression("aquaponics")

    (row,) = card_rows([practice.pk], snippet=snippet)

    # PostgreSQL's fragment ends at the last word, SQLite's with the text.
    assert str(search.marked_snippet(row.raw_snippet)).startswith(
        "Learners build <mark>aquaponics</mark> tanks"
    )
