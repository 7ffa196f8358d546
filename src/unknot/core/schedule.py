"""Movement breaks: when the next one is due, of what kind, and with which movement.

Pure functions of (configuration, state, now): the drivers (the web overlay and
`unknot breaks` on the desktop) ask `next_break`, sleep until then, show it, and hand the
outcome back through `record`. Nothing here sleeps, reads a clock or knows how a break
is shown, so every rule can be tested by stepping through a simulated day.

Timing follows the break reminders people already know: a micro-break after a stretch of
activity, a longer break after a longer one, only inside working hours, a natural break
when the person is away for longer than a break, and a postpone that has a limit. The
choice of movement (variety, the person's knots) lives in variety.py.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from unknot.core.model import EQUIPMENT, Movement

if TYPE_CHECKING:  # the resting desktop loop imports this module: keep it light
    from unknot.core.kb import KnowledgeBase

LOOKAHEAD_DAYS = 8  # a week of days off (and one more) before "no break ahead"
KEEP_DAYS = 3  # history older than this never changes a decision


class BreakKind(StrEnum):
    MICRO = "micro"  # a short movement
    LONG = "long"  # a longer movement break, often several movements
    SIT_STAND = "sit_stand"
    WATER = "water"
    POSTURE_RESET = "posture_reset"


EXTRA_KINDS = (BreakKind.POSTURE_RESET, BreakKind.SIT_STAND, BreakKind.WATER)


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    POSTPONED = "postponed"
    NATURAL = "natural"  # away for longer than a break: it counts as one
    UNANSWERED = "unanswered"  # shown, nobody answered (notification-only mode)


# Outcomes after which the break's slot has passed: the next one is counted from here.
PASSED = frozenset({Outcome.DONE, Outcome.SKIPPED, Outcome.NATURAL, Outcome.UNANSWERED})


class Feeling(StrEnum):
    FINE = "fine"
    HURT = "hurt"
    DISLIKED = "disliked"


DROPPED = frozenset({Feeling.HURT, Feeling.DISLIKED})


@dataclass(frozen=True, order=True)
class Span:
    """Working time on one day, in local wall-clock time (start before end)."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


WEEKDAY_SPAN = (Span(time(9, 0), time(17, 30)),)
DEFAULT_HOURS: tuple[tuple[Span, ...], ...] = (WEEKDAY_SPAN,) * 5 + ((),) * 2


