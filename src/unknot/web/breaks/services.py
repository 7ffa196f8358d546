"""Movement breaks: the operations shared by the pages, the JSON API, `unknot breaks` and
the other apps (insights and the report call `breaks_per_day`).

The schedule is the core's (core/schedule.py); this module turns the stored settings and
events into its configuration and state, asks it, and stores what happened. Every write
validates first and raises journal.services.InvalidInput with plain messages per field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db import connection, transaction

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.schedule import (
    DROPPED,
    KEEP_DAYS,
    BreakConfig,
    BreakKind,
    BreakState,
    DaySummary,
    Feeling,
    NextBreak,
    Span,
    Taken,
    next_break,
    summarize_day,
)
from unknot.core.schedule import Outcome as CoreOutcome
from unknot.core.schema import EQUIPMENT
from unknot.core.variety import Focus, build_focus
from unknot.web.breaks.models import BreakEvent, BreakSettings, Felt, MovementFeedback, Notify
from unknot.web.journal import profiles, services
from unknot.web.journal.owner_reads import OwnerReads
from unknot.web.journal.services import InvalidInput as InvalidInput  # re-exported for callers
from unknot.web.journal.services import _Errors
from unknot.web.plain_sql import ModelReader

DUE_EARLY_S = 60  # a break asked for up to a minute early is shown (timers drift)
NUMBERS = (
    "micro_every_min",
    "micro_min_s",
    "micro_max_s",
    "long_every_min",
    "long_min_s",
    "long_max_s",
    "min_gap_min",
    "postpone_min",
    "max_postpones",
    "idle_threshold_s",
)
SETTINGS_FIELDS = ("is_enabled", "hours", *NUMBERS, "kinds", "equipment", "notify")
MAX_SPANS = 3  # spans of working time per day


def local_tz(clock: Clock | None = None) -> tzinfo:
    """The person's time zone: their computer's (working hours are wall-clock times)."""
    return (clock or SystemClock()).now().tzinfo or UTC


# --- settings ---------------------------------------------------------------------------------


_SETTINGS = ModelReader(BreakSettings)
_EVENTS = ModelReader(BreakEvent)
_FEEDBACK = ModelReader(MovementFeedback)
# Today's breaks panel reads these three on every view: in plain SQL (see plain_sql.py).


def settings_of(owner: Any) -> BreakSettings:
    found = _SETTINGS.read('"owner_id" = %s', [owner.pk])
    if found:
        return found[0]
    made, _ = BreakSettings.objects.get_or_create(owner=owner)
    return made


def config_of(stored: BreakSettings) -> BreakConfig:
    """The core's configuration; anything no longer valid falls back to the default."""
    known = {k.value for k in BreakKind}
    kinds = frozenset(BreakKind(k) for k in stored.kinds if k in known)
    config = BreakConfig(
        is_enabled=stored.is_enabled,
        hours=tuple(_spans(day) for day in stored.hours) if len(stored.hours) == 7 else (),
        kinds=kinds,
        equipment=frozenset(e for e in stored.equipment if e in EQUIPMENT),
        **{name: getattr(stored, name) for name in NUMBERS},
    )
    return config if not config.problems() else BreakConfig(is_enabled=stored.is_enabled)


def _spans(day: Iterable[Any]) -> tuple[Span, ...]:
    return tuple(Span(time.fromisoformat(a), time.fromisoformat(b)) for a, b in day)


def save_settings(owner: Any, changes: Mapping[str, Any]) -> BreakSettings:
    """Change the fields named in `changes`; the others keep their values. Checked whole
    (the new settings must make sense together) before anything is stored."""
    errors = _Errors()
    stored = settings_of(owner)
    values = {name: getattr(stored, name) for name in SETTINGS_FIELDS}
    for name, value in changes.items():
        if name not in SETTINGS_FIELDS:
            errors.add(name, "This is not one of the break settings.")
        else:
            values[name] = _clean(errors, name, value)
    errors.raise_if_any()
    candidate = BreakSettings(owner=owner, **values)
    for field, message in config_problems(candidate).items():
        errors.add(field, message)
    errors.raise_if_any()
    for name, value in values.items():
        setattr(stored, name, value)
    stored.save()
    return stored


def config_problems(stored: BreakSettings) -> dict[str, str]:
    config = BreakConfig(hours=tuple(_spans(d) for d in stored.hours), **_numbers(stored))
    return config.problems()


def _numbers(stored: BreakSettings) -> dict[str, int]:
    return {name: getattr(stored, name) for name in NUMBERS}


def _clean(errors: _Errors, name: str, value: Any) -> Any:
    if name == "is_enabled":
        if not isinstance(value, bool):
            errors.add(name, "Use true or false.")
        return bool(value)
    if name == "notify":
        if value not in Notify.values:
            errors.add(name, "Choose one of the ways to be told.")
        return value
    if name == "kinds":
        return _choices(errors, name, value, [k.value for k in BreakKind][2:])
    if name == "equipment":
        return _choices(errors, name, value, list(EQUIPMENT))
    if name == "hours":
        return _hours(errors, value)
    number = profiles._whole(value)
    if number is None:
        errors.add(name, "Use a whole number.")
        return 0
    return number


