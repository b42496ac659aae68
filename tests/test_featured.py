"""The home page: the source named above the fold, the practices curators
feature (in their order), an entry by region, and the newest below."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading_id):
    match = re.search(
        rf'<section [^>]*aria-labelledby="{heading_id}">.*?</section>', html, re.S
    )
    assert match, heading_id
    return match.group(0)


def card_titles(html):
    return re.findall(r'<h3 class="card__title"><a [^>]*>([^<]+)</a>', html)


def test_featured_practices_come_in_the_curators_order_before_the_newest(client):
    PracticeFactory(title="Third", featured_rank=3)
    PracticeFactory(title="First", featured_rank=1)
    PracticeFactory(title="Second", featured_rank=2)
    PracticeFactory(title="Not featured")
    PracticeFactory(title="Featured draft", featured_rank=1, status="draft")
    html = home(client)
    featured = section(html, "featured-title")
    assert ">Featured practices</h2>" in featured
    assert card_titles(featured) == ["First", "Second", "Third"]
    assert html.index('id="featured-title"') < html.index('id="newest-title"')
    assert "Not featured" in section(html, "newest-title")
    assert "Featured draft" not in html


def test_without_featured_practices_the_section_is_left_out(client):
    PracticeFactory(title="Plain")
    assert 'id="featured-title"' not in home(client)


def test_the_source_is_named_above_the_fold_and_about_is_linked(client):
    html = home(client)
    hero = section(html, "hero-title")
    assert "UNESCO-UNEVOC report on the 2019 Global Forum" in hero
    assert 'href="/about/"' in hero


def test_the_home_page_has_an_entry_by_region(client):
    PracticeFactory(countries=[CountryFactory(code="BR")])
    regions = section(home(client), "regions-title")
    assert 'href="/regions/latin-america-caribbean/"' in regions
    assert 'href="/regions/arab-states/"' in regions
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", regions))
    assert "Latin America and the Caribbean 1 practice" in text
    assert "Arab States 0 practices" in text


@pytest.mark.parametrize("rank", [0, -1])
def test_a_featured_rank_is_a_positive_number(rank):
    practice = PracticeFactory.build(featured_rank=rank)
    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["source", "slug"])
    assert "featured_rank" in error.value.message_dict


def test_the_database_refuses_a_rank_of_zero():
    practice = PracticeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(featured_rank=0)


def test_seed_features_the_reports_ten_marketplace_cases(client):
    call_command("seed", verbosity=0)
    featured = list(
        Practice.objects.published().featured().values_list("source_section", flat=True)
    )
    assert len(featured) == 10
    assert all(s.startswith("The Marketplace — ") for s in featured)
    assert featured[0] == "The Marketplace — The Flatfish Case"
    titles = card_titles(section(home(client), "featured-title"))
    assert titles[0] == "The Flatfish Case" and len(titles) == 10


def test_curators_set_the_rank_from_the_admin_list(editor_client):
    practice = PracticeFactory(title="To feature")
    changelist = "/admin/practices/practice/"
    html = editor_client.get(changelist).content.decode()
    assert 'name="form-0-featured_rank"' in html
    response = editor_client.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(practice.pk),
            "form-0-featured_rank": "2",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    practice.refresh_from_db()
    assert practice.featured_rank == 2


def test_the_home_page_runs_as_many_queries_with_featured_practices_as_without(
    client, django_assert_num_queries
):
    """A new knowledge base has no featured practice yet; the page does not
    run one query fewer then (a budget counts its queries at every size)."""
    PracticeFactory(title="Plain", countries=[CountryFactory()])
    client.get("/")  # what is cached for every request
    with CaptureQueriesContext(connection) as without:
        client.get("/")
    PracticeFactory(title="Chosen", featured_rank=1)

    with django_assert_num_queries(len(without)):
        html = home(client)
    assert card_titles(section(html, "featured-title")) == ["Chosen"]
