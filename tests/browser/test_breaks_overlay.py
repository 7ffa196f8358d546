"""Movement breaks in the browser: a desk worker with a sore upper trapezius sets working
hours, and while unknot is open a calm overlay brings breaks aimed at the shoulder. Time
is controlled twice over: time_machine moves the server's clock (the schedule), and
Playwright's page clock moves the page's timers (breaks.js sleeps until a break is due).
Done, later and skip are recorded, and the statistics show them. Screenshots at a
laptop's size and a small phone's.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import Page, expect

from unknot.core.kb import default_kb
from unknot.web.breaks.models import BreakEvent
from unknot.web.journal import services
from unknot.web.journal.services import KnotInput

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]
MONDAY = datetime(2026, 3, 2, 8, 55, tzinfo=UTC)
SHOULDER = {"shoulder_top", "upper_trapezius"}


def a_sore_upper_trapezius() -> None:
    knot = services.create_knot(
        services.local_user(),
        KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
    )
    services.add_checkin(knot, pain=4)


def set_working_hours(page: Page) -> None:
    page.goto("/breaks/")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        hours = page.get_by_role("group", name=day)
        hours.get_by_label("From", exact=True).fill("09:00")
        hours.get_by_label("to", exact=True).first.fill("17:00")
    page.get_by_label("A micro-break every").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Your breaks follow these settings")).to_be_visible()


def wait_for_break(page: Page, traveller, at: datetime) -> object:
    """Move the server to `at`, let the page's timers run, and return the dialog."""
    traveller.move_to(at)
    page.clock.run_for(16 * 60 * 1000)  # longer than breaks.js ever sleeps between looks
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


def shown_movements(dialog) -> list[str]:
    return dialog.locator('input[name="movements"]').get_attribute("value").split(",")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_desk_worker_gets_breaks_for_their_shoulder_and_sees_them_counted(
    open_page, shoot, check_axe, viewport
):
    a_sore_upper_trapezius()
    kb = default_kb()
    with time_machine.travel(MONDAY, tick=False) as traveller:
        page = open_page(viewport, bypass_csp=True, breaks=True)  # CSP bypass: the axe check
        page.clock.install()
        set_working_hours(page)
        page.goto("/")
        expect(page.get_by_role("heading", name="Movement breaks")).to_be_visible()
        expect(page.get_by_text("Next break at 09:30")).to_be_visible()

        # 09:30: the first break, aimed at the shoulder, with its drawing and a countdown.
        dialog = wait_for_break(page, traveller, MONDAY.replace(hour=9, minute=30))
        expect(dialog.get_by_role("heading", name="Time for a short break")).to_be_visible()
        first = shown_movements(dialog)
        helps = {r for m in first for r in kb.movements[m].regions + kb.movements[m].muscles}
        assert helps & SHOULDER, first
        expect(dialog.locator(".break-figure svg")).to_have_count(len(first))
        clock = dialog.locator("[data-break-clock]")
        page.clock.run_for(5_000)
        expect(clock).to_have_text(re.compile(r"^0:[0-5]\d$"))
        shoot(page, viewport, "1-overlay")
        check_axe(page)
        dialog.get_by_label("Fine").check()
        dialog.get_by_role("button", name="Done").click()
        expect(page.get_by_role("dialog")).to_have_count(0)

        # The next one is put off, comes back five minutes later, and is skipped.
        dialog = wait_for_break(page, traveller, MONDAY.replace(hour=10, minute=1))
        assert not set(shown_movements(dialog)) & set(first)  # never twice in a row
        dialog.get_by_role("button", name="Later").click()
        expect(page.get_by_role("dialog")).to_have_count(0)
        dialog = wait_for_break(page, traveller, MONDAY.replace(hour=10, minute=6))
        dialog.get_by_role("button", name="Skip this one").click()
        expect(page.get_by_role("dialog")).to_have_count(0)

        outcomes = list(BreakEvent.objects.order_by("at", "id").values_list("outcome", "felt"))
        assert outcomes == [("done", "fine"), ("postponed", ""), ("skipped", "")]

        page.goto("/breaks/")
        expect(page.locator(".chart-summary")).to_contain_text(
            "1 break done, 1 skipped and 1 put off"
        )
        page.get_by_text("The same as tables").click()
        today = page.get_by_role("row", name=re.compile(r"^Mon 2 Mar"))
        expect(today).to_have_text(re.compile(r"Mon 2 Mar\s*1\s*1\s*1"))
        shoot(page, viewport, "2-statistics")
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways: {width}"


def test_a_movement_that_hurt_is_taken_out_from_the_library(open_page, shoot):
    page = open_page("desktop", breaks=True)
    page.goto("/breaks/movements/")
    card = page.locator("#mv-chin_tucks")
    expect(card.get_by_role("heading", name="Chin tucks")).to_be_visible()
    expect(card.locator(".break-figure svg")).to_be_visible()
    card.get_by_role("button", name="This hurt: Chin tucks").click()
    expect(page.get_by_text("will not come up in your breaks again")).to_be_visible()
    expect(page.locator("#mv-chin_tucks").get_by_text("You said this hurt")).to_be_visible()
    shoot(page, "desktop", "library")


def test_without_javascript_the_break_is_a_plain_page(open_page):
    with time_machine.travel(MONDAY + timedelta(minutes=40), tick=False):
        page = open_page("phone", js=False)
        page.goto("/breaks/now/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Time for a short break")
        page.get_by_role("button", name="Done").click()
        expect(page.get_by_text("Well done. The next break will find you.")).to_be_visible()
    assert BreakEvent.objects.get().outcome == "done"
