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


@pytest.fixture
def seeded(db):
    """The knowledge base as `make run` loads it: the report's fixtures."""
    call_command("seed", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "curator", "curator@example.org", "pw"
    )
    client.force_login(user)
    return client


@pytest.fixture
def make_curator(django_user_model):
    """A function making a staff account in the Curators group (not superuser)."""
    from django.contrib.auth.models import Group

    def make(username="curator-a"):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name="Curators"))
        return user

    return make


@pytest.fixture
def curator_client(client, make_curator):
    """A client logged in as a member of the Curators group."""
    client.force_login(make_curator())
    return client


@pytest.fixture
def make_curator_client(make_curator):
    """A function giving a new client logged in as a new curator, for tests
    that need two curators at once."""
    from django.test import Client

    def make(username):
        other = Client()
        other.force_login(make_curator(username))
        return other

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
