"""Every page works with JavaScript turned off: plain HTML forms, validated on the
server, with each message next to its field and nothing the person typed lost.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from unknot.web.journal import services
from unknot.web.journal.models import CheckIn, Knot

pytestmark = pytest.mark.browser

NOTES = "Started after moving house; worse in the evening after the laptop."


def a_knot() -> Knot:
    return services.create_knot(
        services.local_user(),
        services.KnotInput(
            region="shoulder_top",
            side="right",
            muscle="upper_trapezius",
            activities=["Turning my head to drive"],
        ),
    )


def no_js(open_page, viewport: str = "desktop") -> Page:
    page = open_page(viewport, js=False)
    return page


def test_the_check_form_works_with_the_region_checklist_alone(open_page, shoot):
    page = no_js(open_page)
    page.goto("/check/")
    page.locator("summary", has_text=re.compile(r"^\s*Shoulder\s*$")).click()
    places = page.get_by_role("group", name="Places, from head to foot")
    box = places.get_by_role("checkbox", name="Right top of the shoulder", exact=True)
    box.check()
    page.get_by_role("group", name="How strong is it right now?").get_by_role(
        "radio", name="4", exact=True
    ).check()
    page.get_by_label("How many days has it been going on?").fill("3")
    page.get_by_role("button", name="Show my result").click()

    expect(page).to_have_url(re.compile(r"/check/result/\?.*loc=shoulder_top%3Aright"))
    expect(page.locator(".triage-panel")).to_have_class(re.compile(r"\blevel-self_care\b"))
    expect(page.get_by_role("heading", name=re.compile("Upper trapezius"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Track this knot")).first).to_be_visible()
    shoot(page, "desktop", "result")


def test_a_check_with_an_impossible_pain_shows_the_message_by_the_field_and_keeps_the_rest(
    open_page,
):
    page = no_js(open_page)
    # A crafted request: the form's own radio buttons only offer 0 to 10.
    page.goto("/check/result/?loc=shoulder_top%3Aright&pain=11&days=3&text=after+typing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where does it hurt?")
    error = page.locator("#f-pain-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("0 (no pain) to 10")
    # The message is inside the pain question and tied to it.
    expect(page.locator("#f-pain #f-pain-error")).to_have_count(1)
    expect(page.locator("#f-pain")).to_have_attribute(
        "aria-describedby", re.compile("f-pain-error")
    )
    expect(page.locator(".error-summary")).to_be_visible()
    # Nothing typed is lost.
    expect(page.locator('input[name="loc"][value="shoulder_top:right"]')).to_be_checked()
    expect(page.get_by_label("How many days has it been going on?")).to_have_value("3")
    expect(page.get_by_label("Or describe it in your own words")).to_have_value("after typing")


def test_a_check_in_can_be_saved_on_the_knot_page(open_page):
    knot = a_knot()
    page = no_js(open_page)
    page.goto(f"/knots/{knot.pk}/")
    checkin = page.locator("#checkin")
    checkin.get_by_role("radio", name="3", exact=True).check()
    checkin.get_by_label("Turning my head to drive").fill("7")
    checkin.get_by_label(re.compile("^Note")).fill("Better after a walk")
    checkin.get_by_role("button", name="Save check-in").click()

    expect(page).to_have_url(re.compile(rf"/knots/{knot.pk}/$"))
    expect(page.get_by_role("main")).to_contain_text("Check-in saved: pain 3 out of 10")
    saved = CheckIn.objects.get(knot=knot)
    assert (saved.pain, saved.notes) == (3, "Better after a walk")
    assert [s.score for s in saved.scores.all()] == [7]
    expect(page.locator("#history")).to_contain_text("Turning my head to drive: 7/10")


def test_the_one_tap_check_in_on_today_works_without_javascript(open_page):
    knot = a_knot()
    page = no_js(open_page, "phone")
    page.goto("/")
    card = page.get_by_role("main").get_by_role("article")
    card.get_by_role("button", name="Pain 2 out of 10", exact=True).click()
    expect(page).to_have_url(re.compile(r"/(#knot-\d+)?$"))
    expect(page.get_by_role("main")).to_contain_text("pain 2 out of 10")
    assert list(CheckIn.objects.filter(knot=knot).values_list("pain", flat=True)) == [2]


def test_a_check_in_without_a_pain_shows_the_message_by_the_field(open_page):
    knot = a_knot()
    page = no_js(open_page)
    page.goto(f"/knots/{knot.pk}/")
    checkin = page.locator("#checkin")
    checkin.get_by_label(re.compile("^Note")).fill("Forgot the number")
    checkin.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#ci-pain #ci-pain-error")).to_be_visible()
    expect(page.locator("#ci-notes")).to_have_value("Forgot the number")
    assert CheckIn.objects.count() == 0


def test_the_knot_form_shows_a_missing_region_by_its_field_and_keeps_what_was_typed(
    open_page, shoot
):
    page = no_js(open_page, "phone")
    page.goto("/knots/new/")
    page.get_by_label("Body area").select_option("")
    page.get_by_role("group", name=re.compile("^How it feels")).get_by_label("Sharp").check()
    page.get_by_label("Activity 1", exact=True).fill("Sleeping on my side")
    page.get_by_label(re.compile("^Notes")).fill(NOTES)
    page.get_by_role("button", name="Start tracking").click()

    region = page.get_by_label("Body area")
    error = page.locator("#f-region-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(re.compile(r"Choose a body (region|area)"))
    expect(region).to_have_attribute("aria-invalid", "true")
    expect(region).to_have_attribute("aria-describedby", re.compile(r"\bf-region-error\b"))
    # The message sits right after its field, in the same field block.
    assert page.evaluate(
        "() => document.getElementById('f-region').closest('.field')"
        ".contains(document.getElementById('f-region-error'))"
    )
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#f-region")
    # Nothing typed is lost.
    expect(page.get_by_label(re.compile("^Notes"))).to_have_value(NOTES)
    expect(page.get_by_label("Activity 1", exact=True)).to_have_value("Sleeping on my side")
    expect(
        page.get_by_role("group", name=re.compile("^How it feels")).get_by_label("Sharp")
    ).to_be_checked()
    assert Knot.objects.count() == 0
    shoot(page, "phone")


def test_the_muscle_library_can_be_searched_without_javascript(open_page):
    page = no_js(open_page, "phone")
    page.goto("/muscles/")
    page.get_by_role("searchbox", name="Search muscles").fill("calf")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/muscles/\?q=calf$"))
    expect(page.get_by_role("link", name="Gastrocnemius")).to_be_visible()


def test_a_knot_can_be_edited_and_archived_without_javascript(open_page):
    knot = a_knot()
    page = no_js(open_page)
    page.goto(f"/knots/{knot.pk}/")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label(re.compile("^Notes")).fill(NOTES)
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"/knots/{knot.pk}/$"))
    knot.refresh_from_db()
    assert knot.notes == NOTES

    page.get_by_role("button", name="Archive", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Knot archived")
    knot.refresh_from_db()
    assert knot.is_archived
    page.goto("/")
    expect(page.get_by_role("main").get_by_role("article")).to_have_count(0)
