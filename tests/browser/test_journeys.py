"""What visitors and curators do, in a real browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from practices.models import Practice
from tests.conftest import current_totp_code

pytestmark = pytest.mark.browser


def test_search_narrow_open_a_practice_and_follow_its_institution(visit):
    page = visit.page
    visit.go("/")
    page.get_by_role("searchbox", name="Search practices").fill("learning")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"practices? matching"))
    ).to_be_visible()

    page.get_by_label(re.compile(r"^Pedagogy and learning spaces")).check()
    page.get_by_label(re.compile(r"^Singapore")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(
            r"theme=pedagogy-learning-spaces.*country=SG|country=SG.*theme=pedagogy-learning-spaces"
        )
    )

    page.get_by_role(
        "link", name="Co-design of learning spaces with learners (Temasek Polytechnic)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Co-design of learning spaces with learners (Temasek Polytechnic)"
    )
    page.get_by_role("main").get_by_role(
        "link", name="Temasek Polytechnic", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temasek Polytechnic")
    assert visit.foreign_requests() == []


def test_the_same_journey_by_keyboard_alone(visit):
    page = visit.page
    visit.go("/practices/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}, "focus must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    search = page.locator("#list-search")
    search.focus()
    page.keyboard.type("robot")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("matching “robot”"))
    ).to_be_visible()

    # Tab through the whole page: focus always lands on something visible, and
    # it comes back around (no trap).
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return [e.tagName, s.outlineStyle, r.width > 0 && r.height > 0]; }"""
        )
        seen.append(state)
        if state[0] == "BODY":
            break
    focusable = [s for s in seen if s[0] != "BODY"]
    assert len(focusable) > 10
    assert all(s[2] for s in focusable), "every focused element is visible"
    assert all(s[1] != "none" for s in focusable), "every focus is outlined"

    link = page.get_by_role("link", name=re.compile("Flatfish")).first
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Flatfish Case")


def test_a_shared_filtered_address_gives_the_same_results(make_visit):
    first = make_visit()
    first.go(
        "/practices/?theme=digitalization-industry-4-0&region=asia-pacific&sort=title"
    )
    titles = first.page.locator(".card__title").all_inner_texts()
    assert titles

    second = make_visit()
    second.go(first.page.url.replace(first.base_url, ""))
    assert second.page.locator(".card__title").all_inner_texts() == titles


def test_submit_a_practice_with_a_mistake_correct_it_and_see_the_confirmation(visit):
    page = visit.page
    visit.go("/")
    page.get_by_role("link", name="Propose a practice").first.click()
    page.get_by_role("textbox", name="Title").fill("Solar repair workshops")
    page.get_by_role("textbox", name="Summary").fill(
        "Students repair solar kits for their village."
    )
    page.get_by_role("combobox", name="Institution").fill("Kisumu Polytechnic")
    page.get_by_role("textbox", name="Your name").fill("Ada")
    page.get_by_role("textbox", name="Your email").fill("not-an-email")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("alert")).to_contain_text("not sent yet")
    expect(page.get_by_role("textbox", name="Title")).to_have_value(
        "Solar repair workshops"
    )
    page.get_by_role("textbox", name="Your email").fill("ada@example.org")
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "your practice was received"
    )
    assert Practice.objects.get(title="Solar repair workshops").status == "in-review"


def test_a_curator_logs_in_edits_a_practice_and_sees_it_in_the_history(visit):
    curator = get_user_model().objects.create_superuser(
        "curator", "c@example.org", "a-long-password-1"
    )
    device = TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    practice = Practice.objects.get(slug="flatfish-case")
    page = visit.page
    visit.go(f"/admin/practices/practice/{practice.pk}/change/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_label("OTP Token").fill(current_totp_code(device))
    page.get_by_role("button", name="Log in").click()

    page.locator("#id_title").fill("The Flatfish Case (revised)")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    visit.go(f"/admin/practices/practice/{practice.pk}/history/")
    history = page.locator("#change-history")
    expect(history).to_contain_text("curator")
    expect(history).to_contain_text("The Flatfish Case (revised)")
