"""The public "Share a practice" form."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from practices.models import Practice, Submission
from tests.factories import (
    ChallengeFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/practices/submit/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def curators(django_user_model):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Curators")
    user = django_user_model.objects.create_user(
        "curator", "curator@example.org", "pw", is_staff=True
    )
    user.groups.add(group)
    django_user_model.objects.create_user("nobody", "nobody@example.org", "pw")
    return user


def valid_data(**overrides):
    theme = ThemeFactory(slug="greening", name="Greening")
    challenge = ChallengeFactory(slug="data-gaps")
    data = {
        "title": "Solar repair workshops",
        "summary": "Students repair solar kits for their village.",
        "description": "Run every term with a local company.",
        "country_1": "KE",
        "country_2": "UG",
        "country_3": "",
        "themes": [theme.pk],
        "challenges": [challenge.pk],
        "institution": "Kisumu Polytechnic",
        "role": "lead",
        "website": "https://example.org/solar",
        "submitter_name": "Ada",
        "submitter_email": "ada@example.org",
        "consent": "on",
        "leave_empty": "",
    }
    data.update(overrides)
    return data


def test_the_form_is_linked_from_every_page(client):
    for url in ["/", "/practices/", "/themes/", "/countries/", "/institutions/"]:
        assert f'href="{URL}"' in client.get(url).content.decode(), url


def test_the_form_renders_with_its_fields(client):
    ThemeFactory()
    ChallengeFactory()
    html = client.get(URL).content.decode()
    for name in [
        "title",
        "summary",
        "description",
        "country_1",
        "country_2",
        "country_3",
        "themes",
        "challenges",
        "institution",
        "role",
        "website",
        "submitter_name",
        "submitter_email",
        "consent",
        "csrfmiddlewaretoken",
    ]:
        assert f'name="{name}"' in html, name


def test_a_submission_becomes_a_practice_in_review_and_curators_are_told(
    client, curators, django_capture_on_commit_callbacks, settings
):
    settings.CURATOR_EMAILS = ["team@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data())

    assert response.status_code == 302
    assert response["Location"] == "/practices/submit/thanks/"
    practice = Practice.objects.get(title="Solar repair workshops")
    assert practice.status == Practice.Status.IN_REVIEW
    assert practice.slug == "solar-repair-workshops"
    assert sorted(c.code for c in practice.countries.all()) == ["KE", "UG"]
    assert [t.slug for t in practice.themes.all()] == ["greening"]
    assert practice.website == "https://example.org/solar"
    submission = practice.submission
    assert submission.submitter_email == "ada@example.org"
    assert submission.proposed_institution == "Kisumu Polytechnic"
    assert submission.consent_to_publish

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["curator@example.org", "team@example.org"]
    assert "Solar repair workshops" in message.subject
    assert f"/admin/practices/practice/{practice.pk}/change/" in message.body

    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks


def test_an_existing_institution_is_linked_with_its_role(client):
    institution = InstitutionFactory(name="Omnia")
    client.post(URL, valid_data(institution="omnia", role="partner"))

    practice = Practice.objects.get(title="Solar repair workshops")
    involvement = practice.involvements.get()
    assert (involvement.institution, involvement.role) == (institution, "partner")
    assert practice.submission.proposed_institution == ""


def test_a_submission_is_not_public_until_published(client):
    client.post(URL, valid_data())
    practice = Practice.objects.get(title="Solar repair workshops")

    assert client.get(practice.get_absolute_url()).status_code == 404
    assert "Solar repair" not in client.get("/practices/?q=solar").content.decode()
    assert "Kenya" not in client.get("/countries/").content.decode()


def test_the_submitters_details_are_never_shown_publicly(client):
    client.post(URL, valid_data())
    practice = Practice.objects.get(title="Solar repair workshops")
    practice.status = Practice.Status.PUBLISHED
    practice.save()

    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Solar repair workshops" in html
    assert "ada@example.org" not in html and "Ada" not in html


def test_a_failed_submission_keeps_what_was_typed_and_says_what_is_wrong(client):
    data = valid_data(submitter_email="not-an-email", consent="")
    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'id="id_consent_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Solar repair workshops"' in html
    assert "Students repair solar kits for their village." in html
    assert 'value="KE" selected' in html
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("field", "length"),
    [
        ("title", 201),
        ("summary", 1501),
        ("description", 10001),
        ("submitter_name", 121),
    ],
)
def test_length_limits_are_enforced(client, field, length):
    response = client.post(URL, valid_data(**{field: "x" * length}))

    assert response.status_code == 200
    assert "Ensure this value has at most" in response.content.decode()
    assert not Practice.objects.exists()


def test_the_honeypot_looks_like_success_but_stores_nothing(client):
    response = client.post(URL, valid_data(leave_empty="http://spam.example"))

    assert response.status_code == 302
    assert not Practice.objects.exists()
    assert not Submission.objects.exists()


@override_settings(SUBMISSIONS_PER_HOUR=2)
def test_each_address_may_submit_only_so_often(client):
    assert client.post(URL, valid_data(title="One")).status_code == 302
    assert client.post(URL, valid_data(title="Two")).status_code == 302

    response = client.post(URL, valid_data(title="Three"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait" in html
    assert 'value="Three"' in html
    assert Practice.objects.count() == 2
    # Another address is not affected.
    other = client.post(URL, valid_data(title="Four"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_everything_submitted_is_escaped_on_output(client, staff_client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(
        URL,
        valid_data(
            title=f"Title {payload}",
            summary=payload,
            submitter_name=payload,
            institution=payload,
        ),
    )
    practice = Practice.objects.get()
    practice.status = Practice.Status.PUBLISHED
    practice.save()

    for html in [
        client.get(practice.get_absolute_url()).content.decode(),
        client.get("/practices/").content.decode(),
        staff_client.get(
            f"/admin/practices/practice/{practice.pk}/change/"
        ).content.decode(),
    ]:
        assert "<script>alert" not in html
        assert "<img src=x" not in html


def test_a_title_without_letters_is_refused(client):
    response = client.post(URL, valid_data(title="!!! ---"))
    assert "Give the practice a name" in response.content.decode()


def test_slugs_of_submissions_never_collide(client):
    PracticeFactory(slug="solar-repair-workshops")
    client.post(URL, valid_data())
    assert Practice.objects.filter(slug="solar-repair-workshops-2").exists()


def test_the_submit_address_is_reserved_for_the_form():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        PracticeFactory.build(slug="submit").full_clean()


@override_settings(SUBMISSIONS_PER_HOUR=1, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_limit_counts_each_visitor_not_the_proxy(client):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "spoofed, 198.51.100.2"}

    assert client.post(URL, valid_data(title="One"), **first).status_code == 302
    assert client.post(URL, valid_data(title="Two"), **second).status_code == 302
    assert client.post(URL, valid_data(title="Three"), **first).status_code == 429


def test_the_form_records_the_language_the_practice_was_written_in(client):
    form = client.get("/fr/practices/submit/").context["form"]
    assert form["language"].value() == "fr"

    response = client.post(
        "/fr/practices/submit/",
        valid_data(title="Ateliers de réparation solaire", language="fr"),
    )

    assert response.status_code == 302
    practice = Practice.objects.get(slug="ateliers-de-reparation-solaire")
    assert practice.original_language == "fr"
    # In the original columns, not filed as a French translation.
    assert practice.title_en == "Ateliers de réparation solaire"
    assert practice.title_fr is None
    assert practice.text_languages["title"] == "fr"
