"""Prevention in the browser, with time controlled, at a laptop's size and a small phone's:
two simulated weeks of recovery logs and knot check-ins end in an honest insight (first
"not enough days yet", then the size of the link with its caveat); a past knot's place
whose one-tap answers rise brings a nudge with an early plan; the workstation check done
twice shows what changed. The relaxation timer's pacer runs on Playwright's clock.

The first twelve days are written through the same services the pages call (so the test
does not spend minutes clicking); the last days are clicked through the pages.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from unknot.core.clock import FixedClock
from unknot.web.journal import services
from unknot.web.journal.models import Knot
from unknot.web.prevention import recovery, watch
from unknot.web.prevention.models import AreaCheckIn, RecoveryEntry, WorkstationCheck

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]
DAY_1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # conftest's on_day(1)
# Stress on each day of the fortnight, and the neck's pain the day after follows it.
STRESS = [2, 7, 3, 8, 2, 6, 3, 8, 1, 7, 2, 9, 3, 7, 2]


def day(n: int) -> FixedClock:
    return FixedClock(DAY_1 + timedelta(days=n - 1))


def neck_pain_after(stress: int) -> int:
    return 2 + stress // 2


def twelve_days_of_history() -> Knot:
    """A desk worker: a sore left neck (an active knot) and a right shoulder that had a knot
    last year. Days 1-12: the log, the neck's check-ins, and the shoulder asked about every
    three days, calm."""
    me = services.local_user()
    old = services.create_knot(
        me,
        services.KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
        clock=FixedClock(DAY_1 - timedelta(days=200)),
    )
    services.set_archived(old, True)
    neck = services.create_knot(
        me, services.KnotInput(region="neck_side", side="left"), clock=day(1)
    )
    for n in range(1, 13):
        recovery.save_entry(me, {"stress": STRESS[n - 1], "sleep_hours": 7}, clock=day(n))
        if n > 1:
            services.add_checkin(neck, pain=neck_pain_after(STRESS[n - 2]), clock=day(n))
    for n, pain in ((1, 1), (4, 2), (7, 1), (10, 2)):
        watch.record(me, region="shoulder_top", side="right", pain=pain, clock=day(n))
    return neck


def main(page: Page):
    return page.get_by_role("main")


def log_the_day(page: Page, stress: int, sleep: str = "7", water: str = "6") -> None:
    page.goto("/prevention/log/")
    form = main(page).locator("form.log-form")
    form.get_by_label("Sleep last night").fill(sleep)
    quality = form.get_by_role("group", name="How well did you sleep?")
    quality.get_by_label("Good", exact=True).check()
    form.get_by_label(re.compile("^Water")).fill(water)
    form.get_by_role("group", name="Stress today").get_by_role(
        "radio", name=str(stress), exact=True
    ).check()
    form.get_by_label(re.compile("^Exercise")).fill("20")
    form.get_by_label("What kind").fill("Walk")
    form.get_by_role("button", name="Save").click()
    expect(main(page)).to_contain_text("Saved today's log.")


def check_in_on_the_neck(page: Page, pain: int) -> None:
    page.goto("/")
    card = main(page).get_by_role("article").filter(has_text="Left side of the neck")
    card.get_by_role("button", name=f"Pain {pain} out of 10", exact=True).click()
    expect(card.get_by_role("status")).to_contain_text(f"pain {pain} out of 10")


def answer_the_shoulder(page: Page, pain: int) -> None:
    """The one-tap question on Today (htmx swaps the block in place)."""
    page.goto("/")
    block = page.locator("#early-warning")
    expect(block).to_contain_text("Right top of the shoulder: how does it feel today?")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    block.get_by_role("button", name=f"Pain {pain} out of 10", exact=True).click()
    saved = page.locator("#early-warning").get_by_role("status")
    expect(saved).to_have_text("Saved. Thank you.")
    expect(saved).to_be_focused()  # a screen reader hears it
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"


def workstation(page: Page, answers: dict[str, str]) -> None:
    for question, answer in answers.items():
        main(page).get_by_role("group", name=re.compile(question)).get_by_label(answer).check()
    main(page).get_by_role("button", name="See my score").click()
    expect(page).to_have_url(re.compile(r"/prevention/workstation/\d+/$"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_two_weeks_of_prevention_end_in_an_honest_insight_and_an_early_nudge(
    open_page, viewport, shoot, on_day
):
    neck = twelve_days_of_history()
    page = open_page(viewport)

    with on_day(13):
        # Today asks about the old shoulder (last asked three days ago), one tap.
        log_the_day(page, STRESS[12])
        check_in_on_the_neck(page, neck_pain_after(STRESS[11]))
        answer_the_shoulder(page, 4)
        shoot(page, viewport, "1-today-question")
        # The overview, and the workstation check, first time round.
        page.goto("/prevention/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Keep knots from coming back")
        shoot(page, viewport, "2-overview")
        page.get_by_role("link", name="Start the check").click()
        workstation(
            page,
            {
                "^1. Chair height": "Lower than the desk",
                "^2. Feet": "They dangle",
                "^4. Screen height": "Well above it",
                "^7. Laptop": "As it is, for hours",
                "^8. Phone": "Wedged between my ear",
            },
        )
        expect(main(page)).to_contain_text("0 of 10 points from 5 questions")
        expect(main(page)).to_contain_text("Raise the screen until its top is at about eye level")

    with on_day(14):
        log_the_day(page, STRESS[13])
        check_in_on_the_neck(page, neck_pain_after(STRESS[12]))
        # The shoulder was up yesterday, so it is asked about again today, and it is up again.
        answer_the_shoulder(page, 5)
        page.goto("/")
        panel = page.locator("#early-warning")
        expect(panel).to_contain_text("Right top of the shoulder has been sorer these last days.")
        shoot(page, viewport, "3-today-nudge")
        panel.get_by_role("link", name="See what to do early").click()
        nudge = page.locator("#nudge-shoulder_top-right")
        expect(nudge).to_contain_text("Right top of the shoulder: sorer than usual")
        expect(nudge).to_contain_text("average 4.5 out of 10, up from 1.5 in the two weeks before")
        expect(nudge.get_by_role("heading", name=re.compile("^An early plan"))).to_be_visible()
        expect(nudge.locator(".plan-step")).not_to_have_count(0)
        expect(nudge.get_by_role("link", name="upper trapezius")).to_be_visible()
        shoot(page, viewport, "4-nudge")
        # The nudge never replaces triage: its check link opens the check for that place.
        nudge.get_by_role("link", name="Check this place").click()
        expect(page).to_have_url(re.compile(r"/check/\?loc=shoulder_top%3Aright&pain=5&days=1"))
        expect(page.locator('input[name="loc"][value="shoulder_top:right"]')).to_be_checked()
        # Thirteen days of pairs: insights say so honestly.
        page.goto("/prevention/insights/")
        stress = page.locator("#insight-stress")
        expect(stress).to_contain_text("Not enough days yet: 13 of the 14 days it takes")
        shoot(page, viewport, "5-insights-not-yet")

    with on_day(15):
        check_in_on_the_neck(page, neck_pain_after(STRESS[13]))
        log_the_day(page, STRESS[14])
        page.goto("/prevention/insights/")
        stress = page.locator("#insight-stress")
        expect(stress).to_contain_text("a strong link, more stress going with more pain")
        expect(stress).to_contain_text("over 14 days")
        expect(stress.locator("svg.insight-chart")).to_be_visible()
        expect(main(page).get_by_role("heading", name="Association, not proof")).to_be_visible()
        expect(main(page).get_by_role("link", name="personal experiment")).to_have_attribute(
            "href", "/experiments/"
        )
        expect(page.locator("#insight-breaks")).to_contain_text("Not enough days yet: 0 of")
        shoot(page, viewport, "6-insights")

        # The workstation check again, from last time's answers: what changed.
        page.goto("/prevention/workstation/")
        main(page).get_by_role("link", name="See it").click()
        main(page).get_by_role("link", name="Redo the check").click()
        expect(
            main(page)
            .get_by_role("group", name=re.compile("^1. Chair height"))
            .get_by_label("Lower than the desk")
        ).to_be_checked()
        workstation(
            page,
            {
                "^1. Chair height": "About level with the desk",
                "^4. Screen height": "At or just below the top",
                "^7. Laptop": "On a stand or with a separate screen",
            },
        )
        changes = page.locator("#changes")
        expect(changes).to_contain_text("What changed since 14 Mar 2026")
        expect(changes.locator(".ws-better")).to_have_count(3)
        expect(main(page)).to_contain_text("Up from 0% at your check on 14 Mar 2026.")
        shoot(page, viewport, "7-workstation-changes")

    assert RecoveryEntry.objects.count() == 15
    assert list(AreaCheckIn.objects.order_by("day").values_list("pain", flat=True)) == [
        1,
        2,
        1,
        2,
        4,
        5,
    ]
    assert neck.checkins.count() == 14
    assert WorkstationCheck.objects.count() == 2


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_relaxation_timer_paces_the_breath(open_page, viewport, shoot):
    page = open_page(viewport)
    page.clock.install()
    page.goto("/prevention/relax/?minutes=1")
    pacer, clock = page.locator("[data-pacer]"), page.locator("[data-timer-clock]")
    expect(clock).to_have_text("1:00")
    page.get_by_role("button", name="Start breathing").click()
    page.clock.run_for(1_000)
    expect(pacer).to_have_class(re.compile(r"\bis-in\b.*\bpace-4\b|\bpace-4\b.*\bis-in\b"))
    expect(page.locator("[data-pacer-word]")).to_have_text("Breathe in")
    page.clock.run_for(4_000)
    expect(page.locator("[data-pacer-word]")).to_have_text("Breathe out")
    expect(pacer).to_have_class(re.compile(r"\bpace-6\b"))
    shoot(page, viewport, "pacer")
    page.clock.run_for(56_000)
    expect(page.locator("[data-timer-label]")).to_have_text("Done")
    expect(page.locator("[data-pacer-word]")).to_have_text("Well done")


def test_without_javascript_the_timer_is_plain_instructions(open_page):
    page = open_page("phone", js=False)
    page.goto("/prevention/relax/")
    expect(page.locator("[data-timer]")).to_be_hidden()
    how = main(page).locator(".relax-how")
    expect(how).to_contain_text("count slowly to 4")
    expect(how).to_contain_text("about 3 minutes (18 breaths)")


def test_without_javascript_the_one_tap_answer_still_saves(open_page):
    me = services.local_user()
    old = services.create_knot(me, services.KnotInput(region="low_back"))
    services.set_archived(old, True)
    page = open_page("phone", js=False)
    page.goto("/")
    page.locator("#early-warning").get_by_role("button", name="Pain 3 out of 10").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(main(page)).to_contain_text("Saved. Thank you.")
    assert AreaCheckIn.objects.get().pain == 3
