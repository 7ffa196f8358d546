"""Early warnings: short check-ins on the person's risk areas, and a nudge when one of them
starts to hurt, before it becomes a full knot.

Risk areas are the places of the person's knots (active and past) and places they name
themselves. An area with an active knot is checked through that knot (its own daily
check-in, trend and triage), so it is never asked about twice; the others get a short
0-10 question at a gentle cadence: each area every few days, and at most a few prompts a
day over all areas (one by default), the area asked about longest ago first.

A nudge comes from one of two signals:
- rising: the mean of the answers in the last few days (three by default) is at least two
  points above the mean of the answers in the fortnight before. Two points is the change
  the pain-scale literature calls clearly meaningful (see core/trends.py). So that it
  takes days rather than weeks to see, an answer that is already two points up makes the
  area due again the next day.
- a new spot: an area with no earlier answers whose latest answer is 3 or more (a place
  the person has just added, or an old knot's place sore again after a long quiet spell).

The nudge never replaces triage. Its early plan is built from what is known (the place,
the pain, how many days) by the planner, only when triage allows self-care, and the pages
always link to the full check for that place.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Facts, Level, Location, Side, TriageResult
from unknot.core.planner import Plan, Profile, build_plan
from unknot.core.referral import rank
from unknot.core.triage import evaluate

EARLY_MINUTES = 5  # an early plan is a light start, however long the person's sessions are


class Origin(StrEnum):
    KNOT = "knot"  # an active knot's place: checked through the knot itself
    PAST = "past"  # a place where a knot has been
    OWN = "own"  # a place the person watches themselves


class Kind(StrEnum):
    RISING = "rising"
    NEW_SPOT = "new_spot"


def area_key(region: str, side: str = "") -> str:
    """'shoulder_top:right', or just the region when there is no side."""
    return f"{region}:{side}" if side else region


@dataclass(frozen=True)
class Area:
    region: str
    side: str = ""
    origin: Origin = Origin.OWN
    muscle: str = ""  # the knot's muscle, when a knot named one

    @property
    def key(self) -> str:
        return area_key(self.region, self.side)

    @property
    def is_asked(self) -> bool:
        return self.origin is not Origin.KNOT


@dataclass(frozen=True)
class Answer:
    """One risk check-in: the pain in the area that day, or None when the person skipped."""

    day: date
    area: str  # Area.key
    pain: int | None


@dataclass(frozen=True)
class Config:
    every_days: int = 3  # each area is asked about every this many days
    per_day: int = 1  # at most this many prompts a day, over all areas
    recent_days: int = 3  # the "three-day average"
    earlier_days: int = 14  # ... compared with the answers of this many days before it
    rise_points: float = 2.0
    min_recent: int = 2  # answers needed on each side before a trend is called
    min_earlier: int = 2
    new_spot_pain: int = 3

    def problems(self) -> list[str]:
        """What is out of range, as plain messages (empty when the config can be used)."""
        found = []
        if not 1 <= self.every_days <= 14:
            found.append("every_days must be from 1 to 14")
        if not 1 <= self.per_day <= 5:
            found.append("per_day must be from 1 to 5")
        if not 1 <= self.min_recent <= self.recent_days <= 14:
            found.append("recent_days must be from min_recent to 14")
        if not 1 <= self.min_earlier <= self.earlier_days <= 60:
            found.append("earlier_days must be from min_earlier to 60")
        if not 0 < self.rise_points <= 10 or not 0 <= self.new_spot_pain <= 10:
            found.append("rise_points and new_spot_pain must lie on the 0-10 scale")
        return found


def risk_areas(
    active: Iterable[tuple[str, str, str]],
    past: Iterable[tuple[str, str, str]],
    own: Iterable[tuple[str, str]],
) -> list[Area]:
    """The person's risk areas from their knots' (region, side, muscle) and their own
    (region, side) places; a place listed twice keeps its strongest origin (an active knot,
    then a past knot, then their own), in that order."""
    found: dict[str, Area] = {}
    for origin, places in (
        (Origin.KNOT, active),
        (Origin.PAST, past),
        (Origin.OWN, ((r, s, "") for r, s in own)),
    ):
        for region, side, muscle in places:
            area = Area(region, side, origin, muscle)
            found.setdefault(area.key, area)
    return list(found.values())


# --- when to ask ----------------------------------------------------------------------------


def prompts(
    areas: Sequence[Area], answers: Iterable[Answer], today: date, config: Config = Config()
) -> list[Area]:
    """The areas to ask about today, best first: none once today's prompts are used up (a
    skip counts: the person has been asked). Follow-ups of a raised answer come first, then
    areas never asked, then the one asked longest ago."""
    answers = list(answers)
    asked_today = {a.area for a in answers if a.day == today}
    room = config.per_day - len(asked_today)
    if room <= 0:
        return []
    last_asked: dict[str, date] = {}
    for a in answers:
        if a.day < today and a.day > last_asked.get(a.area, date.min):
            last_asked[a.area] = a.day
    due = []
    for position, area in enumerate(areas):
        if not area.is_asked or area.key in asked_today:
            continue
        last = last_asked.get(area.key)
        follow_up = _needs_follow_up(area, answers, today, config)
        if follow_up or last is None or (today - last).days >= config.every_days:
            due.append((not follow_up, last or date.min, position, area))
    due.sort(key=lambda d: d[:3])
    return [area for *_, area in due[:room]]


def _needs_follow_up(area: Area, answers: list[Answer], today: date, config: Config) -> bool:
    """The latest answer, from yesterday or the day before, is already raised: ask again."""
    mine = sorted((a for a in answers if a.area == area.key and a.day < today), key=_day)
    answered = [a for a in mine if a.pain is not None]
    if not answered or (today - answered[-1].day).days > 2:
        return False
    latest = answered[-1]
    earlier = _earlier(answered, latest.day, config)
    if earlier:
        return latest.pain is not None and latest.pain - statistics.fmean(earlier) >= (
            config.rise_points
        )
    return latest.pain is not None and latest.pain >= config.new_spot_pain


def _day(answer: Answer) -> date:
    return answer.day


def _earlier(answered: list[Answer], end: date, config: Config) -> list[int]:
    """The pains answered in the `earlier_days` before the recent window ending `end`."""
    recent_start = end - timedelta(days=config.recent_days - 1)
    start = recent_start - timedelta(days=config.earlier_days)
    return [a.pain for a in answered if a.pain is not None and start <= a.day < recent_start]


# --- signals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    area: Area
    kind: Kind
    pain: int  # the latest answer
    recent_mean: float
    earlier_mean: float | None  # None for a new spot
    since: date  # the first day of the raised answers: how long it has been going on
    days: int  # how many days ago `since` was

    @property
    def rise(self) -> float | None:
        return None if self.earlier_mean is None else round(self.recent_mean - self.earlier_mean, 2)


def signal(
    area: Area, answers: Iterable[Answer], today: date, config: Config = Config()
) -> Signal | None:
    """The area's rising trend or new spot as of today, if it has one."""
    if not area.is_asked:
        return None
    answered = sorted(
        (a for a in answers if a.area == area.key and a.pain is not None and a.day <= today),
        key=_day,
    )
    recent_start = today - timedelta(days=config.recent_days - 1)
    recent = [a for a in answered if a.day >= recent_start]
    if not recent:
        return None
    pains = [a.pain for a in recent if a.pain is not None]
    latest, mean = pains[-1], statistics.fmean(pains)
    earlier = _earlier(answered, today, config)
    if earlier:
        before = statistics.fmean(earlier)
        if (
            len(pains) >= config.min_recent
            and len(earlier) >= config.min_earlier
            and mean - before >= config.rise_points
        ):
            return _signal(area, Kind.RISING, latest, mean, before, recent, today)
        return None
    if len(answered) == len(recent) and latest >= config.new_spot_pain:
        return _signal(area, Kind.NEW_SPOT, latest, mean, None, recent, today)
    return None


