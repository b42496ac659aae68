"""Edit conflicts: when two curators edit the same record, the second save is
refused with a message naming what changed, the second curator's input stays in
the form, and saving that form again overwrites on purpose."""

import pytest
import reversion
from reversion.models import Version

from practices.models import Institution, Involvement, Practice
from tests.admin_pages import admin_url
from tests.factories import InstitutionFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

CONFLICT_START = (
    "Someone else saved this {what} after you opened it, so your changes were "
    "not saved."
)
CHECK = "Check the form (the history shows their change), then save again."
CONFLICT_END = f"Your input is still in the form below. {CHECK}"


def taken(*labels):
    """The message's part for fields now holding the other curator's values."""
    return (
        f"The form now shows their new {', '.join(labels)}; everything you "
        f"changed keeps your input. {CHECK}"
    )


def non_field_errors(response):
    return list(response.context["adminform"].form.non_field_errors())


@pytest.fixture
def curators(make_curator_client):
    return make_curator_client("curator-a"), make_curator_client("curator-b")


@pytest.fixture
def institution():
    return InstitutionFactory(name="Polytechnic of Hamburg", slug="polytechnic")


@pytest.fixture
def practice(institution):
    with reversion.create_revision():
        return PracticeFactory(
            title="Dual training",
            summary="Apprenticeships shared by a college and companies.",
            description="The original description.",
            institutions=[institution],
        )


def stored(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def conflict(curators, change_form_data, practice):
    """Both curators open the practice; A saves a new title and summary; B then
    saves a new description on the stale form. Returns B's refused response."""
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)

    saved = a.post(
        url,
        change_form_data(form_a, title="Dual training (A)", summary="Summary by A."),
    )
    assert saved.status_code == 302

    return b.post(url, change_form_data(form_b, description="Description by B."))


# --- a practice ------------------------------------------------------------------


def test_second_save_on_a_stale_practice_is_refused(conflict, practice):
    assert conflict.status_code == 200
    [message] = non_field_errors(conflict)
    assert message == (
        f"{CONFLICT_START.format(what='practice')} They changed: "
        "title (now “Dual training (A)”); summary (now “Summary by A.”). "
        f"{taken('title', 'summary')}"
    )
    assert "They changed: title (now “Dual training (A)”); summary" in (
        conflict.content.decode()
    )


def test_refused_save_changes_nothing_in_the_database(conflict, practice):
    current = stored(practice)

    assert (current.title, current.summary, current.description) == (
        "Dual training (A)",
        "Summary by A.",
        "The original description.",
    )


def test_refused_save_keeps_the_second_curators_input_in_the_form(conflict, practice):
    form = conflict.context["adminform"].form

    assert form["description"].value() == "Description by B."
    # The title B left alone now shows A's new one.
    assert form["title"].value() == "Dual training (A)"
    assert "Description by B.</textarea>" in conflict.content.decode()


def test_refused_form_carries_the_current_version(conflict, practice):
    form = conflict.context["adminform"].form

    assert int(form["loaded_version"].value()) == stored(practice).lock_version
    html = conflict.content.decode()
    assert f'name="loaded_version" value="{stored(practice).lock_version}"' in html


def test_saving_the_refused_form_again_keeps_both_curators_changes(
    conflict, curators, change_form_data, practice
):
    _, b = curators

    response = b.post(
        admin_url("practice_change", practice.pk), change_form_data(conflict)
    )

    assert response.status_code == 302
    current = stored(practice)
    # B's own edit is saved, and A's edits (fields B never touched) survive.
    assert (current.title, current.summary, current.description) == (
        "Dual training (A)",
        "Summary by A.",
        "Description by B.",
    )


