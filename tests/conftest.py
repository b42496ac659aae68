import pytest
from django import forms
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one test stored (the search
    synonyms, a rate-limit count) cannot reach the next once its database
    changes are rolled back."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language an earlier test's request
    left active: content built then would be written in that language's
    columns (practices/translation.py)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Every test that needs real transactions (browser, migration, worker and
    backup tests) restores what the migrations created (groups, permissions,
    synonyms) from a serialized copy, rather than a flush that recreates
    content types under new ids for the next such test to collide with."""
    return True


@pytest.fixture
def seeded(db):
    """The knowledge base as `make run` loads it: the report's fixtures."""
    call_command("seed", verbosity=0)


def current_totp_code(device):
    """The code an authenticator app shows for `device` right now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_with_second_factor(client, user):
    """Log `client` in as `user` as the admin's sign-in would: password and a
    one-time code from a confirmed TOTP device (created if the user has none)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "curator", "curator@example.org", "pw"
    )
    return login_with_second_factor(client, user)


@pytest.fixture
def make_curator(django_user_model):
    """A function making a staff account in the Curators group (not superuser)."""
    from django.contrib.auth.models import Group

    def make(username="curator-a", group="Curators"):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor_client(make_curator):
    """A client logged in as a member of the Editors group: a curator who may
    also publish, archive and unpublish (a client of its own, so a test can
    have a curator and an editor at once)."""
    from django.test import Client

    return login_with_second_factor(Client(), make_curator("editor-a", "Editors"))


@pytest.fixture
def curator_client(client, make_curator):
    """A client logged in as a member of the Curators group."""
    return login_with_second_factor(client, make_curator())


@pytest.fixture
def make_curator_client(make_curator):
    """A function giving a new client logged in as a new curator, for tests
    that need two curators at once."""
    from django.test import Client

    def make(username):
        return login_with_second_factor(Client(), make_curator(username))

    return make


MULTIPLE_CHOICE_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [_post_value(item) for item in value]
    return getattr(value, "pk", value)


def _form_fields_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is False:
            continue  # an unchecked box is not sent
        if value is None and isinstance(field, MULTIPLE_CHOICE_FIELDS):
            value = []  # nothing selected in a multiple select
        data[form.add_prefix(name)] = "on" if value is True else _post_value(value)
    return data


@pytest.fixture
def change_form_data():
    """A function giving the POST data a browser would send for an admin change
    (or add, revision, recover) form as the response rendered it: the main form's
    values (bound or initial) and every inline formset with its management form.
    Built from the form, so it keeps working when fields are added."""

    def build(response, **overrides):
        data = _form_fields_data(response.context["adminform"].form)
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            data.update(_form_fields_data(formset.management_form))
            for form in formset.forms:
                data.update(_form_fields_data(form))
        data["_save"] = "Save"
        data.update(overrides)
        return data

    return build
