"""The guided session player, in the browser: a plan for a sore upper trapezius, a session
with countdown timers (time controlled with Playwright's clock, so a minute's hold takes
no time), pause, the breathing pacer, and the stop button that runs the safety check
again. At a laptop's size and at a small phone's, with screenshots; and the same session
without JavaScript, one plain page per step.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from unknot.web.journal import services
from unknot.web.journal.models import Knot, Session
from unknot.web.journal.services import KnotInput

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]


def a_sore_upper_trapezius() -> Knot:
    knot = services.create_knot(
        services.local_user(),
        KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
    )
    services.add_checkin(knot, pain=4)
    return knot


def start_the_session(page: Page, knot: Knot, pain: int) -> None:
    page.goto(f"/knots/{knot.pk}/")
    plan = page.locator("#plan")
    expect(plan.get_by_role("heading", name="Your plan")).to_be_visible()
    plan.get_by_role("link", name="Start session").click()
    expect(page).to_have_url(re.compile(rf"/knots/{knot.pk}/session/play/$"))
    before = page.get_by_role("group", name=re.compile("^Before you start"))
    before.get_by_role("radio", name=str(pain), exact=True).check()
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_text("Step 1 of", exact=False)).to_be_visible()


def next_step(page: Page) -> None:
    page.get_by_role("link", name="Done, next").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_person_follows_the_plan_with_timers_and_stops_when_tingling_appears(
    open_page, viewport, shoot
):
    knot = a_sore_upper_trapezius()
    page = open_page(viewport)
    page.clock.install()  # the page's own timers run on Playwright's clock from here on

    page.goto(f"/knots/{knot.pk}/")
    shoot(page, viewport, "1-plan")
    start_the_session(page, knot, pain=5)

    # Step 1: gentle pressure, held three times for about a minute each.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gentle pressure on the knot")
    label, clock = page.locator("[data-timer-label]"), page.locator("[data-timer-clock]")
    expect(label).to_have_text("Hold 1 of 3")
    expect(clock).to_have_text("1:00")
    page.get_by_role("button", name="Start the timer").click()
    page.clock.run_for(30_000)
    expect(clock).to_have_text("0:30")
    shoot(page, viewport, "2-timer")

    # Pause holds the time still; Resume carries on where it stopped.
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_focused()
    page.clock.run_for(90_000)
    expect(clock).to_have_text("0:30")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(31_000)
    expect(label).to_have_text("Hold 2 of 3")
    expect(page.get_by_role("status").filter(has_text="Hold 2 of 3")).to_have_count(1)
    page.clock.run_for(121_000)
    expect(label).to_have_text("Done")
    expect(clock).to_have_text("0:00")
    expect(page.get_by_role("link", name="Done, next")).to_be_focused()

    # On to the slow breathing, whose pacer grows and shrinks with the breath.
    for _ in range(4):
        next_step(page)
        if page.locator("[data-pacer]").count():
            break
    expect(page.get_by_role("heading", level=1)).to_contain_text("Slow breathing")
    pacer = page.locator("[data-pacer]")
    page.get_by_role("button", name="Start the timer").click()
    page.clock.run_for(1_000)
    expect(pacer).to_have_class(re.compile(r"\bis-in\b.*\bpace-4\b"))
    expect(pacer).to_contain_text("Breathe in")
    page.clock.run_for(4_000)
    expect(pacer).to_have_class(re.compile(r"\bis-out\b.*\bpace-6\b"))
    expect(pacer).to_contain_text("Breathe out")
    shoot(page, viewport, "3-pacer")

    # Tingling: the button ends the session, notes why, and runs the safety check again.
    stop = page.get_by_role("region", name=re.compile("^Stop if it hurts more"))
    expect(stop).to_be_visible()
    stop.get_by_role("button", name="Stop: Tingling").click()
    expect(page).to_have_url(re.compile(rf"/knots/{knot.pk}/session/recheck/\?why=tingling$"))
    panel = page.locator(".triage-panel")
    expect(panel).to_have_class(re.compile(r"\blevel-see_professional\b"))
    expect(panel).to_contain_text("You stopped the session because tingling appeared.")
    expect(page.get_by_role("main")).to_contain_text("No self-care plan for now.")
    shoot(page, viewport, "4-checked-again")

    session = Session.objects.get(knot=knot)
    assert session.notes.startswith("Stopped at step ") and "tingling appeared" in session.notes
    assert session.pain_before == 5 and session.strategy == "self_release"
    knot.refresh_from_db()
    assert "tingling" in knot.symptoms

    # The knot page has no plan now, only what to do next.
    page.get_by_role("link", name="Back to the knot").click()
    expect(page.locator("#plan")).to_contain_text("No self-care plan for now.")
    expect(page.get_by_role("link", name="Start session")).to_have_count(0)


def test_without_javascript_the_session_is_one_plain_page_per_step(open_page, shoot):
    knot = a_sore_upper_trapezius()
    page = open_page("phone", js=False)
    start_the_session(page, knot, pain=6)
    expect(page.locator("[data-timer]")).to_be_hidden()
    expect(page.get_by_text("3 times, about 60 seconds each")).to_be_visible()
    shoot(page, "phone", "step-without-js")
    while page.get_by_role("link", name="Done, next").count():
        next_step(page)
    page.get_by_role("link", name="Done, finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("#pl-pain_after-error")).to_contain_text("Choose a number")
    after = page.get_by_role("group", name="How much does it hurt now?")
    after.get_by_role("radio", name="3", exact=True).check()
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("main")).to_contain_text("Session saved: pain 6 before, 3 after")
    session = Session.objects.get(knot=knot)
    assert (session.pain_before, session.pain_after) == (6, 3)
    assert session.notes.startswith("Guided session: ")