def _choices(errors: _Errors, name: str, value: Any, allowed: list[str]) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.add(name, "This should be a list.")
        return []
    unknown = [v for v in value if v not in allowed]
    if unknown:
        errors.add(name, f"Unknown: {', '.join(unknown)}. Choose from {', '.join(allowed)}.")
    return [v for v in allowed if v in value]


def _hours(errors: _Errors, value: Any) -> list[list[list[str]]]:
    """Seven days of [start, end] spans as "HH:MM" text; errors keyed hours.<day>."""
    if not isinstance(value, list | tuple) or len(value) != 7:
        errors.add("hours", "Give the working hours of all seven days (Monday first).")
        return []
    days = []
    for index, day in enumerate(value):
        spans = []
        if not isinstance(day, list | tuple) or len(day) > MAX_SPANS:
            errors.add(f"hours.{index}", f"Give up to {MAX_SPANS} spans for a day.")
            day = []
        for span in day:
            parsed = _span(span)
            if parsed is None:
                errors.add(f"hours.{index}", "Use times like 09:00 and 17:30.")
            else:
                spans.append(parsed)
        days.append(spans)
    return days


def _span(span: Any) -> list[str] | None:
    if not isinstance(span, list | tuple) or len(span) != 2:
        return None
    try:
        start, end = (time.fromisoformat(str(t).strip()) for t in span)
    except ValueError:
        return None
    return [f"{start:%H:%M}", f"{end:%H:%M}"]


# --- state, focus, the next break ------------------------------------------------------------


def state_of(owner: Any, now: datetime) -> BreakState:
    """The core's state: the last few days of breaks (in the person's time zone) and the
    movements they dropped."""
    since = connection.ops.adapt_datetimefield_value(now - timedelta(days=KEEP_DAYS))
    fields = ("at", "kind", "outcome", "movement", "extra", "seconds")
    rows = _EVENTS.values(
        fields, '"owner_id" = %s AND "at" >= %s ORDER BY "at", "id"', [owner.pk, since]
    )
    history = tuple(
        Taken(
            at.astimezone(now.tzinfo),
            BreakKind(kind),
            CoreOutcome(outcome),
            ((movement,) if movement else ()) + tuple(extra),
            seconds,
        )
        for at, kind, outcome, movement, extra, seconds in rows
    )
    return BreakState(history, feedback_of(owner))


def feedback_of(owner: Any) -> dict[str, Feeling]:
    rows = _FEEDBACK.values(("movement", "felt"), '"owner_id" = %s', [owner.pk])
    return {movement: Feeling(felt) for movement, felt in rows}


def focus_of(owner: Any, kb: KnowledgeBase | None = None, reads: OwnerReads | None = None) -> Focus:
    """What the breaks favour: the person's active knots, causes and conditions. `reads`
    lets Today share the knots and profile it has read already."""
    kb = kb or default_kb()
    reads = reads or OwnerReads(owner)
    profile = reads.profile
    scored = profiles.stored_causes(profile, kb)
    causes = {f.factor: f.score for f in scored.factors if f.score is not None} if scored else {}
    knots = [(k.region, k.muscle) for k in reads.active_knots]
    return build_focus(knots, causes, profile.conditions, kb)


