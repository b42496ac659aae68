"""History and undo: every change to a practice, an institution and their links
is recorded with who, when and each field before and after; curators restore
an earlier version in one step and recover what was deleted."""

import pytest
import reversion
from reversion.models import Version

from practices.models import Institution, Involvement, Practice
from tests.admin_pages import admin_url, links_of
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def versions_of(obj):
    """The object's versions, oldest first."""
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def state_of(practice):
    """What a curator would want back after an undo."""
    practice = Practice.objects.get(pk=practice.pk)
    return {
        "title": practice.title,
        "slug": practice.slug,
        "summary": practice.summary,
        "status": practice.status,
        "themes": sorted(t.slug for t in practice.themes.all()),
        "countries": sorted(c.code for c in practice.countries.all()),
        "institutions": links_of(practice),
    }


@pytest.fixture
def themes():
    return {
        "greening": ThemeFactory(name="Greening", slug="greening"),
        "migration": ThemeFactory(name="Migration", slug="migration"),
        "inclusion": ThemeFactory(name="Inclusion", slug="inclusion"),
    }


@pytest.fixture
def institutions():
    return {
        "polytechnic": InstitutionFactory(
            name="Polytechnic of Hamburg", slug="polytechnic"
        ),
        "ministry": InstitutionFactory(name="Ministry of Labour", slug="ministry"),
    }


@pytest.fixture
def practice(themes, institutions):
    """A published practice with a first recorded version (as the seed or an
    earlier admin save would leave it)."""
    with reversion.create_revision():
        return PracticeFactory(
            title="Dual training",
            slug="dual-training",
            themes=[themes["greening"]],
            countries=[CountryFactory(code="DE"), CountryFactory(code="FI")],
            institutions=[institutions["polytechnic"]],
        )


