import pytest
from django.core.management import call_command


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
