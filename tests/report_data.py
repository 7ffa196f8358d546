"""Four simulated weeks of a knot tracked daily, written through the journal services with a
fixed clock per entry, as a person would have typed them. The reports, exports and the
web tests read it back (tests/reports/, tests/web/test_reports.py, tests/cli/test_data.py).

Everything is deterministic: the same journal on every run, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from unknot.core.clock import FixedClock
from unknot.web.journal import doses, profiles, services
from unknot.web.journal.models import Knot, PlanChoice
from unknot.web.journal.services import KnotInput
from unknot.web.reports import services as report_services

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # a Saturday
TODAY = NOW.date()
DAYS = 28
FIRST_DAY = TODAY - timedelta(days=DAYS - 1)  # 1 November 2026
# Pain from 6 to 2 over the four weeks, with the ups and downs of real days.
PAIN = [6, 6, 7, 6, 5, 6, 5, 5, 6, 5, 4, 5, 4, 4, 5, 4, 3, 4, 3, 3, 4, 3, 3, 2, 3, 2, 2, 2]
ACTIVITIES = ["Turning my head to check traffic", "Carrying shopping bags", "Sleeping on my right"]
# Each activity's score (0 = cannot, 10 = as before) rises as the pain falls.
SCORE_START = [3, 4, 5]
NOTES = {
    0: "Woke up with it again after a long day of video calls.",
    9: "Better after the ball, stiff again by the evening.",
    20: "Drove to my sister's without thinking about it.",
}
SESSION_KINDS = [  # (strategy, tool, minutes, relief) in turn
    ("self_release", "massage_ball", 8, 2),
    ("heat", "heat_pack", 15, 1),
    ("stretch", "", 5, 1),
]
QUESTIONS = (
    "Is it fine to keep running three times a week while it settles?\n"
    "Should I use the ball on the sore spot itself or around it?"
)


@dataclass(frozen=True)
class Journal:
    owner: Any
    knot: Knot


def moment(day: int, hour: int = 8, minute: int = 30) -> datetime:
    return datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), UTC).replace(
        hour=hour, minute=minute
    )


def four_weeks(owner: Any | None = None) -> Journal:
    """The person, their profile, a shoulder knot with 28 daily check-ins (with PSFS
    scores), sessions on most days, running bouts, a plan choice and questions."""
    owner = owner or services.local_user()
    start = FixedClock(moment(0, 7, 0))
    profiles.update_profile(
        owner, {"birth_year": 1984, "tools": ["massage_ball", "heat_pack"], "minutes": 10}, start
    )
    knot = services.create_knot(
        owner,
        KnotInput(
            region="shoulder_top",
            side="right",
            muscle="upper_trapezius",
            size="pea",
            feel=["achy", "dull"],
            symptoms=["tender_spot", "stiffness"],
            limits="Turning my head to reverse the car",
            started_on=FIRST_DAY - timedelta(days=3),
            notes="It started after a week of long video calls at the kitchen table.",
            activities=ACTIVITIES,
        ),
        clock=start,
    )
    activity_ids = list(knot.activities.order_by("position").values_list("pk", flat=True))
    for day, pain in enumerate(PAIN):
        _day(knot, day, pain, activity_ids)
    _exposures(owner)
    # The person left the breathing out and swapped warmth for cold.
    PlanChoice.objects.create(knot=knot, step_key="relaxation:paced_breathing", action="drop")
    PlanChoice.objects.create(
        knot=knot, step_key="heat:heat", action="swap", replacement="cold:cold"
    )
    report_services.save_notes(owner, name="Alex Example", questions=QUESTIONS)
    return Journal(owner, knot)


def _day(knot: Knot, day: int, pain: int, activity_ids: list[int]) -> None:
    scores = {
        aid: min(10, SCORE_START[i] + (6 - pain) + day // 10) for i, aid in enumerate(activity_ids)
    }
    at = moment(day)
    services.add_checkin(
        knot, pain=pain, scores=scores, notes=NOTES.get(day, ""), clock=FixedClock(at)
    )
    if day % 4 != 3:  # sessions on three days in four
        strategy, tool, minutes, relief = SESSION_KINDS[day % 3]
        later = moment(day, 19, 0)
        services.add_session(
            knot,
            strategy=strategy,
            tool=tool,
            minutes=minutes,
            pain_before=pain,
            pain_after=max(0, pain - relief),
            clock=FixedClock(later),
        )


def _exposures(owner: Any) -> None:
    for day in range(1, DAYS, 3):  # a run every third day
        when = FixedClock(moment(day, 18, 0))
        doses.add_exposure(
            owner,
            activity="Run",
            pain_during=4 if day < 14 else 2,
            pain_after=3 if day < 14 else 1,
            next_morning="same" if day < 14 else "better",
            day=when.today(),
            clock=when,
        )


def clock() -> FixedClock:
    return FixedClock(NOW)
