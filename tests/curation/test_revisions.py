"""Restoring or recovering a practice changes that practice and what belongs to
it (its institution links, its submission) and nothing else, whatever revision
it was saved in: the seed and imports once saved all their records in one."""

import pytest
import reversion
from django.contrib.admin.models import DELETION, LogEntry
from django.core.management import call_command
from django.test import Client
from reversion.models import Revision, Version

from practices.models import Institution, Involvement, Practice
from tests.admin_pages import admin_url, links_of
from tests.conftest import login_with_second_factor
from tests.factories import InstitutionFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def oldest_version(obj):
    return Version.objects.get_for_object(obj).order_by("pk").first()


def snapshot(practice):
    """Everything about a practice a revert elsewhere must leave alone."""
    practice = Practice.objects.get(pk=practice.pk)
    return {
        "title": practice.title,
        "lock_version": practice.lock_version,
        "links": links_of(practice),
        "history": list(
            Version.objects.get_for_object(practice).values_list("pk", flat=True)
        ),
    }


def save_form(client, change_form_data, url, **changes):
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, change_form_data(form, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def one_revision_for_all():
    """Three practices (with links) saved in one revision, as `seed` and
    imports recorded them before each record had its own."""
    ministry = InstitutionFactory(slug="ministry", name="Ministry of Labour")
    college = InstitutionFactory(slug="college", name="City College")
    with reversion.create_revision():
        reversion.set_comment("Loaded from the forum report's fixtures.")
        practices = {
            name: PracticeFactory(
                title=f"Practice {name}", slug=f"practice-{name}", institutions=[inst]
            )
            for name, inst in {"a": ministry, "b": college, "c": college}.items()
        }
    assert Revision.objects.count() == 1
    return practices


def test_reverting_one_practice_leaves_the_others_of_its_revision_alone(
    one_revision_for_all, curator_client, change_form_data
):
    a, b = one_revision_for_all["a"], one_revision_for_all["b"]
    ministry = Institution.objects.get(slug="ministry")
    b_url = admin_url("practice_change", b.pk)
    save_form(
        curator_client,
        change_form_data,
        b_url,
        title="Practice b, edited",
        **{
            "involvements-0-role": Involvement.Role.PARTNER,
            "involvements-1-institution": ministry.pk,
            "involvements-1-role": Involvement.Role.FUNDER,
        },
    )
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", a.pk),
        title="Practice a, edited",
    )
    b_before = snapshot(b)

    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_revision", a.pk, oldest_version(a).pk),
    )

    assert Practice.objects.get(pk=a.pk).title == "Practice a"
    assert snapshot(b) == b_before
    assert b_before["title"] == "Practice b, edited"
    assert b_before["links"] == [("college", "partner"), ("ministry", "funder")]


def test_recovering_a_never_edited_practice_leaves_the_others_alone(
    one_revision_for_all, editor_client, change_form_data
):
    """An editor: recovering a published practice publishes it again."""
    curator_client = editor_client
    b, c = one_revision_for_all["b"], one_revision_for_all["c"]
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", b.pk),
        title="Practice b, edited",
    )
    b_before = snapshot(b)
    response = curator_client.post(admin_url("practice_delete", c.pk), {"post": "yes"})
    assert response.status_code == 302
    [deleted] = Version.objects.get_deleted(Practice)

    save_form(
        curator_client, change_form_data, admin_url("practice_recover", deleted.pk)
    )

    assert links_of(c) == [("college", "lead")]
    assert snapshot(b) == b_before


def test_reverting_an_institution_leaves_the_practices_of_its_revision_alone(
    curator_client, change_form_data
):
    with reversion.create_revision():
        institution = InstitutionFactory(slug="college", name="City College")
        practice = PracticeFactory(title="Practice a", institutions=[institution])
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", practice.pk),
        title="Practice a, edited",
    )
    save_form(
        curator_client,
        change_form_data,
        admin_url("institution_change", institution.pk),
        name="City College of Turin",
    )
    before = snapshot(practice)

    save_form(
        curator_client,
        change_form_data,
        admin_url(
            "institution_revision", institution.pk, oldest_version(institution).pk
        ),
    )

    assert Institution.objects.get(pk=institution.pk).name == "City College"
    assert snapshot(practice) == before


