"""The remote-monitoring summary: for a clinic's own monitoring system, how many days of the
last 30 the person recorded anything, and their pain and function scores in that time.

unknot is a self-care tool and makes no medical-device claim: the summary reports what
the person typed, counted and averaged, nothing more. A "day with data" is a calendar
day (in the app's time zone) with at least one check-in, self-care session or logged
activity bout. Pain is the 0-10 rating of each check-in; function is the
Patient-Specific Functional Scale: the mean of a check-in's activity scores (0 = cannot
do it, 10 = as before the problem).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import mean
from typing import Any

from django.utils import timezone

from unknot.core.clock import Clock, SystemClock
from unknot.core.trends import Reading, classify
from unknot.web.journal import services
from unknot.web.journal.models import CheckIn, Exposure, FunctionScore, Knot, Session

FORMAT = "unknot-monitoring"
VERSION = 1
DEFAULT_DAYS = 30
MAX_DAYS = 365
STATEMENT = (
    "Self-reported by the person in unknot, a self-care tool. unknot makes no medical-device "
    "claim: these are the person's own ratings, counted and averaged, not a measurement or "
    "a diagnosis."
)


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def window(today: date, days: int = DEFAULT_DAYS) -> Window:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_DAYS}")
    return Window(today - timedelta(days=days - 1), today)


def _local(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def days_with_data(owner: Any, span: Window) -> set[date]:
    """The days of `span` on which the person recorded a check-in, a session or a bout."""
    since, until = services.day_start(span.start), services.day_start(span.end + timedelta(1))
    found: set[date] = set()
    for model in (CheckIn, Session):
        moments = model.objects.filter(knot__owner=owner, at__gte=since, at__lt=until)
        found |= {_local(at) for at in moments.values_list("at", flat=True)}
    bouts = Exposure.objects.filter(owner=owner, day__gte=span.start, day__lte=span.end)
    found |= set(bouts.values_list("day", flat=True))
    return found


def _point(day: date, value: float) -> dict[str, Any]:
    return {"date": day.isoformat(), "value": round(value, 2)}


def _pain(rows: list[tuple[date, int]], today: date) -> dict[str, Any]:
    if not rows:
        return {"readings": 0}
    values = [pain for _day, pain in rows]
    first_week = [p for d, p in rows if d < rows[0][0] + timedelta(days=7)]
    last_week = [p for d, p in rows if d > today - timedelta(days=7)]
    verdict = classify([Reading(d, p) for d, p in rows], today)
    return {
        "readings": len(rows),
        "days": len({d for d, _p in rows}),
        "first": _point(*rows[0]),
        "latest": _point(*rows[-1]),
        "mean": round(mean(values), 2),
        "min": min(values),
        "max": max(values),
        "mean_first_7_days": round(mean(first_week), 2),
        "mean_last_7_days": round(mean(last_week), 2) if last_week else None,
        "trend": verdict.trend.value if verdict.trend else None,
    }


def _function(checkins: list[tuple[int, date]], knot: Knot) -> dict[str, Any]:
    by_checkin: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = FunctionScore.objects.filter(checkin_id__in=[pk for pk, _d in checkins])
    for checkin_id, name, score in rows.values_list("checkin_id", "activity__name", "score"):
        by_checkin[checkin_id].append((name, score))
    scored = [(day, by_checkin[pk]) for pk, day in checkins if by_checkin[pk]]
    if not scored:
        return {"scores": 0, "activities": []}
    activities = []
    for name in knot.activities.values_list("name", flat=True):
        seen = [(day, s) for day, pairs in scored for n, s in pairs if n == name]
        if seen:
            activities.append(
                {"name": name, "first": _point(*seen[0]), "latest": _point(*seen[-1])}
            )
    means = [(day, mean(s for _n, s in pairs)) for day, pairs in scored]
    return {
        "scores": sum(len(p) for _d, p in scored),
        "first_mean": _point(*means[0]),
        "latest_mean": _point(*means[-1]),
        "activities": activities,
    }


def _knot(knot: Knot, span: Window) -> dict[str, Any] | None:
    since, until = services.day_start(span.start), services.day_start(span.end + timedelta(1))
    rows = list(
        knot.checkins.filter(at__gte=since, at__lt=until)
        .order_by("at", "pk")
        .values_list("pk", "at", "pain")
    )
    if not rows and knot.is_archived:
        return None
    from unknot.core.kb import default_kb
    from unknot.web.journal.forms import place_name

    checkins = [(pk, _local(at)) for pk, at, _pain in rows]
    return {
        "id": knot.pk,
        "name": place_name(default_kb(), knot.region, knot.side),
        "region": knot.region,
        "side": knot.side or None,
        "is_sample": knot.is_sample,
        "pain": _pain([(_local(at), pain) for _pk, at, pain in rows], span.end),
        "function": _function(checkins, knot),
    }


def summary(owner: Any, clock: Clock | None = None, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    """The summary as plain JSON-ready data."""
    clock = clock or SystemClock()
    span = window(clock.today(), days)
    knots = Knot.objects.filter(owner=owner).order_by("created_at", "pk")
    found = days_with_data(owner, span)
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": clock.now().astimezone(UTC).isoformat(),
        "period": {"start": span.start.isoformat(), "end": span.end.isoformat(), "days": days},
        "days_with_data": len(found),
        "dates_with_data": sorted(d.isoformat() for d in found),
        "knots": [k for k in (_knot(knot, span) for knot in knots) if k is not None],
        "statement": STATEMENT,
    }
