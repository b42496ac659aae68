"""Publishing is a permission (`publish_practice`, held by the Editors group):
curators draft and send to review; only editors make a practice public or
take it down, in the admin form, its actions, its history and imports. Themes,
challenges, countries and sources still used by practices cannot be deleted."""

import csv
import io

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from practices.models import Challenge, Country, Practice, Source, Theme
from tests.admin_pages import admin_url
from tests.conftest import login_with_second_factor
from tests.factories import (
    ChallengeFactory,
    CountryFactory,
    PracticeFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED = Practice.Status.PUBLISHED
DRAFT = Practice.Status.DRAFT
IN_REVIEW = Practice.Status.IN_REVIEW


def status_of(practice):
    practice.refresh_from_db()
    return practice.status


def run_action(client, action, practices):
    return client.post(
        admin_url("practice_changelist"),
        {"action": action, "_selected_action": [p.pk for p in practices], "index": 0},
    )


def test_editors_group_holds_publish_and_curators_do_not():
    editors = Group.objects.get(name="Editors")
    curators = Group.objects.get(name="Curators")

    assert editors.permissions.filter(codename="publish_practice").exists()
    assert not curators.permissions.filter(codename="publish_practice").exists()
    # Editors may do everything curators may.
    assert set(curators.permissions.all()) <= set(editors.permissions.all())


def test_curator_sees_status_read_only_and_cannot_publish_by_posting_it(
    curator_client, change_form_data
):
    practice = PracticeFactory(status=IN_REVIEW)
    url = admin_url("practice_change", practice.pk)
    form = curator_client.get(url)
    assert "status" not in form.context["adminform"].form.fields

    response = curator_client.post(
        url, change_form_data(form, title="Edited", status="published")
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.status) == ("Edited", IN_REVIEW)


def test_practice_a_curator_adds_is_a_draft(curator_client):
    form = curator_client.get(admin_url("practice_add"))

    assert "status" not in form.context["adminform"].form.fields


def test_editor_publishes_in_the_form(editor_client, change_form_data):
    practice = PracticeFactory(status=IN_REVIEW)
    url = admin_url("practice_change", practice.pk)

    editor_client.post(url, change_form_data(editor_client.get(url), status=PUBLISHED))

    assert status_of(practice) == PUBLISHED


@pytest.mark.parametrize("action", ["publish", "archive", "return_to_draft"])
def test_curator_is_not_offered_publication_actions(curator_client, action):
    practice = PracticeFactory(status=IN_REVIEW if action == "publish" else PUBLISHED)
    before = practice.status

    listing = curator_client.get(admin_url("practice_changelist"))
    run_action(curator_client, action, [practice])

    offered = [
        name for name, _ in listing.context["action_form"].fields["action"].choices
    ]
    assert action not in offered
    assert "submit_for_review" in offered
    assert status_of(practice) == before


def test_curator_sends_a_draft_to_review_and_an_editor_publishes_it(
    curator_client, editor_client
):
    practice = PracticeFactory(status=DRAFT)

    run_action(curator_client, "submit_for_review", [practice])
    assert status_of(practice) == IN_REVIEW
    run_action(curator_client, "publish", [practice])
    assert status_of(practice) == IN_REVIEW
    run_action(editor_client, "publish", [practice])

    assert status_of(practice) == PUBLISHED
    assert editor_client.get(practice.get_absolute_url()).status_code == 200


def test_curator_cannot_restore_a_version_that_was_published(
    curator_client, editor_client
):
    with reversion.create_revision():
        practice = PracticeFactory(status=PUBLISHED)
    run_action(editor_client, "archive", [practice])
    published_version = Version.objects.get_for_object(practice).last()

    url = admin_url("practice_revision", practice.pk, published_version.pk)

    assert curator_client.get(url).status_code == 403
    assert status_of(practice) == Practice.Status.ARCHIVED
    assert editor_client.get(url).status_code == 200


# --- imports ---------------------------------------------------------------------


def upload(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["slug", "title", "status", "summary"])
    writer.writerows(rows)
    return SimpleUploadedFile(
        "practices.csv", buffer.getvalue().encode(), content_type="text/csv"
    )


def preview(client, file):
    url = admin_url("practice_import")
    form = client.get(url).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices}
    return client.post(
        url, {"resource": "0", "format": formats["csv"], "import_file": file}
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(admin_url("practice_process_import"), data)


@pytest.mark.parametrize(
    "row",
    [
        ("new-one", "New one", "published", "A summary."),
        ("existing", "Existing", "draft", "Taken down by an import."),
    ],
    ids=["publish-new", "unpublish-existing"],
)
def test_curator_import_changing_publication_is_refused(curator_client, row):
    PracticeFactory(slug="existing", title="Existing", status=PUBLISHED)

    response = preview(curator_client, upload([row]))

    assert response.context["result"].has_validation_errors()
    assert "Only editors may publish" in response.content.decode()
    assert "confirm_form" not in response.context
    assert Practice.objects.get(slug="existing").status == PUBLISHED
    assert not Practice.objects.filter(slug="new-one").exists()


def test_curator_imports_drafts_and_editor_imports_published(
    curator_client, editor_client
):
    response = preview(curator_client, upload([("new-one", "New", "draft", "S.")]))
    confirm(curator_client, response)
    assert Practice.objects.get(slug="new-one").status == DRAFT

    response = preview(editor_client, upload([("new-one", "New", "published", "S.")]))
    confirm(editor_client, response)
    assert Practice.objects.get(slug="new-one").status == PUBLISHED


def test_import_cannot_overwrite_existing_rows_without_change_permission(
    client, django_user_model
):
    user = django_user_model.objects.create_user(
        "adder", "a@example.org", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_practice", "view_practice"])
    )
    login_with_second_factor(client, user)
    PracticeFactory(slug="existing", title="Existing", status=DRAFT)

    refused = preview(client, upload([("existing", "Overwritten", "draft", "S.")]))
    accepted = preview(client, upload([("brand-new", "Brand new", "draft", "S.")]))

    assert refused.context["result"].has_validation_errors()
    assert "you may add records but not change them" in refused.content.decode()
    assert Practice.objects.get(slug="existing").title == "Existing"
    assert not accepted.context["result"].has_validation_errors()


# --- deleting what practices use ---------------------------------------------------


@pytest.fixture
def used_records():
    theme = ThemeFactory(name="Greening", slug="greening")
    challenge = ChallengeFactory(name="Data gaps", slug="data-gaps")
    country = CountryFactory(code="FI")
    source = SourceFactory()
    PracticeFactory(
        title="Solar workshops",
        themes=[theme],
        challenges=[challenge],
        countries=[country],
        source=source,
    )
    return {
        "theme": theme,
        "challenge": challenge,
        "country": country,
        "source": source,
    }


@pytest.mark.parametrize("model", ["theme", "challenge", "country", "source"])
def test_deleting_a_record_practices_use_is_refused_naming_them(
    curator_client, used_records, model
):
    obj = used_records[model]
    url = admin_url(f"{model}_delete", obj.pk)

    page = curator_client.get(url)
    posted = curator_client.post(url, {"post": "yes"})

    assert "Solar workshops" in page.content.decode()
    assert "protected" in page.content.decode()
    assert posted.status_code in {200, 403}
    assert type(obj).objects.filter(pk=obj.pk).exists()
    practice = Practice.objects.get(title="Solar workshops")
    linked = {
        "theme": practice.themes,
        "challenge": practice.challenges,
        "country": practice.countries,
    }
    if model in linked:
        assert linked[model].filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    "model_class", [Theme, Challenge, Country, Source], ids=lambda m: m.__name__
)
def test_bulk_delete_of_used_records_is_refused(
    curator_client, used_records, model_class
):
    obj = used_records[model_class._meta.model_name]
    model = model_class._meta.model_name

    response = curator_client.post(
        admin_url(f"{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert "Solar workshops" in response.content.decode()
    assert model_class.objects.filter(pk=obj.pk).exists()


def test_unused_theme_can_be_deleted(curator_client):
    theme = ThemeFactory(name="Unused", slug="unused")

    curator_client.post(admin_url("theme_delete", theme.pk), {"post": "yes"})

    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_the_practices_of_many_selected_themes_cost_one_query(curator_client):
    """Refusing a bulk deletion names the practices of every selected theme,
    read in one query whatever the number of themes."""

    def confirmation_queries(themes):
        with CaptureQueriesContext(connection) as queries:
            response = curator_client.post(
                admin_url("theme_changelist"),
                {
                    "action": "delete_selected",
                    "_selected_action": [theme.pk for theme in themes],
                },
            )
        assert response.status_code == 200
        return len(queries), response.content.decode()

    themes = [ThemeFactory(name=f"Theme {n}", slug=f"theme-{n}") for n in range(4)]
    for n, theme in enumerate(themes):
        PracticeFactory(title=f"Practice {n}", themes=[theme])

    one, _ = confirmation_queries(themes[:1])
    four, html = confirmation_queries(themes)

    assert four == one
    assert all(f"Practice {n}" in html for n in range(4))
