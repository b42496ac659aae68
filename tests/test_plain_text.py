"""Control characters other than tab and line breaks are refused wherever text
comes in, and text stored with them before never breaks what goes out: the
feed, the sitemap, CSV and Excel exports, the curators' email."""

import io

import openpyxl
import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from practices.curation.resources import PracticeResource
from practices.models import Practice
from practices.submissions.tasks import notify_curators_of_submission
from tests.factories import PracticeFactory
from tests.submissions.test_submissions import valid_data

pytestmark = pytest.mark.django_db

# What a word processor's line break pastes as, and a form feed.
PASTED = "First line\x0bsecond line\x0c end"


@pytest.fixture
def stored_with_control_characters():
    """A published practice stored before control characters were refused."""
    practice = PracticeFactory(title="Solar\x0b repair", slug="solar-repair")
    Practice.objects.filter(pk=practice.pk).update(summary=PASTED)
    return practice


def test_the_feed_answers_with_control_characters_dropped(
    client, stored_with_control_characters
):
    response = client.get("/practices.atom")

    assert response.status_code == 200
    body = response.content.decode()
    assert "\x0b" not in body and "\x0c" not in body
    assert "First line second line  end" in body


def test_the_sitemap_answers(client, stored_with_control_characters):
    response = client.get("/sitemap-practices.xml")

    assert response.status_code == 200
    assert "solar-repair" in response.content.decode()


def test_the_csv_export_drops_control_characters(
    client, stored_with_control_characters
):
    response = client.get("/practices.csv")

    body = b"".join(response.streaming_content).decode()
    assert "First line second line  end" in body
    assert "\x0b" not in body


def test_the_excel_export_drops_control_characters(stored_with_control_characters):
    workbook = openpyxl.load_workbook(
        io.BytesIO(PracticeResource().export().xlsx), read_only=True
    )

    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "First line second line  end" in cells


def test_the_curators_email_subject_is_one_clean_line(
    stored_with_control_characters, make_curator
):
    make_curator("curator-a")
    practice = stored_with_control_characters
    Practice.objects.filter(pk=practice.pk).update(title="Solar\x0brepair\x07 now")

    notify_curators_of_submission.call(practice.pk, "https://example.org/review")

    [email] = mail.outbox
    assert email.subject == "[tvetkb] New practice to review: Solar repair now"


def test_the_admin_refuses_control_characters(
    curator_client, change_form_data, stored_with_control_characters
):
    url = reverse(
        "admin:practices_practice_change", args=[stored_with_control_characters.pk]
    )
    form = curator_client.get(url)

    response = curator_client.post(
        url,
        change_form_data(
            form, title="Solar repair", summary="Clean now.", description=PASTED
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["description"]
    assert "control characters" in errors["description"][0]


def test_the_submission_form_refuses_control_characters(client):
    cache.clear()
    response = client.post(
        "/practices/submit/", valid_data(summary=PASTED, submitter_name="Ada\x00")
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"summary", "submitter_name"}
    assert not Practice.objects.exists()


def test_tabs_and_line_breaks_are_text(client):
    cache.clear()
    response = client.post(
        "/practices/submit/",
        valid_data(summary="Step one:\tplan.\r\nStep two:\tbuild.\nDone."),
    )

    assert response.status_code == 302
    assert Practice.objects.get().summary.startswith("Step one:\tplan.")
