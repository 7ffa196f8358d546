"""The numbers insights are made of, read from the database: each habit by day (the
recovery log; movement breaks from the breaks app when it is installed) and the pain of
the person's knots by day. The statistics are core/insights.py's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

from unknot.core import insights as core_insights
from unknot.core.clock import Clock, SystemClock
from unknot.web.journal.models import CheckIn
from unknot.web.journal.services import day_start
from unknot.web.prevention.models import RecoveryEntry, WaterUnit
from unknot.web.prevention.recovery import GLASS_ML, settings_of

WINDOW_DAYS = 365  # insights look at the last year


def pain_by_day(owner: Any, start: date, end: date) -> dict[date, float]:
    """The mean of all the person's knot check-ins on each day (in the site's time zone)."""
    rows = CheckIn.objects.filter(
        knot__owner=owner, at__gte=day_start(start), at__lt=day_start(end + timedelta(days=1))
    ).values_list("at", "pain")
    zone = timezone.get_current_timezone()
    by_day: dict[date, list[int]] = defaultdict(list)
    for at, pain in rows:
        by_day[at.astimezone(zone).date()].append(pain)
    return {day: sum(p) / len(p) for day, p in by_day.items()}


def habits_by_day(
    owner: Any, start: date, end: date, water_unit: str
) -> dict[str, dict[date, float]]:
    """{habit key: {day: value}}: sleep hours, stress, water (in `water_unit`), breaks."""
    found: dict[str, dict[date, float]] = {h.key: {} for h in core_insights.HABITS}
    rows = RecoveryEntry.objects.filter(owner=owner, day__gte=start, day__lte=end)
    per_unit = GLASS_ML if water_unit == WaterUnit.GLASSES else 1000
    for day, sleep, stress, water in rows.values_list("day", "sleep_hours", "stress", "water_ml"):
        if sleep is not None:
            found["sleep_hours"][day] = float(sleep)
        if stress is not None:
            found["stress"][day] = float(stress)
        if water is not None:
            found["water"][day] = water / per_unit
    found["breaks"] = {day: float(n) for day, n in breaks_per_day(owner, start, end).items()}
    return found


def breaks_per_day(owner: Any, start: date, end: date) -> Mapping[date, int]:
    """Movement breaks done per day, from the breaks app; nothing when it is not installed
    (insights then say there are no days of breaks yet, which is true)."""
    if not apps.is_installed("unknot.web.breaks"):
        return {}
    from unknot.web.breaks import services as breaks_services

    return dict(breaks_services.breaks_per_day(owner, start, end))


def person_insights(
    owner: Any, clock: Clock | None = None, needed: int = core_insights.MIN_DAYS
) -> list[core_insights.Association]:
    today = (clock or SystemClock()).today()
    start = today - timedelta(days=WINDOW_DAYS)
    unit = settings_of(owner).water_unit
    habits = habits_by_day(owner, start, today, unit)
    units = {"water": "glasses" if unit == WaterUnit.GLASSES else "litres"}
    return core_insights.insights(habits, pain_by_day(owner, start, today), needed, units)


def insight_json(a: core_insights.Association) -> dict[str, Any]:
    s = a.split
    return {
        "habit": a.habit.key,
        "days": a.days,
        "needed": a.needed,
        "is_enough": a.is_enough,
        "r": a.r,
        "r_interval": [a.r_low, a.r_high] if a.r_low is not None else None,
        "strength": a.strength if a.is_enough else None,
        "could_be_chance": a.could_be_chance if a.is_enough else None,
        "split": {
            "at": s.at,
            "high_days": s.high_days,
            "low_days": s.low_days,
            "pain_after_high": round(s.pain_high, 2),
            "pain_after_low": round(s.pain_low, 2),
            "difference": round(s.difference, 2),
        }
        if s
        else None,
        "summary": core_insights.describe(a),
    }
