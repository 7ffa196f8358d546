"""Sample data: three knots with six weeks of check-ins and sessions, ending today.

It lets a person see what the journal looks like after a few weeks of use
before they have their own history, and it is what the demo and the browser
tests look at. Every row is written through the services (so the sample
obeys the same rules as real input) and every knot is marked `is_sample`, so
`remove` deletes exactly the sample and nothing the person typed.

It also fills in what the plan and dosing pages show after a few weeks: one step of the
shoulder's plan swapped for another, and a history of runs and deadlifts with their
traffic lights (one run's next morning still to be filled in).

The three stories are chosen to show the three things the knot page says:
a shoulder that is clearly getting better (self-care), a calf that stayed flat
and then eased, and a low back that flared and keeps coming back (see a
professional). The numbers come from a seeded random generator, so every run
tells the same story.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.db import transaction

from unknot.core.clock import Clock, SystemClock
from unknot.web.journal import doses, plans, services
from unknot.web.journal.models import Knot
from unknot.web.journal.services import KnotInput

SEED = 20260101
JOURNAL_DAYS = 42  # six weeks, the last of them today
CHECKIN_CHANCE = 0.85  # real people skip a day now and then
SECOND_CHECKIN_CHANCE = 0.2
NOTE_CHANCE = 0.3


@dataclass(frozen=True)
class _SessionKind:
    strategy: str
    tool: str
    minutes: tuple[int, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Story:
    """One knot's six weeks: what it is, how the pain goes, and what the person does."""

    knot: Callable[[date], KnotInput]
    first_day: int  # days before today of the first check-in
    pain: Sequence[tuple[int, float]]  # (day of the journal, typical pain), joined by lines
    function_offsets: tuple[float, ...]  # per activity: how much easier than the pain says
    sessions: tuple[_SessionKind, ...]
    sessions_per_week: float
    easy_notes: tuple[str, ...]  # for a day that went better than usual
    hard_notes: tuple[str, ...]  # for a day that went as usual or worse
    story_notes: dict[int, str]  # day of the journal -> what happened that day
    # Only one knot is logged already today, so the demo's Today page invites a check-in.
    checks_in_today: bool = False


def _shoulder(today: date) -> KnotInput:
    return KnotInput(
        region="shoulder_top",
        side="right",
        muscle="upper_trapezius",
        size="pea",
        feel=["achy", "dull"],
        symptoms=["tender_spot", "stiffness", "limited_motion"],
        limits="Turning my head, long spells at the laptop",
        started_on=today - timedelta(days=JOURNAL_DAYS + 3),
        notes=(
            "Came on during a busy month of desk work. Worse by the end of the day, "
            "better at weekends. Pressing the spot gives the familiar ache up the neck."
        ),
        activities=["Turning my head to reverse the car", "Working at the laptop for an hour"],
    )


def _calf(today: date) -> KnotInput:
    return KnotInput(
        region="calf",
        side="left",
        muscle="gastrocnemius",
        size="fingertip",
        feel=["achy"],
        symptoms=["tender_spot", "taut_band", "stiffness"],
        limits="Running further than a few kilometres",
        started_on=today - timedelta(days=31),
        notes=(
            "Tight spot in the upper calf after adding a hill run to the week. "
            "No swelling, warmth or redness; it eases once I am warmed up."
        ),
        activities=["Running 5 km"],
    )


def _back(today: date) -> KnotInput:
    return KnotInput(
        region="low_back",
        side="right",
        muscle="quadratus_lumborum",
        size="thumbprint",
        feel=["dull", "achy"],
        symptoms=["dull_ache", "stiffness", "tender_spot"],
        limits="Bending forward, getting dressed",
        recurring=True,
        started_on=today - timedelta(days=JOURNAL_DAYS),
        notes=(
            "The same spot above the right hip that bothered me last spring and the "
            "autumn before. Stiff in the mornings, better once I get moving."
        ),
        activities=["Putting on socks"],
    )