def _signal(
    area: Area,
    kind: Kind,
    latest: int,
    mean: float,
    before: float | None,
    recent: list[Answer],
    today: date,
) -> Signal:
    since = recent[0].day
    return Signal(area, kind, latest, round(mean, 2), before, since, (today - since).days)


def signals(
    areas: Iterable[Area], answers: Iterable[Answer], today: date, config: Config = Config()
) -> list[Signal]:
    answers = list(answers)
    found = (signal(area, answers, today, config) for area in areas)
    return [s for s in found if s is not None]


# --- the early plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class EarlyPlan:
    muscle: str | None  # the muscle that may be involved (the knot's, or the likeliest)
    triage: TriageResult
    plan: Plan | None  # None unless triage allows self-care

    @property
    def is_allowed(self) -> bool:
        return self.plan is not None


def early_facts(found: Signal, profile: Profile) -> Facts:
    """What is known about the spot: the place, today's pain, how long, and the person."""
    side = Side(found.area.side) if found.area.side in {s.value for s in Side} else None
    return Facts(
        locations=(Location(found.area.region, side),),
        pain=found.pain,
        days=found.days,
        age=profile.age,
        conditions=profile.conditions,
    )


def likely_muscle(area: Area, kb: KnowledgeBase) -> str | None:
    if area.muscle in kb.muscles:
        return area.muscle
    ranked = rank([area.region], kb, limit=1)
    return ranked[0].muscle if ranked else None


def early_plan(found: Signal, profile: Profile, kb: KnowledgeBase) -> EarlyPlan:
    """Triage for what is known, and a short plan for the likely muscle when it allows
    self-care (the planner evaluates again with the person's conditions and age, and
    gives no steps when that is more cautious)."""
    triage = evaluate(early_facts(found, profile), kb)
    muscle = likely_muscle(found.area, kb)
    if triage.level != Level.SELF_CARE:
        return EarlyPlan(muscle, triage, None)
    light = replace(profile, minutes=min(profile.minutes, EARLY_MINUTES))
    plan = build_plan(muscle or found.area.region, light, triage, kb)
    return EarlyPlan(muscle, triage, plan if plan.level == Level.SELF_CARE and plan.steps else None)
