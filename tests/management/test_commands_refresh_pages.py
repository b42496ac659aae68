"""Management commands that change content make the pages stored by the
server processes stale (the generation lives in the shared cache)."""

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def cached_twice(path):
    Client().get(path)
    assert Client().get(path)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "command",
    [("seed",), ("generate_practices", "3", "--seed", "1")],
    ids=["seed", "generate_practices"],
)
def test_a_command_that_adds_content_refreshes_the_pages(page_cache, command):
    if command[0] == "generate_practices":
        call_command("seed", verbosity=0)  # it files practices under themes
    cached_twice("/practices/")

    call_command(*command, verbosity=0)

    response = Client().get("/practices/")
    assert response["X-Page-Cache"] == "miss"
