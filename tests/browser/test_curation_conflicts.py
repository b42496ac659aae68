"""Two curators edit one practice's institution links at the same time, in real
browsers: the second save is refused, shows the first curator's links and
explains the one they removed, and saving again keeps both curators' work."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from practices.models import Involvement, Practice
from tests.conftest import current_totp_code

pytestmark = pytest.mark.browser


def signed_in(make_visit, username, path):
    """A curator signed in with their password and second factor."""
    curator = get_user_model().objects.create_superuser(
        username, f"{username}@example.org", "a-long-password-1"
    )
    device = TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    visit = make_visit()
    visit.go(path)
    visit.page.get_by_label("Username").fill(username)
    visit.page.get_by_label("Password").fill("a-long-password-1")
    visit.page.get_by_label("OTP Token").fill(current_totp_code(device))
    visit.page.get_by_role("button", name="Log in").click()
    return visit.page


def test_a_refused_save_shows_the_other_curators_links_and_then_keeps_both(
    make_visit,
):
    practice = (
        Practice.objects.annotate(links=Count("involvements"))
        .filter(links__gte=2)
        .order_by("pk")
        .first()
    )
    first, second = practice.involvements.order_by("pk")[:2]
    path = f"/admin/practices/practice/{practice.pk}/change/"
    a = signed_in(make_visit, "curator-a", path)
    b = signed_in(make_visit, "curator-b", path)

    a.locator("#id_involvements-0-role").select_option("funder")
    a.locator("#id_involvements-1-DELETE").check()
    a.get_by_role("button", name="Save", exact=True).click()
    expect(a.locator(".messagelist")).to_contain_text("was changed successfully")

    b.locator("#id_summary").fill("A summary rewritten by curator B.")
    b.get_by_role("button", name="Save", exact=True).click()

    expect(b.locator(".errornote")).to_be_visible()
    expect(b.locator("#content-main")).to_contain_text(
        "Someone else saved this practice after you opened it"
    )
    expect(b.locator("#content-main")).to_contain_text(
        f"Someone else removed the link to {second.institution.name}"
    )
    expect(b.locator("#id_involvements-0-role")).to_have_value("funder")
    expect(b.locator("#id_summary")).to_have_value("A summary rewritten by curator B.")

    b.get_by_role("button", name="Save", exact=True).click()
    expect(b.locator(".messagelist")).to_contain_text("was changed successfully")

    practice.refresh_from_db()
    assert practice.summary == "A summary rewritten by curator B."
    assert Involvement.objects.get(pk=first.pk).role == "funder"
    assert not Involvement.objects.filter(pk=second.pk).exists()