def test_overwrite_is_refused_again_if_someone_saves_in_between(
    conflict, curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    saved = a.post(url, change_form_data(a.get(url), title="Dual training (A2)"))
    assert saved.status_code == 302

    response = b.post(url, change_form_data(conflict))

    assert response.status_code == 200
    [message] = non_field_errors(response)
    assert "title (now “Dual training (A2)”)" in message
    assert stored(practice).title == "Dual training (A2)"


def test_conflict_caused_by_an_institution_link_names_institutions(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    saved = a.post(
        url,
        change_form_data(form_a, **{"involvements-0-role": Involvement.Role.FUNDER}),
    )
    assert saved.status_code == 302

    response = b.post(url, change_form_data(form_b, description="By B."))

    assert response.status_code == 200
    [message] = non_field_errors(response)
    assert message == (
        f"{CONFLICT_START.format(what='practice')} They changed: institutions. "
        f"{CONFLICT_END}"
    )
    assert practice.involvements.get().role == Involvement.Role.FUNDER


def test_conflict_caused_by_themes_names_themes(curators, change_form_data, practice):
    theme = ThemeFactory(name="Greening", slug="greening")
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    assert a.post(url, change_form_data(form_a, themes=[theme.pk])).status_code == 302

    response = b.post(url, change_form_data(form_b, description="By B."))

    [message] = non_field_errors(response)
    assert "They changed: themes. " in message


@pytest.mark.parametrize("save_twice", [False, True], ids=["once", "twice"])
def test_save_without_conflict_is_unaffected(
    curators, change_form_data, practice, save_twice
):
    a, _ = curators
    url = admin_url("practice_change", practice.pk)

    response = a.post(url, change_form_data(a.get(url), title="First"))
    if save_twice:
        # Reopening the form after saving loads the new version.
        response = a.post(url, change_form_data(a.get(url), title="Second"))

    assert response.status_code == 302
    assert stored(practice).title == ("Second" if save_twice else "First")


def test_curator_who_opens_after_the_other_saved_has_no_conflict(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    assert a.post(url, change_form_data(a.get(url), title="By A")).status_code == 302

    response = b.post(url, change_form_data(b.get(url), description="By B."))

    assert response.status_code == 302
    current = stored(practice)
    assert (current.title, current.description) == ("By A", "By B.")


def test_tampered_loaded_state_still_refuses_without_details(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_b = b.get(url)
    assert a.post(url, change_form_data(a.get(url), title="By A")).status_code == 302

    response = b.post(
        url, change_form_data(form_b, loaded_state="forged", description="By B.")
    )

    assert response.status_code == 200
    assert non_field_errors(response) == [
        f"{CONFLICT_START.format(what='practice')} {CONFLICT_END}"
    ]
    assert stored(practice).title == "By A"


# --- an institution --------------------------------------------------------------


def test_second_save_on_a_stale_institution_is_refused_then_overwrites(
    curators, change_form_data, institution
):
    a, b = curators
    url = admin_url("institution_change", institution.pk)
    form_a, form_b = a.get(url), b.get(url)
    saved = a.post(url, change_form_data(form_a, name="Hamburg Polytechnic"))
    assert saved.status_code == 302

    refused = b.post(url, change_form_data(form_b, city="Hamburg"))

    assert refused.status_code == 200
    assert non_field_errors(refused) == [
        f"{CONFLICT_START.format(what='institution')} They changed: "
        f"name (now “Hamburg Polytechnic”). {taken('name')}"
    ]
    assert refused.context["adminform"].form["city"].value() == "Hamburg"
    assert stored(institution).city == ""

    again = b.post(url, change_form_data(refused))

    assert again.status_code == 302
    current = stored(institution)
    assert (current.name, current.city) == ("Hamburg Polytechnic", "Hamburg")


# --- the version number ------------------------------------------------------------


def test_version_grows_with_each_save_and_not_on_a_refusal(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    versions = [stored(practice).lock_version]
    form_a, form_b = a.get(url), b.get(url)

    a.post(url, change_form_data(form_a, title="By A"))
    versions.append(stored(practice).lock_version)
    refused = b.post(url, change_form_data(form_b, description="By B."))
    versions.append(stored(practice).lock_version)
    b.post(url, change_form_data(refused))
    versions.append(stored(practice).lock_version)

    first = versions[0]
    assert versions == [first, first + 1, first + 1, first + 2]


def test_version_grows_through_admin_actions(editor_client, practice):
    a = editor_client
    before = stored(practice).lock_version

    a.post(
        admin_url("practice_changelist"),
        {"action": "archive", "_selected_action": [practice.pk], "index": 0},
    )

    assert stored(practice).lock_version == before + 1


def restore(client, change_form_data, model, obj, version):
    url = admin_url(f"{model}_revision", obj.pk, version.pk)
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("model", ["practice", "institution"])
def test_version_grows_when_an_older_version_is_restored(
    curators, change_form_data, practice, institution, model
):
    a, _ = curators
    obj = {"practice": practice, "institution": institution}[model]
    with reversion.create_revision():
        obj.save()
    url = admin_url(f"{model}_change", obj.pk)
    for n in range(3):
        field = "title" if model == "practice" else "name"
        a.post(url, change_form_data(a.get(url), **{field: f"Edit {n}"}))
    before = stored(obj).lock_version
    oldest = Version.objects.get_for_object(obj).order_by("pk").first()

    restore(a, change_form_data, model, obj, oldest)

    assert stored(obj).lock_version > before


def test_form_opened_before_a_restore_is_refused_after_it(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    a.post(url, change_form_data(a.get(url), title="Edited by A"))
    form_b = b.get(url)
    first = Version.objects.get_for_object(practice).order_by("pk").first()
    restore(a, change_form_data, "practice", practice, first)
    assert stored(practice).title == "Dual training"

    response = b.post(url, change_form_data(form_b, description="By B."))

    # B loaded "Edited by A"; saving it silently would undo A's restore.
    assert response.status_code == 200
    assert stored(practice).title == "Dual training"


def test_restore_form_for_an_unchanged_record_saves(
    curators, change_form_data, practice
):
    a, _ = curators
    [only] = Version.objects.get_for_object(practice)

    restore(a, change_form_data, "practice", practice, only)

    assert stored(practice).title == "Dual training"


def test_institution_and_practice_have_independent_versions(
    curators, change_form_data, practice, institution
):
    a, _ = curators
    url = admin_url("institution_change", institution.pk)
    practice_version = stored(practice).lock_version

    a.post(url, change_form_data(a.get(url), city="Hamburg"))

    assert stored(institution).lock_version == 2
    assert stored(practice).lock_version == practice_version
    assert Institution.objects.get(pk=institution.pk).city == "Hamburg"
    assert Practice.objects.get(pk=practice.pk).title == "Dual training"


def test_a_link_changed_on_its_own_page_is_a_conflict_for_an_open_practice_form(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a = a.get(url)
    involvement = practice.involvements.get()
    link_url = admin_url("involvement_change", involvement.pk)
    saved = b.post(link_url, change_form_data(b.get(link_url), role="funder"))
    assert saved.status_code == 302

    refused = a.post(url, change_form_data(form_a, title="By A"))

    assert refused.status_code == 200
    assert "institutions" in refused.content.decode()
    assert practice.involvements.get().role == "funder"
    assert Practice.objects.get(pk=practice.pk).title == "Dual training"


def test_an_institution_link_version_opens_without_error(
    curators, change_form_data, practice
):
    a, _ = curators
    involvement = practice.involvements.get()
    link_url = admin_url("involvement_change", involvement.pk)
    a.post(link_url, change_form_data(a.get(link_url), role="partner"))
    version = Version.objects.get_for_object(involvement).first()

    response = a.get(admin_url("involvement_revision", involvement.pk, version.pk))

    assert response.status_code == 200


def test_a_field_both_curators_changed_keeps_the_second_curators_input(
    curators, change_form_data, practice
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    a.post(url, change_form_data(form_a, title="Title by A"))

    refused = b.post(url, change_form_data(form_b, title="Title by B"))

    assert refused.context["adminform"].form["title"].value() == "Title by B"
    again = b.post(url, change_form_data(refused))
    assert again.status_code == 302
    assert stored(practice).title == "Title by B"


# --- institution links in a refused form -----------------------------------------


def inline_rows(response):
    """(institution pk, role, marked for deletion) of each filled inline row."""
    [inline] = [
        i
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "involvements"
    ]
    return [
        (
            str(form["institution"].value() or ""),
            form["role"].value(),
            bool(form["DELETE"].value()) if "DELETE" in form.fields else False,
        )
        for form in inline.formset.forms
        if form["institution"].value()
    ]


def link_errors(response):
    [inline] = [
        i
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "involvements"
    ]
    return list(inline.formset.non_form_errors())


@pytest.fixture
def two_links(practice):
    second = InstitutionFactory(name="Ministry of Labour", slug="ministry")
    Involvement.objects.create(
        practice=practice, institution=second, role=Involvement.Role.FUNDER
    )
    return practice


def roles(practice):
    return sorted((i.institution.slug, i.role) for i in practice.involvements.all())


def test_refused_form_shows_a_role_the_other_curator_changed_in_the_inline(
    curators, change_form_data, practice, institution
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    saved = a.post(url, change_form_data(form_a, **{"involvements-0-role": "funder"}))
    assert saved.status_code == 302

    refused = b.post(url, change_form_data(form_b, summary="Summary by B."))

    assert refused.status_code == 200
    assert inline_rows(refused) == [(str(institution.pk), "funder", False)]
    again = b.post(url, change_form_data(refused))
    assert again.status_code == 302
    assert roles(practice) == [("polytechnic", "funder")]
    assert stored(practice).summary == "Summary by B."


def test_refused_form_shows_a_role_changed_on_the_links_own_page(
    curators, change_form_data, practice, institution
):
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_b = b.get(url)
    link_url = admin_url("involvement_change", practice.involvements.get().pk)
    assert (
        a.post(link_url, change_form_data(a.get(link_url), role="partner")).status_code
        == 302
    )

    refused = b.post(url, change_form_data(form_b, summary="Summary by B."))

    assert inline_rows(refused) == [(str(institution.pk), "partner", False)]
    assert b.post(url, change_form_data(refused)).status_code == 302
    assert roles(practice) == [("polytechnic", "partner")]


def test_a_link_the_other_curator_removed_is_explained_and_not_written_back(
    curators, change_form_data, two_links
):
    practice = two_links
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    saved = a.post(url, change_form_data(form_a, **{"involvements-1-DELETE": "on"}))
    assert saved.status_code == 302
    assert roles(practice) == [("polytechnic", "lead")]

    refused = b.post(url, change_form_data(form_b, summary="Summary by B."))

    assert refused.status_code == 200
    assert [row[:2] for row in inline_rows(refused)] == [
        (str(practice.involvements.get().institution_id), "lead")
    ]
    [note] = link_errors(refused)
    assert note.startswith(
        "Someone else removed the link to Ministry of Labour (Funder)"
    )
    assert "Someone else removed the link to Ministry of Labour" in (
        refused.content.decode()
    )
    again = b.post(url, change_form_data(refused))
    assert again.status_code == 302
    assert roles(practice) == [("polytechnic", "lead")]
    assert stored(practice).summary == "Summary by B."


def test_a_link_removed_on_its_own_page_does_not_block_every_later_save(
    curators, change_form_data, two_links
):
    practice = two_links
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_b = b.get(url)
    link = practice.involvements.get(institution__slug="ministry")
    deleted = a.post(admin_url("involvement_delete", link.pk), {"post": "yes"})
    assert deleted.status_code == 302

    refused = b.post(url, change_form_data(form_b, summary="Summary by B."))
    again = b.post(url, change_form_data(refused))

    assert again.status_code == 302
    assert roles(practice) == [("polytechnic", "lead")]


def test_the_second_curators_own_link_edit_is_kept_beside_the_others(
    curators, change_form_data, two_links
):
    practice = two_links
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    assert (
        a.post(
            url, change_form_data(form_a, **{"involvements-0-role": "partner"})
        ).status_code
        == 302
    )

    refused = b.post(
        url,
        change_form_data(
            form_b, summary="Summary by B.", **{"involvements-1-role": "presenter"}
        ),
    )

    assert [role for _, role, _ in inline_rows(refused)] == ["partner", "presenter"]
    assert b.post(url, change_form_data(refused)).status_code == 302
    assert roles(practice) == [("ministry", "presenter"), ("polytechnic", "partner")]


def test_a_link_page_saved_on_a_stale_copy_is_refused(
    curators, change_form_data, practice
):
    a, b = curators
    link_url = admin_url("involvement_change", practice.involvements.get().pk)
    form_a, form_b = a.get(link_url), b.get(link_url)
    assert a.post(link_url, change_form_data(form_a, role="funder")).status_code == 302

    refused = b.post(link_url, change_form_data(form_b, role="partner"))

    assert refused.status_code == 200
    [message] = non_field_errors(refused)
    assert message.startswith(CONFLICT_START.format(what="involvement"))
    assert practice.involvements.get().role == "funder"


# --- text as browsers send it back ----------------------------------------------


def test_untouched_multi_line_text_sent_back_with_crlf_is_not_an_edit(
    curators, change_form_data, practice
):
    Practice.objects.filter(pk=practice.pk).update(
        description="First line.\nSecond line."
    )
    a, b = curators
    url = admin_url("practice_change", practice.pk)
    form_a, form_b = a.get(url), b.get(url)
    assert (
        a.post(url, change_form_data(form_a, description="Rewritten by A.")).status_code
        == 302
    )

    # B's browser sends the untouched description back with CRLF line endings.
    refused = b.post(
        url,
        change_form_data(
            form_b, title="Title by B", description="First line.\r\nSecond line.\r\n"
        ),
    )

    assert refused.context["adminform"].form["description"].value() == (
        "Rewritten by A."
    )
    assert b.post(url, change_form_data(refused)).status_code == 302
    current = stored(practice)
    assert (current.title, current.description) == ("Title by B", "Rewritten by A.")
