"""Check-ins over time -> is it improving, staying the same, or getting worse?

Thresholds follow the pain-scale literature (Salaffi et al. 2004; Farrar et
al. 2001): a change of at least 1 point and 15% is the smallest a person
notices, 2 points or 30% is clearly meaningful. Anything smaller is "same".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from unknot.core.model import Trend

NOTICEABLE_POINTS, NOTICEABLE_SHARE = 1.0, 0.15
MEANINGFUL_POINTS, MEANINGFUL_SHARE = 2.0, 0.30


# Reading and DayPoint are named tuples rather than frozen dataclasses: as immutable, read
# the same way, and three times cheaper to make. Today makes a few hundred readings on every
# view and the knot page a point for each day of its chart.


class Reading(NamedTuple):
    day: date
    pain: int


class DayPoint(NamedTuple):
    day: date
    pain: float | None  # mean of that day's readings; None on a day without one
    avg7: float | None  # mean of the readings in the 7 days ending that day


@dataclass(frozen=True)
class Verdict:
    trend: Trend | None  # None: not enough readings to say
    change: float | None  # recent mean minus earlier mean (negative is better)
    is_meaningful: bool
    summary: str


def daily_series(readings: Iterable[Reading], start: date, end: date) -> list[DayPoint]:
    """A point for every day from `start` to `end`: that day's mean and its 7-day average.

    The knot page draws this on every view, so days are counted as numbers (date ordinals)
    and each day's sum and count kept in a list, with a running sum over the seven days
    ending each day instead of re-adding them per day."""
    first, last = start.toordinal() - 7, end.toordinal()
    if last < start.toordinal():
        return []
    sums, counts = [0] * (last - first + 1), [0] * (last - first + 1)
    for r in readings:
        i = r.day.toordinal() - first
        if 0 <= i <= last - first:
            sums[i] += r.pain
            counts[i] += 1
    total, count = sum(sums[:7]), sum(counts[:7])
    points = []
    for i in range(7, last - first + 1):
        total += sums[i] - sums[i - 7]
        count += counts[i] - counts[i - 7]
        points.append(
            DayPoint(
                date.fromordinal(first + i),
                round(sums[i] / counts[i], 2) if counts[i] else None,
                round(total / count, 2) if count else None,
            )
        )
    return points


def classify(readings: Sequence[Reading], today: date) -> Verdict:
    """Compare the last seven days with what came before (the first week if that is all)."""
    week_start = today - timedelta(days=6)  # once, not once per reading
    recent = [r.pain for r in readings if week_start <= r.day <= today]
    earlier_window = [r for r in readings if r.day < week_start]
    if earlier_window:
        last_earlier = max(r.day for r in earlier_window)
        cutoff = last_earlier - timedelta(days=7)
        earlier = [r.pain for r in earlier_window if r.day > cutoff]
    else:
        ordered = sorted(readings, key=lambda r: r.day)
        span = (ordered[-1].day - ordered[0].day).days if ordered else 0
        if len(ordered) < 2 or span < 2:
            return Verdict(None, None, False, "Not enough check-ins yet to see a trend.")
        second_day = ordered[0].day + timedelta(days=1)
        earlier = [r.pain for r in ordered if r.day <= second_day]
        recent = [r.pain for r in ordered if r.day > second_day]
    if not recent or not earlier:
        return Verdict(None, None, False, "No check-in in the last seven days.")
    before, now = sum(earlier) / len(earlier), sum(recent) / len(recent)
    change = round(now - before, 2)
    return _verdict(before, change)


def _verdict(before: float, change: float) -> Verdict:
    share = abs(change) / before if before else (1.0 if change else 0.0)
    noticeable = abs(change) >= NOTICEABLE_POINTS and share >= NOTICEABLE_SHARE
    meaningful = abs(change) >= MEANINGFUL_POINTS or (noticeable and share >= MEANINGFUL_SHARE)
    if not noticeable:
        return Verdict(
            Trend.SAME,
            change,
            False,
            "About the same: the change is smaller than a person usually notices.",
        )
    points = f"{abs(change):.1f} point{'s' if abs(change) >= 1.05 else ''}"
    if change < 0:
        word = "Clearly better" if meaningful else "A little better"
        return Verdict(Trend.BETTER, change, meaningful, f"{word}: pain is down {points}.")
    word = "Clearly worse" if meaningful else "A little worse"
    return Verdict(Trend.WORSE, change, meaningful, f"{word}: pain is up {points}.")