@dataclass(frozen=True)
class BreakConfig:
    """How often and when; `hours[0]` is Monday. The defaults are the usual ones."""

    is_enabled: bool = True
    micro_every_min: int = 30
    micro_min_s: int = 30
    micro_max_s: int = 60
    long_every_min: int = 90
    long_min_s: int = 180
    long_max_s: int = 300
    hours: tuple[tuple[Span, ...], ...] = DEFAULT_HOURS
    min_gap_min: int = 10
    postpone_min: int = 5
    max_postpones: int = 3
    idle_threshold_s: int = 60
    kinds: frozenset[BreakKind] = frozenset(EXTRA_KINDS)  # extra kinds mixed in
    equipment: frozenset[str] = frozenset(EQUIPMENT)

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong, in plain words; empty when the configuration is sound."""
        found: dict[str, str] = {}
        limits = {
            "micro_every_min": (10, 120),
            "micro_min_s": (20, 120),
            "micro_max_s": (20, 120),
            "long_every_min": (30, 240),
            "long_min_s": (60, 600),
            "long_max_s": (60, 600),
            "min_gap_min": (1, 60),
            "postpone_min": (1, 30),
            "max_postpones": (0, 10),
            "idle_threshold_s": (20, 600),
        }
        for name, (low, high) in limits.items():
            if not low <= getattr(self, name) <= high:
                found[name] = f"Use a number from {low} to {high}."
        if self.micro_max_s < self.micro_min_s:
            found["micro_max_s"] = "The longest micro-break cannot be shorter than the shortest."
        if self.long_max_s < self.long_min_s:
            found["long_max_s"] = "The longest break cannot be shorter than the shortest."
        if self.long_every_min <= self.micro_every_min:
            found["long_every_min"] = "Longer breaks come less often than micro-breaks."
        if len(self.hours) != 7:
            found["hours"] = "Give working hours for each of the seven days."
        for day, spans in enumerate(self.hours):
            if any(s.start >= s.end for s in spans):
                found[f"hours.{day}"] = "Each span must end after it starts."
            elif any(a.end > b.start for a, b in pairwise(spans)):
                found[f"hours.{day}"] = "Spans must be in order and must not overlap."
        return found

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("hours", "kinds", "equipment")
        }
        out["hours"] = [[[f"{s.start:%H:%M}", f"{s.end:%H:%M}"] for s in day] for day in self.hours]
        out["kinds"] = sorted(self.kinds)
        out["equipment"] = sorted(self.equipment)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BreakConfig:
        plain = {k: v for k, v in data.items() if k not in ("hours", "kinds", "equipment")}
        hours = tuple(
            tuple(Span(time.fromisoformat(a), time.fromisoformat(b)) for a, b in day)
            for day in data.get("hours", [])
        )
        return cls(
            **plain,
            hours=hours or DEFAULT_HOURS,
            kinds=frozenset(BreakKind(k) for k in data.get("kinds", EXTRA_KINDS)),
            equipment=frozenset(data.get("equipment", EQUIPMENT)),
        )

    def fingerprint(self) -> str:
        """A short stable digest: part of the seed, so a change of settings reshuffles."""
        text = json.dumps(self.to_json(), sort_keys=True)
        return f"{zlib.crc32(text.encode()):08x}"  # a seed, not a secret: no hashlib needed


@dataclass(frozen=True)
class Taken:
    """One break that was shown or happened: when it started, what it was, how it went."""

    at: datetime
    kind: BreakKind
    outcome: Outcome
    movements: tuple[str, ...] = ()
    seconds: int = 0

    @property
    def end(self) -> datetime:
        return self.at + timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class BreakState:
    """What the schedule remembers: recent breaks (oldest first), how movements felt,
    and since when the person has been away (None: active, or not known)."""

    history: tuple[Taken, ...] = ()
    feedback: Mapping[str, Feeling] = field(default_factory=dict)
    idle_since: datetime | None = None

    def shown(self) -> list[Taken]:
        """Breaks that were put in front of the person and ran their course."""
        return [t for t in self.history if t.outcome in PASSED and t.outcome != Outcome.NATURAL]


@dataclass(frozen=True)
class NextBreak:
    at: datetime
    kind: BreakKind
    movement: Movement | None  # None: no suitable movement is left (a plain pause)
    extra: tuple[Movement, ...] = ()  # a longer break's further movements
    seconds: int = 0
    can_postpone: bool = True
    postponed: int = 0  # times in a row this break was put off already

    @property
    def movements(self) -> tuple[Movement, ...]:
        return ((self.movement,) if self.movement else ()) + self.extra

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind.value,
            "movements": [m.id for m in self.movements],
            "seconds": self.seconds,
            "can_postpone": self.can_postpone,
            "postponed": self.postponed,
        }


@dataclass(frozen=True)
class Due:
    """When the next break is due and how big it is, before a movement is chosen."""

    at: datetime
    is_long: bool
    postponed: int
    can_postpone: bool


def next_break(
    config: BreakConfig,
    state: BreakState,
    now: datetime,
    kb: KnowledgeBase,
    focus: Any = None,
) -> NextBreak | None:
    """The next break from `now` on, with its movement; None when breaks are off or no
    working hours lie ahead. `focus` is a variety.Focus (None: no knots known)."""
    # Imported here: variety builds on the types above.
    from unknot.core.variety import Focus, choose, pick_kind

    due = next_due(config, state, now)
    if due is None:
        return None
    focus = focus if isinstance(focus, Focus) else Focus()
    kind = BreakKind.LONG if due.is_long else pick_kind(config, state, due.at, kb, focus)
    chosen = choose(config, state, due.at, kb, focus, kind)
    if kind is BreakKind.LONG:
        total = sum(m.seconds for m in chosen)
        seconds = min(max(total, config.long_min_s), config.long_max_s)
    else:
        first = chosen[0].seconds if chosen else config.micro_min_s
        seconds = min(max(first, config.micro_min_s), config.micro_max_s)
    return NextBreak(
        due.at,
        kind,
        chosen[0] if chosen else None,
        tuple(chosen[1:]),
        seconds,
        due.can_postpone,
        due.postponed,
    )


def next_due(config: BreakConfig, state: BreakState, now: datetime) -> Due | None:
    """When the next break is due: the timing half of next_break (needs no movements)."""
    if not config.is_enabled or not any(config.hours):
        return None
    history = _with_idle(config, state, now)
    passed = [t for t in history if t.outcome in PASSED]
    last_any = max((t.end for t in passed), default=None)
    last_long = max((t.end for t in passed if _is_long(config, t)), default=None)
    postponed = _trailing_postpones(history)
    for start, end in working_spans(config, now, LOOKAHEAD_DAYS):
        if end <= now:
            continue
        in_span = [p for p in postponed if p.at >= start]
        micro_due = max(last_any or start, start) + timedelta(minutes=config.micro_every_min)
        long_due = max(last_long or start, start) + timedelta(minutes=config.long_every_min)
        gap = timedelta(minutes=config.min_gap_min)
        is_long = long_due <= micro_due + gap
        at = min(micro_due, long_due) if is_long else micro_due
        if in_span:
            at = max(at, in_span[-1].at + timedelta(minutes=config.postpone_min))
        if last_any is not None:
            at = max(at, last_any + gap)
        at = max(at, now, start)
        longest = config.long_max_s if is_long else config.micro_max_s
        if at + timedelta(seconds=longest) <= end:
            return Due(at, is_long, len(in_span), len(in_span) < config.max_postpones)
    return None


def working_spans(config: BreakConfig, now: datetime, days: int) -> list[tuple[datetime, datetime]]:
    """The working spans from today on, as moments in `now`'s time zone."""
    out = []
    for offset in range(days):
        day = now.date() + timedelta(days=offset)
        for span in config.hours[day.weekday()]:
            out.append((_at(day, span.start, now), _at(day, span.end, now)))
    return out