def next_break_for(
    owner: Any, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> NextBreak | None:
    return overview(owner, clock, kb).upcoming


@dataclass(frozen=True)
class Overview:
    """Everything a page shows about breaks, from one read of settings and history."""

    settings: BreakSettings
    upcoming: NextBreak | None
    today: DaySummary
    now: datetime


def overview(
    owner: Any,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
    reads: OwnerReads | None = None,
) -> Overview:
    kb = kb or default_kb()
    now = (clock or SystemClock()).now()
    stored = settings_of(owner)
    config = config_of(stored)
    state = state_of(owner, now)
    upcoming = (
        next_break(config, state, now, kb, focus_of(owner, kb, reads))
        if config.is_enabled
        else None
    )
    return Overview(stored, upcoming, summarize_day(state, now.date(), kb), now)


def is_due(upcoming: NextBreak | None, now: datetime) -> bool:
    return upcoming is not None and upcoming.at <= now + timedelta(seconds=DUE_EARLY_S)


# --- recording ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeInput:
    kind: Any
    outcome: Any
    movements: Any = ()
    seconds: Any = None
    felt: Any = ""
    at: datetime | None = None  # the break's moment; now when not given


def record_outcome(
    owner: Any, data: OutcomeInput, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> BreakEvent:
    """Store how a break went; a movement that hurt or was not liked leaves the rotation."""
    kb = kb or default_kb()
    errors = _Errors()
    kind = _member(errors, "kind", data.kind, [k.value for k in BreakKind])
    outcome = _member(errors, "outcome", data.outcome, [o.value for o in CoreOutcome])
    felt = _member(errors, "felt", data.felt or "", ["", *Felt.values])
    movements = _movements(errors, data.movements, kb)
    seconds = 0 if data.seconds in (None, "") else profiles._whole(data.seconds)
    if seconds is None or not 0 <= seconds <= 3600:
        errors.add("seconds", "Use a whole number of seconds from 0 to 3600.")
    errors.raise_if_any()
    with transaction.atomic():
        event = BreakEvent.objects.create(
            owner=owner,
            at=data.at or (clock or SystemClock()).now(),
            kind=kind,
            movement=movements[0] if movements else "",
            extra=movements[1:],
            outcome=outcome,
            seconds=seconds or 0,
            felt=felt,
        )
        if felt and Feeling(felt) in DROPPED:
            for movement in movements:
                set_feedback(owner, movement, felt, kb)
    return event


def _member(errors: _Errors, field: str, value: Any, allowed: list[str]) -> str:
    if value not in allowed:
        shown = ", ".join(a for a in allowed if a)
        errors.add(field, f"Choose one of: {shown}.")
        return allowed[0]
    return str(value)


def _movements(errors: _Errors, value: Any, kb: KnowledgeBase) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    return services._list_of(errors, "movements", list(value or []), kb.movements, "movement")


def set_feedback(owner: Any, movement: str, felt: str, kb: KnowledgeBase | None = None) -> None:
    """Drop a movement from the rotation (felt: hurt or disliked), or bring it back ("")."""
    kb = kb or default_kb()
    errors = _Errors()
    if movement not in kb.movements:
        errors.add("movement", f"Unknown movement: {movement!r}.")
    if felt not in ("", Felt.HURT, Felt.DISLIKED):
        errors.add("felt", "Choose 'It hurt', 'Not for me', or bring it back.")
    errors.raise_if_any()
    if not felt:
        MovementFeedback.objects.filter(owner=owner, movement=movement).delete()
        return
    MovementFeedback.objects.update_or_create(
        owner=owner, movement=movement, defaults={"felt": felt}
    )


# --- statistics ----------------------------------------------------------------------------------


def _events_between(owner: Any, start: date, end: date, tz: tzinfo) -> list[BreakEvent]:
    """Events from the start of `start` to the end of `end`, in the time zone `tz`."""
    low = datetime.combine(start, time(0), tzinfo=tz)
    high = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    return list(BreakEvent.objects.filter(owner=owner, at__gte=low, at__lt=high))


def breaks_per_day(
    owner: Any, start: date, end: date, clock: Clock | None = None
) -> dict[date, int]:
    """Breaks done on each day from `start` to `end` (both included), in the person's time
    zone. Only days on which breaks were in use (any break shown, taken or skipped) are
    keys, so a missing day means "no data", never "no breaks"; a day whose breaks were all
    skipped has 0."""
    tz = local_tz(clock)
    found: dict[date, int] = {}
    for event in _events_between(owner, start, end, tz):
        day = event.at.astimezone(tz).date()
        found[day] = found.get(day, 0) + (event.outcome == CoreOutcome.DONE)
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class Tally:
    """Breaks done, skipped and put off on one day or in one week (starting Monday)."""

    start: date
    done: int = 0
    skipped: int = 0
    postponed: int = 0
    natural: int = 0
    unanswered: int = 0

    @property
    def shown(self) -> int:
        return self.done + self.skipped + self.unanswered

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "done": self.done,
            "skipped": self.skipped,
            "postponed": self.postponed,
            "natural": self.natural,
            "unanswered": self.unanswered,
        }


def day_tallies(owner: Any, start: date, end: date, clock: Clock | None = None) -> list[Tally]:
    """One Tally for every day from `start` to `end` (both included), empty days too."""
    tz = local_tz(clock)
    counts: dict[date, Counter[str]] = {}
    for event in _events_between(owner, start, end, tz):
        counts.setdefault(event.at.astimezone(tz).date(), Counter())[event.outcome] += 1
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [Tally(day, **_fields(counts.get(day, Counter()))) for day in days]


def week_tallies(owner: Any, weeks: int, clock: Clock | None = None) -> list[Tally]:
    """The last `weeks` weeks (Monday to Sunday), the current one last."""
    today = (clock or SystemClock()).now().date()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    days = day_tallies(owner, first, monday + timedelta(days=6), clock)
    out = []
    for week in range(weeks):
        chunk = days[week * 7 : week * 7 + 7]
        total: Counter[str] = Counter()
        for tally in chunk:
            total.update(tally.to_json() | {"start": 0})
        out.append(Tally(chunk[0].start, **_fields(total)))
    return out


def _fields(counts: Mapping[str, int]) -> dict[str, int]:
    return {o.value: int(counts.get(o.value, 0)) for o in CoreOutcome}


def today_summary(
    owner: Any, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> DaySummary:
    now = (clock or SystemClock()).now()
    return summarize_day(state_of(owner, now), now.date(), kb or default_kb())
