"""The prevention pages for test_accessibility.py's PAGES, each with what it takes to show
it at its fullest (a nudge with its early plan, a check compared with the one before,
insights with numbers, forms with errors). Data goes in through the prevention services,
dated from the real today: the accessibility tests do not move time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from unknot.core.clock import FixedClock
from unknot.web.journal import services
from unknot.web.prevention import checks, recovery, watch


def _ago(days: int) -> FixedClock:
    return FixedClock(datetime.now(UTC) - timedelta(days=days))


def _past_shoulder() -> None:
    me = services.local_user()
    knot = services.create_knot(
        me,
        services.KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
        clock=_ago(90),
    )
    services.set_archived(knot, True)


def today_with_a_question(page: Page) -> None:
    _past_shoulder()
    page.goto("/")


def warnings_with_a_nudge(page: Page) -> None:
    _past_shoulder()
    me = services.local_user()
    for days, pain in ((12, 1), (9, 2), (6, 1), (2, 4), (1, 5)):
        watch.record(me, region="shoulder_top", side="right", pain=pain, clock=_ago(days))
    page.goto("/prevention/warnings/")


def spot_with_errors(page: Page) -> None:
    page.goto("/prevention/warnings/")
    page.get_by_role("button", name="Note it").click()
    expect(page.locator(".error-summary")).to_be_visible()


def checked_twice(page: Page) -> None:
    me = services.local_user()
    checks.save_check(me, {"chair_height": "below", "monitor_height": "too_low"}, _ago(7))
    second = checks.save_check(
        me, {"chair_height": "level", "monitor_height": "too_low", "phone": "cradled"}, _ago(0)
    )
    page.goto(f"/prevention/workstation/{second.pk}/")


def log_with_errors(page: Page) -> None:
    page.goto("/prevention/log/")
    page.get_by_label("Sleep last night").fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()


def insights_with_numbers(page: Page) -> None:
    me = services.local_user()
    knot = services.create_knot(me, services.KnotInput(region="neck_side", side="left"),
                                clock=_ago(20))  # fmt: skip
    for n in range(16, 0, -1):
        stress = 8 if n % 2 else 3
        recovery.save_entry(me, {"stress": stress, "sleep_hours": 6 + n % 3}, clock=_ago(n))
        services.add_checkin(knot, pain=stress - 1, clock=_ago(n - 1))
    page.goto("/prevention/insights/")


def _visit(url: str) -> Callable[[Page], object]:
    return lambda page: page.goto(url)


PREVENTION_PAGES: dict[str, Callable[[Page], object]] = {
    "today-early-warning": today_with_a_question,
    "prevention": _visit("/prevention/"),
    "prevention-warnings": warnings_with_a_nudge,
    "prevention-warnings-errors": spot_with_errors,
    "prevention-workstation": _visit("/prevention/workstation/"),
    "prevention-workstation-result": checked_twice,
    "prevention-log": _visit("/prevention/log/"),
    "prevention-log-errors": log_with_errors,
    "prevention-relax": _visit("/prevention/relax/"),
    "prevention-insights": insights_with_numbers,
}