def is_working(config: BreakConfig, moment: datetime) -> bool:
    return any(start <= moment < end for start, end in working_spans(config, moment, 1))


def _at(day: date, clock_time: time, like: datetime) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=like.tzinfo)


def _is_long(config: BreakConfig, taken: Taken) -> bool:
    if taken.outcome == Outcome.NATURAL:
        return taken.seconds >= config.long_min_s
    return taken.kind == BreakKind.LONG


def _with_idle(config: BreakConfig, state: BreakState, now: datetime) -> tuple[Taken, ...]:
    """The history, plus the person's current absence if it already counts as a break."""
    if state.idle_since is None:
        return state.history
    away = (now - state.idle_since).total_seconds()
    if away < max(config.idle_threshold_s, config.micro_min_s):
        return state.history
    kind = BreakKind.LONG if away >= config.long_min_s else BreakKind.MICRO
    return (*state.history, Taken(state.idle_since, kind, Outcome.NATURAL, (), int(away)))


def _trailing_postpones(history: tuple[Taken, ...]) -> list[Taken]:
    """The postpones since the last break whose slot passed (a run of put-offs)."""
    run: list[Taken] = []
    for taken in reversed(history):
        if taken.outcome != Outcome.POSTPONED:
            break
        run.append(taken)
    return run[::-1]


# --- changing the state -------------------------------------------------------------------


def record(
    state: BreakState,
    taken: Taken,
    felt: Feeling | None = None,
    now: datetime | None = None,
) -> BreakState:
    """The state after a break's outcome (and how its movements felt, if said)."""
    feedback = dict(state.feedback)
    if felt in DROPPED:
        feedback.update(dict.fromkeys(taken.movements, felt))
    history = (*state.history, taken)
    if now is not None:
        history = tuple(t for t in history if t.at >= now - timedelta(days=KEEP_DAYS))
    return replace(state, history=history, feedback=feedback)


def went_idle(state: BreakState, since: datetime) -> BreakState:
    return state if state.idle_since is not None else replace(state, idle_since=since)


def came_back(config: BreakConfig, state: BreakState, now: datetime) -> BreakState:
    """Activity again: an absence long enough becomes a natural break in the history."""
    history = _with_idle(config, state, now)
    return replace(state, history=history, idle_since=None)


# --- the day in numbers -------------------------------------------------------------------


@dataclass(frozen=True)
class DaySummary:
    day: date
    counts: Mapping[str, int]  # outcome -> how many
    kinds: Mapping[str, int]  # kind -> breaks done
    seconds_moving: int  # time spent in breaks that were done
    movements: tuple[str, ...]  # movement ids done, in order
    regions: tuple[str, ...]  # region ids those movements helped, sorted

    @property
    def done(self) -> int:
        return self.counts.get(Outcome.DONE, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "counts": {str(k): v for k, v in self.counts.items()},
            "kinds": {str(k): v for k, v in self.kinds.items()},
            "seconds_moving": self.seconds_moving,
            "movements": list(self.movements),
            "regions": list(self.regions),
        }


def summarize_day(state: BreakState, day: date, kb: KnowledgeBase) -> DaySummary:
    """What happened on `day` (in the time zone the history's moments carry)."""
    today = [t for t in state.history if t.at.date() == day]
    done = [t for t in today if t.outcome == Outcome.DONE]
    movements = tuple(m for t in done for m in t.movements)
    regions = {r for m in movements if m in kb.movements for r in kb.movements[m].regions}
    return DaySummary(
        day,
        {str(k): v for k, v in Counter(t.outcome for t in today).items()},
        {str(k): v for k, v in Counter(t.kind for t in done).items()},
        sum(t.seconds for t in done),
        movements,
        tuple(sorted(regions)),
    )


def simulate_day(
    config: BreakConfig,
    state: BreakState,
    day_start: datetime,
    kb: KnowledgeBase,
    focus: Any = None,
    outcome: Outcome = Outcome.DONE,
) -> tuple[list[NextBreak], BreakState]:
    """Every break of the day from `day_start` on, as if each had `outcome` when shown:
    the day's plan for a page, and the tests' way of checking whole days at once."""
    breaks: list[NextBreak] = []
    now, end = day_start, datetime.combine(day_start.date() + timedelta(days=1), time(0))
    end = end.replace(tzinfo=day_start.tzinfo)
    while True:
        upcoming = next_break(config, state, now, kb, focus)
        if upcoming is None or upcoming.at >= end:
            return breaks, state
        breaks.append(upcoming)
        taken = Taken(
            upcoming.at,
            upcoming.kind,
            outcome,
            tuple(m.id for m in upcoming.movements),
            upcoming.seconds,
        )
        state = record(state, taken)
        now = taken.end