STORIES = (
    _Story(
        knot=_shoulder,
        first_day=JOURNAL_DAYS - 1,
        pain=[(0, 6.2), (13, 5.3), (27, 3.9), (34, 3.1), (41, 1.7)],
        function_offsets=(0.5, -0.5),
        sessions=(
            _SessionKind(
                "self_release",
                "massage_ball",
                (5, 8, 10),
                (
                    "Ball against the wall, light pressure, held about 30 seconds at a time.",
                    "Kept the pressure gentle; the ache faded while I held it.",
                    "Easier to turn my head afterwards.",
                    "",
                ),
            ),
            _SessionKind(
                "heat",
                "heat_pack",
                (15, 20),
                (
                    "Warm pack on the shoulder after work.",
                    "Heat while reading; the shoulder dropped away from my ear.",
                    "",
                ),
            ),
        ),
        sessions_per_week=3.5,
        easy_notes=(
            "Got up every hour today; it felt easier.",
            "Hardly noticed it today.",
            "Weekend, away from the desk.",
        ),
        hard_notes=(
            "Long day at the laptop, tight by the evening.",
            "Stiff turning left while reversing.",
            "Slept badly; shoulder was hunched up again.",
            "Busy meeting day, forgot the breaks.",
        ),
        story_notes={
            0: "Started keeping track. Sore spot on top of the right shoulder.",
            16: "Raised the monitor on two books; seems to help.",
            30: "Better week. Keeping up the hourly breaks.",
        },
        checks_in_today=True,
    ),
    _Story(
        knot=_calf,
        first_day=29,
        pain=[(0, 4.6), (14, 4.5), (20, 3.6), (29, 1.4)],
        function_offsets=(-0.5,),
        sessions=(
            _SessionKind(
                "self_release",
                "foam_roller",
                (5, 8),
                (
                    "Rolled slowly and stopped short of sore.",
                    "Roller after the run, a few slow passes.",
                    "",
                ),
            ),
            _SessionKind(
                "stretch",
                "",
                (5, 6),
                (
                    "Wall calf stretch, 3 x 30 seconds, knee straight then bent.",
                    "Gentle stretch, no bouncing.",
                    "",
                ),
            ),
        ),
        sessions_per_week=3,
        easy_notes=(
            "Flat route today, calf was fine.",
            "Rest day.",
        ),
        hard_notes=(
            "Easy 3 km, calf tight for the first kilometre.",
            "Tender on the stairs this morning.",
            "Cold morning, stiff until I warmed up.",
        ),
        story_notes={
            0: "Calf has been tight since last week's hill run.",
            15: "Cut the hill run and kept to flat routes.",
            27: "Ran 5 km without stopping; only a little tight afterwards.",
        },
    ),
    _Story(
        knot=_back,
        first_day=JOURNAL_DAYS - 1,
        pain=[(0, 2.6), (12, 2.4), (15, 6.3), (19, 5.6), (28, 3.6), (41, 3.1)],
        function_offsets=(0.0,),
        sessions=(
            _SessionKind(
                "heat",
                "heat_pack",
                (15, 20),
                (
                    "Heat pack for twenty minutes on the sofa.",
                    "Warm shower first thing, then the heat pack.",
                    "",
                ),
            ),
            _SessionKind(
                "movement",
                "",
                (10, 12, 15),
                (
                    "Gentle knee rocking and cat-camel, nothing sharp.",
                    "Short walk round the block, back loosened up.",
                    "Slow side bends, stayed in the comfortable range.",
                    "",
                ),
            ),
        ),
        sessions_per_week=2.5,
        easy_notes=(
            "Walked at lunch and it eased.",
            "Good night's sleep, back felt looser.",
        ),
        hard_notes=(
            "Stiff getting out of bed, better after walking.",
            "Socks were a struggle this morning.",
            "Sat too long; ached by the evening.",
        ),
        story_notes={
            0: "Low back niggle on the right again, like last spring.",
            14: "Lifted a heavy box awkwardly; the old spot flared.",
            16: "Hard to bend for socks. Kept moving gently.",
            33: "Noticed it again after a long drive.",
        },
    ),
)


def _typical_pain(points: Sequence[tuple[int, float]], day: int) -> float:
    """The story's pain on a day: straight lines between its turning points."""
    for (d0, p0), (d1, p1) in pairwise(points):
        if d0 <= day <= d1:
            return p0 + (p1 - p0) * (day - d0) / (d1 - d0)
    return points[-1][1] if day > points[-1][0] else points[0][1]


def _pain_on(rng: random.Random, story: _Story, day: int) -> int:
    noise = rng.choice((-1, 0, 0, 0, 1))
    return max(0, min(10, round(_typical_pain(story.pain, day)) + noise))


def _at(day: date, hour: int, minute: int, now: datetime) -> datetime:
    """A moment on a day in the clock's time zone, never later than now."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
    return min(moment, now)


def _scores(rng: random.Random, story: _Story, knot: Knot, pain: int) -> dict[int, int]:
    # Function (PSFS, 10 = as before) moves opposite to pain, and people skip it sometimes.
    if rng.random() < 0.25:
        return {}
    activities = list(knot.activities.all())
    scores = {}
    for activity, offset in zip(activities, story.function_offsets, strict=False):
        value = 10 - pain * 1.1 + offset + rng.choice((-1, 0, 0, 1))
        scores[activity.pk] = max(0, min(10, round(value)))
    return scores


def _note(rng: random.Random, story: _Story, day: int, pain: int) -> str:
    if rng.random() >= NOTE_CHANCE:
        return ""  # most check-ins have no note: it is a ten-second habit
    easier = pain < _typical_pain(story.pain, day) - 0.5
    return rng.choice(story.easy_notes if easier else story.hard_notes)


def _check_in(
    rng: random.Random,
    story: _Story,
    knot: Knot,
    day: int,
    start: date,
    now: datetime,
    clock: Clock,
) -> int:
    """The day's check-ins (none, one or two); returns the pain of the first."""
    pain = _pain_on(rng, story, day)
    if day in story.story_notes:  # the story's turning points fall on their typical pain
        pain = round(_typical_pain(story.pain, day))
    on = start + timedelta(days=day)
    note = story.story_notes.get(day) or _note(rng, story, day, pain)
    at = _at(on, rng.randint(7, 9), rng.randint(0, 59), now)
    services.add_checkin(
        knot, pain=pain, scores=_scores(rng, story, knot, pain), notes=note, at=at, clock=clock
    )
    if rng.random() < SECOND_CHECKIN_CHANCE:
        later = max(0, min(10, pain + rng.choice((-1, 0, 1))))
        at = _at(on, rng.randint(19, 21), rng.randint(0, 59), now)
        services.add_checkin(
            knot, pain=later, scores=_scores(rng, story, knot, later), at=at, clock=clock
        )
    return pain


