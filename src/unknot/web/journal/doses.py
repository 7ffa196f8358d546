"""Movement dosing, "Can I still train?": each bout of an activity is stored, and the traffic
light of core.dosing is worked out from the stored history of that activity whenever it
is shown. The operations shared by the pages and the JSON API, like services.py.

Activities are kept by their normalised name (dosing.activity_key), so "Long  Run" and
"long run" are one history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q

from unknot.core import dosing
from unknot.core.clock import Clock, SystemClock
from unknot.web.journal.models import Exposure
from unknot.web.journal.services import _date, _Errors, _pain

MAX_ACTIVITY = 100
HISTORY = 120  # bouts of one activity shown and judged at most (the newest ones)
MORNING_WORDS = {"better": "Better", "same": "About the same", "worse": "Worse"}


def add_exposure(
    owner: Any,
    *,
    activity: Any,
    pain_during: Any,
    pain_after: Any,
    pain_before: Any = None,
    next_morning: Any = None,
    day: Any = None,
    clock: Clock | None = None,
) -> Exposure:
    """Store one bout of an activity; InvalidInput names each field that is wrong."""
    today = (clock or SystemClock()).today()
    errors = _Errors()
    name = _activity(errors, activity)
    during = _pain(errors, "pain_during", pain_during)
    after = _pain(errors, "pain_after", pain_after)
    before = _pain(errors, "pain_before", pain_before, required=False)
    morning = _morning(errors, next_morning)
    when = _date(errors, "day", day, today)
    errors.raise_if_any()
    return Exposure.objects.create(
        owner=owner,
        activity=dosing.activity_key(name),
        name=name,
        day=when,
        pain_during=during,
        pain_after=after,
        pain_before=before,
        next_morning=morning,
    )


def set_next_morning(exposure: Exposure, value: Any) -> Exposure:
    """Fill in (or correct) how the knot felt the morning after."""
    errors = _Errors()
    morning = _morning(errors, value)
    if not morning:
        errors.add("next_morning", "Say how it felt: better, the same, worse or a pain number.")
    errors.raise_if_any()
    exposure.next_morning = morning
    exposure.save(update_fields=["next_morning"])
    return exposure


def _activity(errors: _Errors, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.add("activity", "Name the activity, for example 'run' or 'deadlift'.")
        return ""
    name = " ".join(value.split())
    if len(name) > MAX_ACTIVITY:
        errors.add("activity", f"Please keep the name under {MAX_ACTIVITY} characters.")
    return name


def _morning(errors: _Errors, value: Any) -> str:
    """'better' | 'same' | 'worse' | '0'..'10' | '' (not known yet)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str) and value in dosing.MORNINGS:
        return value
    number = None if isinstance(value, bool) else _pain(_Errors(), "n", value, required=False)
    if number is None:
        errors.add("next_morning", "Use better, same, worse, or a pain number from 0 to 10.")
        return ""
    return str(number)


def as_core(exposure: Exposure) -> dosing.Exposure:
    morning: str | int | None = exposure.next_morning or None
    if isinstance(morning, str) and morning.isdigit():
        morning = int(morning)
    return dosing.Exposure(
        exposure.name,
        exposure.pain_during,
        exposure.pain_after,
        morning,
        exposure.day,
        exposure.pain_before,
    )


def exposure_json(exposure: Exposure) -> dict[str, Any]:
    return {"id": exposure.pk, **as_core(exposure).to_json(), "key": exposure.activity}


# --- reading the history ----------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """A stored bout with its traffic light, judged against the bouts before it."""

    exposure: Exposure
    dose: dosing.Dose


@dataclass(frozen=True)
class ActivityReport:
    key: str
    name: str  # as last typed
    judged: tuple[Judged, ...]  # newest first
    trend: dosing.ActivityTrend

    @property
    def latest(self) -> Judged | None:
        return self.judged[0] if self.judged else None

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.name,
            "key": self.key,
            "trend": self.trend.to_json(),
            "items": [{**exposure_json(j.exposure), "dose": j.dose.to_json()} for j in self.judged],
        }


def activity_report(owner: Any, activity: str, today: date) -> ActivityReport | None:
    """The activity's newest bouts, each with its light, and how it has been going.
    None when the person has no bout of it."""
    key = dosing.activity_key(activity)
    rows = list(Exposure.objects.filter(owner=owner, activity=key)[:HISTORY])
    if not rows:
        return None
    rows.reverse()  # oldest first: each is judged against the ones before it
    bouts = [as_core(e) for e in rows]
    judged = [Judged(row, dosing.assess(bouts[i], bouts[:i])) for i, row in enumerate(rows)]
    name = rows[-1].name
    trend = dosing.trend_for(name, bouts, today=max(today, rows[-1].day))
    return ActivityReport(key, name, tuple(reversed(judged)), trend)


def judge(exposure: Exposure) -> dosing.Dose:
    """The light for one stored bout, against the bouts of the same activity before it."""
    earlier = Exposure.objects.filter(owner=exposure.owner_id, activity=exposure.activity).filter(
        Q(day__lt=exposure.day) | Q(day=exposure.day, pk__lt=exposure.pk)
    )
    history = [as_core(e) for e in reversed(earlier[:HISTORY])]
    return dosing.assess(as_core(exposure), history)


@dataclass(frozen=True)
class ActivitySummary:
    key: str
    name: str
    bouts: int
    last_day: date


def activities(owner: Any) -> list[ActivitySummary]:
    """Every activity the person has logged, most recent first."""
    rows = (
        Exposure.objects.filter(owner=owner)
        .values("activity")
        .annotate(bouts=Count("id"), last_day=Max("day"), last_id=Max("id"))
        .order_by("-last_day", "-last_id")
    )
    names = _latest_names(owner, [r["last_id"] for r in rows])
    return [
        ActivitySummary(
            r["activity"], names.get(r["last_id"], r["activity"]), r["bouts"], r["last_day"]
        )
        for r in rows
    ]


def _latest_names(owner: Any, ids: list[int]) -> Mapping[int, str]:
    return dict(Exposure.objects.filter(owner=owner, pk__in=ids).values_list("pk", "name"))


def find_exposure(owner: Any, pk: int) -> Exposure | None:
    if not 0 < pk <= 2**63 - 1:
        return None
    return Exposure.objects.filter(owner=owner, pk=pk).first()
