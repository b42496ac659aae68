"""The curators' admin: every registered model can be listed, searched, filtered,
added and changed; lists cost a constant number of queries; autocompletes,
actions and inlines work; only staff get in."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.models import Country, Involvement, Practice
from practices.regions import REGION_BY_COUNTRY
from tests.admin_pages import admin_url
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    InstitutionFactory,
    InvolvementFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

MODELS = [
    "theme",
    "challenge",
    "country",
    "source",
    "institution",
    "involvement",
    "practice",
]


@pytest.fixture(scope="module", autouse=True)
def objects(django_db_setup, django_db_blocker):
    """One object of every registered model, linked together, by model name;
    made once for the module in a transaction rolled back after its last test
    (each test runs in a savepoint inside it)."""
    with shared_data(django_db_blocker):
        yield make_objects()


def make_objects():
    theme = ThemeFactory(name="Greening", slug="greening")
    challenge = ChallengeFactory(name="Data gaps", slug="data-gaps")
    country = CountryFactory(code="DE")
    source = SourceFactory()
    institution = InstitutionFactory(
        name="Polytechnic of Hamburg", slug="polytechnic", country=country
    )
    practice = PracticeFactory(
        title="Dual training",
        slug="dual-training",
        themes=[theme],
        challenges=[challenge],
        countries=[country],
        source=source,
    )
    involvement = InvolvementFactory(practice=practice, institution=institution)
    return {
        "theme": theme,
        "challenge": challenge,
        "country": country,
        "source": source,
        "institution": institution,
        "involvement": involvement,
        "practice": practice,
    }


def test_admin_index_lists_every_model(staff_client, objects):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    for model in MODELS:
        assert admin_url(f"{model}_changelist") in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_changelist_answers(staff_client, objects, model):
    response = staff_client.get(admin_url(f"{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    ("model", "term"),
    [
        ("theme", "green"),
        ("challenge", "data"),
        ("country", "germ"),
        ("source", "innovation"),
        ("institution", "hamburg"),
        ("involvement", "dual"),
        ("practice", "hamburg"),  # through the involved institution's name
    ],
    ids=MODELS,
)
def test_changelist_search_finds_the_object(staff_client, objects, model, term):
    response = staff_client.get(admin_url(f"{model}_changelist"), {"q": term})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_search_without_match_is_empty(staff_client, objects, model):
    response = staff_client.get(admin_url(f"{model}_changelist"), {"q": "zzqqxx"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


# Every list_filter of every admin, as (model, query parameters). An unknown
# parameter would make the admin redirect with ?e=1, so a 200 with the object
# listed shows the filter understood the parameter.
LIST_FILTERS = [
    ("theme", {"practices__isempty": "0"}),
    ("challenge", {"practices__isempty": "0"}),
    ("country", {"region__exact": "europe-north-america"}),
    ("source", {"kind__exact": "report"}),
    ("source", {"year": "2019"}),
    ("institution", {"kind__exact": "tvet-institution"}),
    ("institution", {"country__region": "europe-north-america"}),
    ("institution", {"country__code__exact": "DE"}),
    ("involvement", {"role__exact": "partner"}),
    ("involvement", {"institution__kind": "tvet-institution"}),
    ("practice", {"status__exact": "published"}),
    ("practice", {"scope__exact": "national"}),
    ("practice", {"themes__id__exact": "{theme}"}),
    ("practice", {"challenges__id__exact": "{challenge}"}),
    ("practice", {"countries__region": "europe-north-america"}),
    ("practice", {"source__id__exact": "{source}"}),
]


@pytest.mark.parametrize(
    ("model", "params"),
    LIST_FILTERS,
    ids=[f"{model}-{next(iter(params))}" for model, params in LIST_FILTERS],
)
def test_changelist_filter_keeps_matching_object(staff_client, objects, model, params):
    params = {
        key: value.format(**{name: obj.pk for name, obj in objects.items()})
        for key, value in params.items()
    }
    response = staff_client.get(admin_url(f"{model}_changelist"), params)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("theme", {"practices__isempty": "1"}),
        ("country", {"region__exact": "africa"}),
        ("institution", {"kind__exact": "company"}),
        ("involvement", {"role__exact": "funder"}),
        ("practice", {"status__exact": "draft"}),
    ],
    ids=["theme", "country", "institution", "involvement", "practice"],
)
def test_changelist_filter_drops_other_objects(staff_client, objects, model, params):
    response = staff_client.get(admin_url(f"{model}_changelist"), params)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_changelist_search_and_filter_combine(staff_client, objects):
    response = staff_client.get(
        admin_url("practice_changelist"),
        {
            "q": "dual",
            "status__exact": "published",
            "themes__id__exact": objects["theme"].pk,
        },
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects["practice"]]


@pytest.mark.parametrize("model", MODELS)
def test_add_form_answers(staff_client, model):
    response = staff_client.get(admin_url(f"{model}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_change_form_answers(staff_client, objects, model):
    response = staff_client.get(admin_url(f"{model}_change", objects[model].pk))

    assert response.status_code == 200
    assert response.context["original"] == objects[model]


# --- a list costs the same number of queries for 3 rows as for 30 -------------

COUNTRY_CODES = list(REGION_BY_COUNTRY)


def make_rows(model, start, stop):
    """Rows start..stop-1 of `model`, with what its list shows (relations too)."""
    for i in range(start, stop):
        match model:
            case "theme":
                PracticeFactory(themes=[ThemeFactory()])
            case "challenge":
                PracticeFactory(challenges=[ChallengeFactory()])
            case "country":
                Country.objects.create(code=COUNTRY_CODES[i])
            case "source":
                SourceFactory(slug=f"source-{i}", title=f"Source {i}", year=2000 + i)
            case "institution":
                InstitutionFactory(country=CountryFactory(code=COUNTRY_CODES[i]))
            case "involvement":
                InvolvementFactory(
                    institution=InstitutionFactory(
                        country=CountryFactory(code=COUNTRY_CODES[i])
                    )
                )
            case "practice":
                country = CountryFactory(code=COUNTRY_CODES[i])
                PracticeFactory(
                    status=Practice.Status.PUBLISHED
                    if i % 2
                    else Practice.Status.DRAFT,
                    source=SourceFactory(slug=f"source-{i}", title=f"Source {i}"),
                    countries=[country],
                    themes=[ThemeFactory()],
                    challenges=[ChallengeFactory()],
                    institutions=[InstitutionFactory(country=country)],
                )


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(f"{model}_changelist"))
    assert response.status_code == 200
    return response.context["cl"].result_count, len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_query_count_does_not_grow_with_rows(staff_client, model):
    make_rows(model, 0, 3)
    rows_few, queries_few = changelist_queries(staff_client, model)
    make_rows(model, 3, 30)
    rows_many, queries_many = changelist_queries(staff_client, model)

    assert rows_many == rows_few + 27
    assert queries_many == queries_few


# --- autocompletes -------------------------------------------------------------


def autocomplete(client, model_name, field_name, term):
    return client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "practices",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        # The institution of the Involvement inline on the practice form.
        ("involvement", "institution", "hamburg", "institution"),
        # The practice of the Involvement admin.
        ("involvement", "practice", "dual", "practice"),
        ("practice", "countries", "germ", "country"),
        ("practice", "themes", "green", "theme"),
        ("practice", "challenges", "data", "challenge"),
        ("practice", "source", "innovation", "source"),
        ("institution", "country", "DE", "country"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_autocomplete_finds_by_term(
    staff_client, objects, model_name, field_name, term, expected
):
    ThemeFactory(name="Migration", slug="migration")
    InstitutionFactory(name="Ministry of Education", slug="ministry")

    response = autocomplete(staff_client, model_name, field_name, term)

    assert response.status_code == 200
    obj = objects[expected]
    assert response.json() == {
        "results": [{"id": str(obj.pk), "text": str(obj)}],
        "pagination": {"more": False},
    }


def test_autocomplete_lists_challenges_in_the_report_order(staff_client):
    for position, name in [
        (102, "Zeta alpha"),
        (101, "Zeta omega"),
        (103, "Zeta beta"),
    ]:
        ChallengeFactory(name=name, position=position)

    response = autocomplete(staff_client, "practice", "challenges", "zeta")

    assert [r["text"] for r in response.json()["results"]] == [
        "Zeta omega",
        "Zeta alpha",
        "Zeta beta",
    ]


def test_autocomplete_for_institutions_pages_long_results(staff_client):
    InstitutionFactory.create_batch(25, name=factory.Sequence(lambda n: f"College {n}"))

    response = autocomplete(staff_client, "involvement", "institution", "college")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20
    assert response.json()["pagination"] == {"more": True}


def test_autocomplete_is_refused_to_anonymous_visitors(client, objects):
    response = autocomplete(client, "involvement", "institution", "hamburg")

    assert response.status_code in {302, 403}
    assert b"Hamburg" not in response.content


# --- actions -------------------------------------------------------------------


def run_action(client, action, practices):
    return client.post(
        admin_url("practice_changelist"),
        {"action": action, "_selected_action": [p.pk for p in practices], "index": 0},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- adding a practice with its institutions ----------------------------------


def practice_form_data(**overrides):
    data = {
        "title": "Dual training in Paraguay",
        "slug": "dual-training-paraguay",
        "status": Practice.Status.DRAFT,
        "summary": "Apprenticeships shared between a college and companies.",
        "description": "",
        "scope": Practice.Scope.NATIONAL,
        "target_groups": "",
        "context": "",
        "transferability": "",
        "source_section": "",
        "website": "",
        "evidence_level": Practice.Evidence.DESCRIBED,
        "last_verified": "",
        "involvements-TOTAL_FORMS": "1",
        "involvements-INITIAL_FORMS": "0",
        "involvements-MIN_NUM_FORMS": "0",
        "involvements-MAX_NUM_FORMS": "1000",
        "involvements-0-id": "",
        "involvements-0-practice": "",
        "involvements-0-institution": "",
        "involvements-0-role": Involvement.Role.LEAD,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_add_form_has_the_involvements_inline(staff_client):
    response = staff_client.get(admin_url("practice_add"))

    assert [
        formset.formset.prefix for formset in response.context["inline_admin_formsets"]
    ] == ["involvements"]


def test_add_practice_with_an_institution_inline(staff_client):
    country = CountryFactory(code="PY")
    theme = ThemeFactory()
    challenge = ChallengeFactory()
    source = SourceFactory()
    institution = InstitutionFactory(name="Fundación Paraguaya", country=country)

    response = staff_client.post(
        admin_url("practice_add"),
        practice_form_data(
            countries=[country.pk],
            themes=[theme.pk],
            challenges=[challenge.pk],
            source=source.pk,
            **{"involvements-0-institution": institution.pk},
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    assert response["Location"] == admin_url("practice_changelist")
    practice = Practice.objects.get(slug="dual-training-paraguay")
    assert practice.status == Practice.Status.DRAFT
    assert practice.published_at is None
    assert list(practice.countries.all()) == [country]
    assert list(practice.themes.all()) == [theme]
    assert list(practice.challenges.all()) == [challenge]
    assert practice.source == source
    assert [(i.institution, i.role) for i in practice.involvements.all()] == [
        (institution, Involvement.Role.LEAD)
    ]


def test_practice_published_from_the_add_form_is_public_and_searchable(
    staff_client, client
):
    institution = InstitutionFactory(name="Fundación Paraguaya")

    response = staff_client.post(
        admin_url("practice_add"),
        practice_form_data(
            status=Practice.Status.PUBLISHED,
            **{"involvements-0-institution": institution.pk},
        ),
    )
    assert response.status_code == 302

    practice = Practice.objects.get(slug="dual-training-paraguay")
    assert practice.published_at is not None
    staff_client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 200
    found = client.get(reverse("practices:practice-list"), {"q": "Paraguaya"})
    assert list(found.context["page_obj"].object_list) == [practice]


def test_add_form_rejects_the_same_institution_twice(staff_client):
    institution = InstitutionFactory()

    response = staff_client.post(
        admin_url("practice_add"),
        practice_form_data(
            **{
                "involvements-TOTAL_FORMS": "2",
                "involvements-0-institution": institution.pk,
                "involvements-1-institution": institution.pk,
                "involvements-1-role": Involvement.Role.PARTNER,
            }
        ),
    )

    assert response.status_code == 200
    assert response.context["errors"]
    assert not Practice.objects.filter(slug="dual-training-paraguay").exists()


# --- view on site --------------------------------------------------------------


def test_practice_change_page_links_to_the_public_page(staff_client, objects):
    practice = objects["practice"]

    response = staff_client.get(admin_url("practice_change", practice.pk))

    assert response.status_code == 200
    assert b'class="viewsitelink"' in response.content
    view_on_site = response.context["absolute_url"]
    redirect = staff_client.get(view_on_site)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(practice.get_absolute_url())


# --- who gets in ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        reverse("admin:index"),
        admin_url("practice_changelist"),
        admin_url("practice_add"),
    ],
    ids=["index", "changelist", "add"],
)
def test_non_staff_user_is_sent_to_login(client, django_user_model, path):
    user = django_user_model.objects.create_user("visitor", "v@example.org", "pw")
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "path",
    [reverse("admin:index"), admin_url("practice_changelist")],
    ids=["index", "changelist"],
)
def test_anonymous_visitor_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={path}"
