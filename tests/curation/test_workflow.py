"""The publication workflow: draft → in review → published → archived, moved by
admin actions that say how many practices changed; the published date is set
once; only published practices are public; the Curators group can curate
content and nothing else."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from tests.admin_pages import admin_url
from tests.conftest import login_with_second_factor
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

DRAFT = Practice.Status.DRAFT
IN_REVIEW = Practice.Status.IN_REVIEW
PUBLISHED = Practice.Status.PUBLISHED
ARCHIVED = Practice.Status.ARCHIVED
STATUSES = [DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED]

# action: (target status, the statuses it moves from)
TRANSITIONS = {
    "submit_for_review": (IN_REVIEW, {DRAFT}),
    "publish": (PUBLISHED, {DRAFT, IN_REVIEW, ARCHIVED}),
    "archive": (ARCHIVED, {PUBLISHED}),
    "return_to_draft": (DRAFT, {IN_REVIEW, PUBLISHED, ARCHIVED}),
}


def make_practice(status, **kwargs):
    published_at = timezone.now() - timedelta(days=30)
    return PracticeFactory(
        status=status,
        published_at=published_at if status in {PUBLISHED, ARCHIVED} else None,
        **kwargs,
    )


def run_action(client, action, practices):
    return client.post(
        admin_url("practice_changelist"),
        {"action": action, "_selected_action": [p.pk for p in practices], "index": 0},
        follow=True,
    )


def messages_of(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def status_of(practice):
    practice.refresh_from_db()
    return practice.status


# --- each action moves what it may and skips the rest --------------------------


@pytest.mark.parametrize(
    ("action", "status"),
    [(action, status) for action in TRANSITIONS for status in STATUSES],
    ids=[f"{action}-from-{status}" for action in TRANSITIONS for status in STATUSES],
)
def test_transition_moves_allowed_status_and_skips_others(staff_client, action, status):
    target, sources = TRANSITIONS[action]
    practice = make_practice(status)

    response = run_action(staff_client, action, [practice])

    assert response.status_code == 200
    if status in sources:
        assert status_of(practice) == target
        assert messages_of(response) == [
            (message_levels.SUCCESS, f"1 practice moved to “{target.label}”.")
        ]
    else:
        assert status_of(practice) == status
        assert messages_of(response) == [
            (
                message_levels.WARNING,
                f"0 practices moved to “{target.label}”. 1 was skipped: "
                "it cannot move there from its status.",
            )
        ]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            "submit_for_review",
            "1 practice moved to “In review”. 3 were skipped: "
            "they cannot move there from their status.",
        ),
        (
            "publish",
            "3 practices moved to “Published”. 1 was skipped: "
            "it cannot move there from its status.",
        ),
        (
            "archive",
            "1 practice moved to “Archived”. 3 were skipped: "
            "they cannot move there from their status.",
        ),
        (
            "return_to_draft",
            "3 practices moved to “Draft”. 1 was skipped: "
            "it cannot move there from its status.",
        ),
    ],
    ids=list(TRANSITIONS),
)
def test_transition_on_mixed_selection_counts_moved_and_skipped(
    staff_client, action, message
):
    target, sources = TRANSITIONS[action]
    practices = {status: make_practice(status) for status in STATUSES}

    response = run_action(staff_client, action, practices.values())

    assert messages_of(response) == [(message_levels.SUCCESS, message)]
    assert {status: status_of(p) for status, p in practices.items()} == {
        status: target if status in sources else status for status in STATUSES
    }


def test_transition_leaves_unselected_practices_alone(staff_client):
    selected, other = make_practice(DRAFT), make_practice(DRAFT)

    run_action(staff_client, "publish", [selected])

    assert status_of(selected) == PUBLISHED
    assert status_of(other) == DRAFT


@pytest.mark.parametrize(
    "action",
    [
        "submit_for_review",
        "publish",
        "archive",
        "return_to_draft",
    ],
)
def test_changelist_offers_the_action(staff_client, action):
    response = staff_client.get(admin_url("practice_changelist"))

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert action in choices


# --- the published date is set once --------------------------------------------


def test_first_publication_sets_published_date(staff_client):
    practice = make_practice(DRAFT)
    before = timezone.now()

    run_action(staff_client, "publish", [practice])

    practice.refresh_from_db()
    assert before <= practice.published_at <= timezone.now()


@pytest.mark.parametrize(
    "detour",
    [
        ["archive", "publish"],
        ["return_to_draft", "publish"],
        ["archive", "return_to_draft", "submit_for_review", "publish"],
    ],
    ids=["archive-publish", "draft-publish", "archive-draft-review-publish"],
)
def test_published_date_survives_leaving_and_returning(staff_client, detour):
    practice = make_practice(DRAFT)
    run_action(staff_client, "publish", [practice])
    practice.refresh_from_db()
    first_published = practice.published_at

    for action in detour:
        run_action(staff_client, action, [practice])
        practice.refresh_from_db()
        assert practice.published_at == first_published, action

    assert practice.status == PUBLISHED


@pytest.mark.parametrize("action", ["submit_for_review", "return_to_draft"])
def test_unpublished_practice_gets_no_published_date(staff_client, action):
    practice = make_practice(DRAFT if action == "submit_for_review" else IN_REVIEW)

    run_action(staff_client, action, [practice])

    practice.refresh_from_db()
    assert practice.published_at is None


# --- only published practices are public ---------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [(DRAFT, 404), (IN_REVIEW, 404), (PUBLISHED, 200), (ARCHIVED, 404)],
    ids=STATUSES,
)
def test_practice_page_is_public_only_when_published(client, status, expected):
    practice = make_practice(status)

    assert client.get(practice.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("action", ["archive", "return_to_draft"])
def test_practice_taken_down_by_action_disappears_publicly(
    staff_client, client, action
):
    practice = make_practice(PUBLISHED)
    assert client.get(practice.get_absolute_url()).status_code == 200

    run_action(staff_client, action, [practice])

    assert client.get(practice.get_absolute_url()).status_code == 404


# --- the Curators group --------------------------------------------------------


def permission_names(permissions):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in permissions.select_related("content_type")
    }


def test_curators_group_has_exactly_the_content_permissions():
    group = Group.objects.get(name="Curators")

    expected = {
        f"practices.{action}_{model._meta.model_name}"
        for model in apps.get_app_config("practices").get_models()
        for action in model._meta.default_permissions
    }
    assert permission_names(group.permissions) == expected


def test_curators_group_has_nothing_over_users_or_groups():
    group = Group.objects.get(name="Curators")

    assert not group.permissions.exclude(content_type__app_label="practices").exists()


@pytest.mark.parametrize(
    "url",
    [
        admin_url("practice_changelist"),
        admin_url("practice_add"),
        admin_url("practice_export"),
        admin_url("practice_import"),
        admin_url("practice_recoverlist"),
        admin_url("institution_changelist"),
        admin_url("institution_add"),
        admin_url("institution_export"),
        admin_url("institution_import"),
        admin_url("theme_changelist"),
        admin_url("involvement_changelist"),
        admin_url("submission_changelist"),
    ],
    ids=lambda url: url.removeprefix("/admin/").strip("/").replace("/", "-"),
)
def test_curator_opens_content_admin_pages(curator_client, url):
    assert curator_client.get(url).status_code == 200


def test_curator_opens_practice_change_form_and_history(curator_client):
    practice = make_practice(DRAFT)

    change = curator_client.get(admin_url("practice_change", practice.pk))
    history = curator_client.get(admin_url("practice_history", practice.pk))

    assert change.status_code == 200
    assert change.context["has_change_permission"]
    assert history.status_code == 200


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_editor_runs_transition_action(editor_client, action):
    target, sources = TRANSITIONS[action]
    practice = make_practice(sorted(sources)[0])

    response = run_action(editor_client, action, [practice])

    assert response.status_code == 200
    assert status_of(practice) == target


def test_curator_exports_practices(curator_client):
    make_practice(PUBLISHED, slug="exported-practice")
    url = admin_url("practice_export")
    form = curator_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("practice")})

    response = curator_client.post(url, data)

    assert response.status_code == 200
    assert b"exported-practice" in response.content


def test_curator_imports_practices(curator_client):
    upload = SimpleUploadedFile(
        "practices.csv",
        b"slug,title,summary,status\nimported,Imported,A summary.,draft\n",
        content_type="text/csv",
    )
    preview = curator_client.post(
        admin_url("practice_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    confirm_form = preview.context["confirm_form"]

    response = curator_client.post(
        admin_url("practice_process_import"),
        {name: confirm_form[name].value() for name in confirm_form.fields},
    )

    assert response.status_code == 302
    assert Practice.objects.get(slug="imported").status == DRAFT


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
    ],
    ids=["users", "add-user", "groups", "add-group"],
)
def test_curator_cannot_reach_user_management(curator_client, url):
    assert curator_client.get(url).status_code == 403


def test_curator_cannot_change_own_account_or_permissions(client, make_curator):
    curator = make_curator()
    login_with_second_factor(client, curator)
    own = reverse("admin:auth_user_change", args=[curator.pk])

    assert client.get(own).status_code == 403
    assert (
        client.post(own, {"username": curator.username, "is_superuser": "on"})
    ).status_code == 403
    curator.refresh_from_db()
    assert not curator.is_superuser


def test_curator_admin_index_shows_content_but_not_users_or_groups(curator_client):
    response = curator_client.get(reverse("admin:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert admin_url("practice_changelist") in html
    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:auth_group_changelist") not in html
    assert [app["app_label"] for app in response.context["app_list"]] == ["practices"]


@pytest.fixture
def groupless_staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "staff", "staff@example.org", "pw", is_staff=True
    )
    return login_with_second_factor(client, user)


@pytest.mark.parametrize(
    "url",
    [
        admin_url("practice_changelist"),
        admin_url("practice_add"),
        admin_url("practice_export"),
        admin_url("practice_import"),
        reverse("admin:auth_user_changelist"),
    ],
    ids=["changelist", "add", "export", "import", "users"],
)
def test_staff_without_group_is_refused_content_admin(groupless_staff_client, url):
    assert groupless_staff_client.get(url).status_code == 403


def test_staff_without_group_sees_no_practice_admin_on_index(groupless_staff_client):
    response = groupless_staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert admin_url("practice_changelist") not in response.content.decode()


def test_staff_without_group_cannot_run_actions(groupless_staff_client):
    practice = make_practice(DRAFT)

    response = groupless_staff_client.post(
        admin_url("practice_changelist"),
        {"action": "publish", "_selected_action": [practice.pk], "index": 0},
    )

    assert response.status_code == 403
    assert status_of(practice) == DRAFT