def test_reverting_a_seeded_practice_leaves_every_other_practice_alone(
    curator_client, change_form_data
):
    """A database seeded the old way: every record in one revision."""
    with reversion.create_revision():
        call_command("seed", verbosity=0)
    assert Revision.objects.count() == 1
    first, *others = Practice.objects.order_by("pk")[:6]
    for other in others:
        save_form(
            curator_client,
            change_form_data,
            admin_url("practice_change", other.pk),
            title=f"{other.title} (edited)",
        )
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", first.pk),
        title="Edited",
    )
    before = {other.pk: snapshot(other) for other in others}

    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_revision", first.pk, oldest_version(first).pk),
    )

    assert Practice.objects.get(pk=first.pk).title == first.title
    assert {other.pk: snapshot(other) for other in others} == before


def test_seed_records_one_revision_per_practice_and_institution(db):
    call_command("seed", verbosity=0)

    for model in (Practice, Institution):
        for obj in model.objects.all():
            # Its first version, then (when translations shipped) the version
            # that brought them: each in a revision of its own.
            versions = Version.objects.get_for_object(obj)
            assert 1 <= len(versions) <= 2, obj
            for version in versions:
                others = [
                    v.object_repr
                    for v in version.revision.version_set.exclude(pk=version.pk)
                    if v.content_type.model not in {"involvement", "submission"}
                ]
                assert others == [], obj


def test_first_difference_after_a_shared_revision_lists_only_this_practices_links(
    one_revision_for_all, curator_client, change_form_data
):
    a = one_revision_for_all["a"]
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", a.pk),
        title="Practice a, edited",
    )

    history = curator_client.get(admin_url("practice_history", a.pk))

    [latest, _] = history.context["action_list"]
    assert [label for label, _, _ in latest["changes"]] == ["title"]
    assert "City College" not in history.content.decode()


# --- in a curator's words --------------------------------------------------------


def test_change_messages_name_fields_not_the_lock_bookkeeping(
    one_revision_for_all, curator_client, change_form_data
):
    a = one_revision_for_all["a"]
    save_form(
        curator_client,
        change_form_data,
        admin_url("practice_change", a.pk),
        title="Practice a, edited",
    )

    latest = Version.objects.get_for_object(a).first()
    assert latest.revision.get_comment() == "Changed Title."
    history = curator_client.get(admin_url("practice_history", a.pk)).content
    assert b"loaded_" not in history


def test_conflict_message_shows_choice_labels_and_reads_correctly(
    make_curator, editor_client, change_form_data
):
    practice = PracticeFactory(title="Dual training")
    # Both are editors: archiving takes one, and only editors see the status.
    a = editor_client
    b = login_with_second_factor(Client(), make_curator("editor-b", "Editors"))
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    saved = a.post(url, change_form_data(form_a, status="archived"))
    assert saved.status_code == 302

    refused = b.post(url, change_form_data(form_b, description="By B."))

    [message] = refused.context["adminform"].form.non_field_errors()
    assert "status (now “Archived”)" in message
    assert "The form now shows their new status;" in message


def test_recovery_says_when_the_practice_was_deleted_and_that_it_was_recovered(
    one_revision_for_all, editor_client, change_form_data
):
    curator_client = editor_client
    c = one_revision_for_all["c"]
    curator_client.post(admin_url("practice_delete", c.pk), {"post": "yes"})
    deleted_at = LogEntry.objects.get(action_flag=DELETION).action_time

    listing = curator_client.get(admin_url("practice_recoverlist"))
    [deletion] = listing.context["deleted"]
    assert deletion.deleted_at == deleted_at
    form = curator_client.get(admin_url("practice_recover", deletion.pk))
    assert form.context["deleted_at"] == deleted_at
    assert "Deleted on " in form.content.decode()
    response = curator_client.post(
        admin_url("practice_recover", deletion.pk), change_form_data(form), follow=True
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["The practice “Practice c” was recovered."]
    latest = Version.objects.get_for_object(c).first()
    assert latest.revision.get_comment().startswith("Recovered from the version")