def edit(client, change_form_data, url, **changes):
    """Open a change form and save it with `changes`, as a curator would."""
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, change_form_data(form, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def edit_practice(client, change_form_data, practice, **changes):
    return edit(
        client, change_form_data, admin_url("practice_change", practice.pk), **changes
    )


@pytest.fixture
def edited(curator_client, change_form_data, practice, themes, institutions):
    """The practice after one admin edit of its title, its themes and its
    institution link (the inline): the link's role changes and a second
    institution is added."""
    before = state_of(practice)
    edit_practice(
        curator_client,
        change_form_data,
        practice,
        title="Dual training, revised",
        themes=[themes["migration"].pk, themes["inclusion"].pk],
        **{
            "involvements-0-role": Involvement.Role.PARTNER,
            "involvements-1-institution": institutions["ministry"].pk,
            "involvements-1-role": Involvement.Role.FUNDER,
        },
    )
    return before


# --- what is recorded ----------------------------------------------------------


def test_admin_edit_records_a_new_version(curator_client, practice, edited):
    versions = versions_of(practice)

    assert len(versions) == 2
    assert versions[-1].revision.user.username == "curator-a"
    assert versions[-1].field_dict["title"] == "Dual training, revised"
    assert versions[0].field_dict["title"] == "Dual training"


def test_admin_edit_records_the_institution_links_with_the_practice(
    curator_client, practice, edited, institutions
):
    revision = versions_of(practice)[-1].revision
    saved = sorted(
        (v.field_dict["institution_id"], v.field_dict["role"])
        for v in revision.version_set.all()
        if v.content_type.model_class() is Involvement
    )

    assert saved == sorted(
        [
            (institutions["polytechnic"].pk, Involvement.Role.PARTNER),
            (institutions["ministry"].pk, Involvement.Role.FUNDER),
        ]
    )


def test_practice_added_in_admin_has_a_first_version_by_its_author(
    curator_client, change_form_data, institutions
):
    form = curator_client.get(admin_url("practice_add"))
    data = change_form_data(
        form,
        title="Learning factories",
        slug="learning-factories",
        summary="Training in a working factory.",
        **{"involvements-0-institution": institutions["ministry"].pk},
    )

    response = curator_client.post(admin_url("practice_add"), data)

    assert response.status_code == 302
    practice = Practice.objects.get(slug="learning-factories")
    [version] = versions_of(practice)
    assert version.revision.user.username == "curator-a"
    assert links_of(practice) == [("ministry", "lead")]


def test_transition_action_is_recorded_with_its_author(editor_client, practice):
    editor_client.post(
        admin_url("practice_changelist"),
        {"action": "archive", "_selected_action": [practice.pk], "index": 0},
    )

    latest = versions_of(practice)[-1]
    assert latest.field_dict["status"] == Practice.Status.ARCHIVED
    assert latest.revision.user.username == "editor-a"


# --- the history page ------------------------------------------------------------


def test_history_page_lists_each_version_with_its_author(
    curator_client, practice, edited
):
    response = curator_client.get(admin_url("practice_history", practice.pk))

    assert response.status_code == 200
    actions = response.context["action_list"]
    assert len(actions) == 2
    newest, first = actions
    assert newest["revision"].user.username == "curator-a"
    assert first["created"]
    assert "curator-a" in response.content.decode()
    assert "First recorded version." in response.content.decode()


def changes_shown(client, practice):
    """The (field, before, after) rows of the newest version on the history page."""
    response = client.get(admin_url("practice_history", practice.pk))
    return response.context["action_list"][0]["changes"]


def test_history_page_shows_title_and_institution_links_before_and_after(
    curator_client, practice, edited
):
    changes = changes_shown(curator_client, practice)

    assert ("title", "Dual training", "Dual training, revised") in changes
    assert (
        "institutions",
        "Polytechnic of Hamburg (Lead)",
        "Ministry of Labour (Funder); Polytechnic of Hamburg (Partner)",
    ) in changes


def test_history_page_shows_every_changed_field_with_themes_by_name(
    curator_client, practice, edited
):
    assert changes_shown(curator_client, practice) == [
        ("title", "Dual training", "Dual training, revised"),
        ("themes", "Greening", "Inclusion, Migration"),
        (
            "institutions",
            "Polytechnic of Hamburg (Lead)",
            "Ministry of Labour (Funder); Polytechnic of Hamburg (Partner)",
        ),
    ]


def test_history_page_shows_country_changes_by_name(
    curator_client, change_form_data, practice
):
    edit_practice(
        curator_client,
        change_form_data,
        practice,
        countries=[CountryFactory(code="BR").pk],
    )

    assert ("countries", "Finland, Germany", "Brazil") in changes_shown(
        curator_client, practice
    )


def test_history_page_renders_the_changes_as_a_table(curator_client, practice, edited):
    html = curator_client.get(admin_url("practice_history", practice.pk)).content
    html = html.decode()

    for text in [
        '<th scope="row">Title</th><td>Dual training</td>'
        "<td>Dual training, revised</td>",
        '<th scope="row">Institutions</th><td>Polytechnic of Hamburg (Lead)</td>',
    ]:
        assert text in html


def test_history_page_links_each_version_to_its_restore_form(
    curator_client, practice, edited
):
    response = curator_client.get(admin_url("practice_history", practice.pk))

    expected = [
        admin_url("practice_revision", practice.pk, version.pk)
        for version in reversed(versions_of(practice))
    ]
    assert [action["url"] for action in response.context["action_list"]] == expected
    for url in expected:
        assert f'href="{url}"' in response.content.decode()


def test_history_of_a_title_only_edit_does_not_claim_links_were_removed(
    curator_client, change_form_data, practice
):
    edit_practice(curator_client, change_form_data, practice, title="Renamed")

    response = curator_client.get(admin_url("practice_history", practice.pk))

    assert response.context["action_list"][0]["changes"] == [
        ("title", "Dual training", "Renamed")
    ]


def test_history_page_of_an_object_without_versions_says_so(curator_client):
    practice = PracticeFactory()

    response = curator_client.get(admin_url("practice_history", practice.pk))

    assert response.status_code == 200
    assert "No version of this record has been saved yet." in response.content.decode()


# --- restoring an earlier version ---------------------------------------------


def test_revision_view_shows_the_older_version_in_the_form(
    curator_client, practice, edited, themes
):
    first = versions_of(practice)[0]

    response = curator_client.get(admin_url("practice_revision", practice.pk, first.pk))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["title"].value() == "Dual training"
    assert [getattr(t, "pk", t) for t in form["themes"].value()] == [
        themes["greening"].pk
    ]
    # Looking is not restoring.
    assert state_of(practice)["title"] == "Dual training, revised"


def test_restoring_an_older_version_brings_back_title_themes_and_links(
    curator_client, change_form_data, practice, edited
):
    url = admin_url("practice_revision", practice.pk, versions_of(practice)[0].pk)
    form = curator_client.get(url)

    response = curator_client.post(url, change_form_data(form))

    assert response.status_code == 302
    restored = state_of(practice)
    assert restored["title"] == edited["title"]
    assert restored["themes"] == edited["themes"]
    assert ("polytechnic", "lead") in restored["institutions"]


def test_restoring_an_older_version_removes_links_added_since(
    curator_client, change_form_data, practice, edited
):
    url = admin_url("practice_revision", practice.pk, versions_of(practice)[0].pk)
    form = curator_client.get(url)

    curator_client.post(url, change_form_data(form))

    assert state_of(practice) == edited


def test_restoring_is_itself_recorded_and_can_be_undone(
    curator_client, change_form_data, practice, edited
):
    url = admin_url("practice_revision", practice.pk, versions_of(practice)[0].pk)
    curator_client.post(url, change_form_data(curator_client.get(url)))

    versions = versions_of(practice)
    assert len(versions) == 3
    assert (
        versions[-1].revision.get_comment().startswith("Reverted to previous version")
    )
    assert versions[-1].revision.user.username == "curator-a"

    back = admin_url("practice_revision", practice.pk, versions[1].pk)
    curator_client.post(back, change_form_data(curator_client.get(back)))

    assert state_of(practice)["title"] == "Dual training, revised"


# --- deleting and recovering ---------------------------------------------------


def delete_in_admin(client, model, obj):
    url = admin_url(f"{model}_delete", obj.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def recover_in_admin(client, change_form_data, model, obj):
    listing = client.get(admin_url(f"{model}_recoverlist"))
    assert listing.status_code == 200
    [deleted] = [v for v in listing.context["deleted"] if v.object_id == str(obj.pk)]
    url = admin_url(f"{model}_recover", deleted.pk)
    assert url in listing.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, change_form_data(form))
    assert response.status_code == 302
    return response


def test_deleted_practice_is_listed_for_recovery(curator_client, practice):
    delete_in_admin(curator_client, "practice", practice)

    listing = curator_client.get(admin_url("practice_recoverlist"))

    assert [v.object_repr for v in listing.context["deleted"]] == ["Dual training"]


def test_recovering_a_deleted_practice_restores_it_whole(
    editor_client, change_form_data, practice
):
    before = state_of(practice)
    delete_in_admin(editor_client, "practice", practice)

    recover_in_admin(editor_client, change_form_data, "practice", practice)

    assert state_of(practice) == before


def test_recovering_a_practice_deleted_after_an_edit_restores_the_edit(
    editor_client, change_form_data, practice, edited
):
    before = state_of(practice)
    delete_in_admin(editor_client, "practice", practice)

    recover_in_admin(editor_client, change_form_data, "practice", practice)

    assert state_of(practice) == before


def test_recovering_a_practice_whose_last_edit_left_links_alone_keeps_links(
    editor_client, change_form_data, practice
):
    edit_practice(editor_client, change_form_data, practice, title="Renamed")
    before = state_of(practice)
    delete_in_admin(editor_client, "practice", practice)

    recover_in_admin(editor_client, change_form_data, "practice", practice)

    assert state_of(practice) == before


def test_seeded_practice_has_a_first_version(seeded):
    unversioned = [p.slug for p in Practice.objects.all() if not versions_of(p)]

    assert Practice.objects.exists()
    assert unversioned == []


def test_seeded_practice_is_recoverable_after_deletion(
    seeded, editor_client, change_form_data
):
    practice = (
        Practice.objects.filter(
            involvements__isnull=False, themes__isnull=False, countries__isnull=False
        )
        .distinct()
        .first()
    )
    before = state_of(practice)
    assert before["institutions"] and before["themes"] and before["countries"]
    delete_in_admin(editor_client, "practice", practice)

    recover_in_admin(editor_client, change_form_data, "practice", practice)

    assert state_of(practice) == before


# --- institutions ----------------------------------------------------------------


def test_institution_edit_is_versioned_and_shown_in_history(
    curator_client, change_form_data, institutions
):
    institution = institutions["polytechnic"]
    with reversion.create_revision():
        institution.save()

    edit(
        curator_client,
        change_form_data,
        admin_url("institution_change", institution.pk),
        city="Hamburg",
        kind=Institution.Kind.RESEARCH,
    )

    versions = versions_of(institution)
    assert len(versions) == 2
    assert versions[-1].revision.user.username == "curator-a"
    history = curator_client.get(admin_url("institution_history", institution.pk))
    assert history.context["action_list"][0]["changes"] == [
        ("kind", "TVET institution", "Research centre"),
        ("city", "—", "Hamburg"),
    ]


def test_institution_restored_from_history(
    curator_client, change_form_data, institutions
):
    institution = institutions["polytechnic"]
    url = admin_url("institution_change", institution.pk)
    edit(curator_client, change_form_data, url, city="Hamburg")
    edit(curator_client, change_form_data, url, city="Bremen")
    first = versions_of(institution)[0]

    revision_url = admin_url("institution_revision", institution.pk, first.pk)
    response = curator_client.post(
        revision_url, change_form_data(curator_client.get(revision_url))
    )

    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.city == "Hamburg"


def test_deleted_institution_is_recoverable(
    curator_client, change_form_data, institutions
):
    institution = institutions["ministry"]
    edit(
        curator_client,
        change_form_data,
        admin_url("institution_change", institution.pk),
        city="Berlin",
    )
    delete_in_admin(curator_client, "institution", institution)

    recover_in_admin(curator_client, change_form_data, "institution", institution)

    recovered = Institution.objects.get(pk=institution.pk)
    assert (recovered.slug, recovered.city) == ("ministry", "Berlin")


def test_involvement_edit_in_its_own_admin_is_versioned(
    curator_client, change_form_data, practice
):
    involvement = practice.involvements.get()

    edit(
        curator_client,
        change_form_data,
        admin_url("involvement_change", involvement.pk),
        role=Involvement.Role.PRESENTER,
    )

    latest = versions_of(involvement)[-1]
    assert latest.field_dict["role"] == Involvement.Role.PRESENTER
    assert latest.revision.user.username == "curator-a"


def test_recovering_a_submitted_practice_brings_back_who_submitted_it(
    client, curator_client, change_form_data
):
    from django.core.cache import cache

    cache.clear()
    ThemeFactory(slug="greening")
    client.post(
        "/practices/submit/",
        {
            "title": "Solar repair",
            "summary": "Students repair solar kits.",
            "institution": "New college",
            "role": "lead",
            "submitter_name": "Ada",
            "submitter_email": "ada@example.org",
            "consent": "on",
        },
    )
    practice = Practice.objects.get(title="Solar repair")
    delete_in_admin(curator_client, "practice", practice)

    recover_in_admin(curator_client, change_form_data, "practice", practice)

    submission = Practice.objects.get(pk=practice.pk).submission
    assert (submission.submitter_email, submission.proposed_institution) == (
        "ada@example.org",
        "New college",
    )