def _session(
    rng: random.Random, story: _Story, knot: Knot, on: date, pain: int, now: datetime, clock: Clock
) -> None:
    kind = rng.choice(story.sessions)
    before = max(1, pain + rng.choice((0, 0, 1)))
    after = max(0, before - rng.choice((1, 1, 2, 2, 3)))  # relief, as it usually goes
    services.add_session(
        knot,
        strategy=kind.strategy,
        tool=kind.tool,
        minutes=rng.choice(kind.minutes),
        pain_before=before,
        pain_after=after,
        notes=rng.choice(kind.notes),
        at=_at(on, rng.randint(12, 18), rng.randint(0, 59), now),
        clock=clock,
    )


def _tell(story: _Story, index: int, owner: Any, clock: Clock) -> Knot:
    rng = random.Random(SEED + index)
    now, today = clock.now(), clock.today()
    knot = services.create_knot(owner, story.knot(today), clock=clock, is_sample=True)
    start = today - timedelta(days=story.first_day)
    for day in range(story.first_day + 1):
        # The first day is always logged: it is when the person started the journal.
        pain = None
        wants = day == 0 or rng.random() < CHECKIN_CHANCE
        if wants and (day < story.first_day or story.checks_in_today):
            pain = _check_in(rng, story, knot, day, start, now, clock)
        if rng.random() < story.sessions_per_week / 7:
            pain = pain if pain is not None else _pain_on(rng, story, day)
            _session(rng, story, knot, start + timedelta(days=day), pain, now, clock)
    return knot


# Movement dosing history: (activity, days ago, during, after, next morning ("" = not yet)).
# The calf's runs show a person easing back in: too much, then shorter and flatter, then
# fine; the latest run's next morning is still to be filled in. The back's deadlifts show
# load being reduced after a red light.
BOUTS = (
    ("Run", 26, 6, 5, "worse"),
    ("Run", 23, 5, 4, "same"),
    ("Run", 19, 4, 3, "same"),
    ("Run", 15, 3, 2, "better"),
    ("Run", 11, 3, 2, "better"),
    ("Run", 7, 2, 1, "better"),
    ("Run", 3, 2, 2, "better"),
    ("Run", 1, 2, 1, ""),
    ("Deadlift", 20, 7, 6, "worse"),
    ("Deadlift", 13, 4, 3, "same"),
    ("Deadlift", 6, 3, 3, "better"),
)


def _bouts(owner: Any, clock: Clock) -> None:
    today = clock.today()
    for activity, ago, during, after, morning in BOUTS:
        bout = doses.add_exposure(
            owner,
            activity=activity,
            pain_during=during,
            pain_after=after,
            next_morning=morning or None,
            day=(today - timedelta(days=ago)).isoformat(),
            clock=clock,
        )
        bout.is_sample = True
        bout.save(update_fields=["is_sample"])


def _plan_choice(knot: Knot, owner: Any, clock: Clock) -> None:
    """The shoulder's plan with one step swapped, as a person who tried it would have."""
    profile = services.profile_of(owner)
    status = services.knot_status(knot, clock=clock, profile=profile)
    kp = plans.knot_plan(knot, status, profile, clock.today())
    item = next((i for i in kp.items if i.alternatives), None)
    if item is not None:
        plans.set_choice(kp, knot, item.choice_key, "swap", item.alternatives[0][0])


def sample_knots(owner: Any) -> list[Knot]:
    return list(Knot.objects.filter(owner=owner, is_sample=True).order_by("pk"))


def load(owner: Any, clock: Clock | None = None) -> list[Knot]:
    """Add the sample knots for this person, once; a second call returns the same knots."""
    clock = clock or SystemClock()
    with transaction.atomic():
        if services.has_sample_data(owner):
            return sample_knots(owner)
        knots = [_tell(story, i, owner, clock) for i, story in enumerate(STORIES)]
        _plan_choice(knots[0], owner, clock)
        _bouts(owner, clock)
        return knots


def remove(owner: Any) -> int:
    """Delete this person's sample knots with their check-ins, sessions and plan changes, and
    the sample activity bouts; their own stay."""
    return services.remove_sample_data(owner)
