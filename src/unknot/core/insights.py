"""How the person's habits go with their pain the next day: honest, small statistics.

For each habit (breaks taken, sleep, stress, water) the days are paired with the pain
that followed: a day's breaks, stress and water with the next day's pain, a night's sleep
(logged the morning after) with the pain of that same day, the day after the night.
Nothing is said before there are MIN_DAYS such pairs. Then two plain numbers:

- the mean next-day pain after "high" days and after "low" days, split at the habit's
  median (a difference in pain points is easier to picture than a coefficient), and
- Pearson's correlation r with its sample size and a 95% interval (Fisher's z), so a
  person can see how little a fortnight of days can settle.

It is association, not proof: a busy week can bring both poor sleep and sore shoulders.
The page says so and points to a proper experiment (randomised, see the experiments
feature) for anything worth testing. Everything here is a pure function of the numbers.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

MIN_DAYS = 14
Z_95 = 1.959964  # two-sided 95% quantile of the standard normal distribution


@dataclass(frozen=True)
class Habit:
    key: str
    name: str  # "sleep"
    unit: str  # "hours", shown after the split value
    lag_days: int  # the pain of which day goes with the habit of day d: d + lag_days
    more_is: str  # "more sleep": how "high" days are named
    less_is: str  # "less sleep": and the others
    period: str = "days"  # "nights" for sleep


HABITS: tuple[Habit, ...] = (
    Habit("breaks", "movement breaks", "breaks", 1, "more breaks", "fewer breaks"),
    Habit("sleep_hours", "sleep", "hours", 0, "more sleep", "less sleep", "nights"),
    Habit("stress", "stress", "out of 10", 1, "more stress", "less stress"),
    Habit("water", "water", "glasses", 1, "more water", "less water"),
)
BY_KEY = {h.key: h for h in HABITS}


@dataclass(frozen=True)
class Split:
    """Mean next-day pain after days above the habit's median and after the rest."""

    at: float  # the habit's median: high days have more than this, low days this or less
    high_days: int
    low_days: int
    pain_high: float
    pain_low: float
    is_at_high: bool = False  # most days sat at the median: high days are `at` or more

    @property
    def threshold(self) -> str:
        """'above 7' or 'at least 3': which days count as high."""
        return f"{'at least' if self.is_at_high else 'above'} {_num(self.at)}"

    @property
    def difference(self) -> float:
        """Pain after high days minus pain after low days (positive: more pain)."""
        return self.pain_high - self.pain_low


@dataclass(frozen=True)
class Association:
    habit: Habit
    days: int  # the pairs it rests on
    needed: int  # how many pairs it takes to say anything
    r: float | None  # Pearson's r; None when either side never varied
    r_low: float | None  # 95% interval of r
    r_high: float | None
    split: Split | None

    @property
    def is_enough(self) -> bool:
        return self.days >= self.needed

    @property
    def strength(self) -> str:
        """Cohen's conventional words for |r|: 0.1 small, 0.3 medium, 0.5 large."""
        if self.r is None:
            return "none"
        size = abs(self.r)
        if size < 0.1:
            return "none"
        return "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"

    @property
    def could_be_chance(self) -> bool:
        """The 95% interval of r includes 0 (or there is no r at all)."""
        if self.r_low is None or self.r_high is None:
            return True
        return self.r_low <= 0 <= self.r_high


def pairs(
    habit: Mapping[date, float], pain: Mapping[date, float], lag_days: int = 1
) -> list[tuple[float, float]]:
    """(habit of day d, pain of day d + lag_days) for every day that has both, by date."""
    step = timedelta(days=lag_days)
    return [(habit[d], pain[d + step]) for d in sorted(habit) if d + step in pain]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when there are fewer than two pairs or a side never varies."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxx, syy = math.fsum(d * d for d in dx), math.fsum(d * d for d in dy)
    if sxx <= 1e-12 * max(1.0, mx * mx) or syy <= 1e-12 * max(1.0, my * my):
        return None
    r = math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def interval(r: float, n: int) -> tuple[float, float] | None:
    """The 95% interval of r from Fisher's z (needs n > 3)."""
    if n <= 3:
        return None
    if abs(r) >= 1:
        return (r, r)
    z, half = math.atanh(r), Z_95 / math.sqrt(n - 3)
    return (math.tanh(z - half), math.tanh(z + half))


def split(data: Sequence[tuple[float, float]]) -> Split | None:
    """Pain after days above the habit's median against the others. When most days sit at
    the median (stress of 3 on most days), the median days join the high side instead, so
    both sides have days; None when the habit never varies."""
    if not data:
        return None
    at = statistics.median(x for x, _ in data)
    high = [y for x, y in data if x > at]
    low = [y for x, y in data if x <= at]
    at_high = not high
    if at_high:
        high = [y for x, y in data if x >= at]
        low = [y for x, y in data if x < at]
    if not high or not low:
        return None
    return Split(at, len(high), len(low), statistics.fmean(high), statistics.fmean(low), at_high)


def associate(
    habit: Habit,
    by_day: Mapping[date, float],
    pain: Mapping[date, float],
    needed: int = MIN_DAYS,
) -> Association:
    """How one habit goes with the pain that follows it. Below `needed` pairs only the
    count is given: a number from a handful of days would only mislead."""
    found = pairs(by_day, pain, habit.lag_days)
    if len(found) < needed:
        return Association(habit, len(found), needed, None, None, None, None)
    xs, ys = [x for x, _ in found], [y for _, y in found]
    r = pearson(xs, ys)
    bounds = interval(r, len(found)) if r is not None else None
    return Association(
        habit,
        len(found),
        needed,
        r,
        bounds[0] if bounds else None,
        bounds[1] if bounds else None,
        split(found),
    )


def insights(
    habits: Mapping[str, Mapping[date, float]],
    pain: Mapping[date, float],
    needed: int = MIN_DAYS,
    units: Mapping[str, str] | None = None,
) -> list[Association]:
    """Every known habit in HABITS' order (a habit with no data still says how many days
    it has: none). `units` renames a habit's unit (water in litres rather than glasses)."""
    units = units or {}
    return [
        associate(replace(h, unit=units.get(h.key, h.unit)), habits.get(h.key, {}), pain, needed)
        for h in HABITS
    ]


def describe(a: Association) -> str:
    """The association in one or two plain sentences, never more sure than the numbers."""
    name = a.habit.name
    if not a.is_enough:
        return (
            f"Not enough days yet: {a.days} of the {a.needed} days it takes, with {name} "
            "logged and your knots' pain known the day after."
        )
    if a.split is None or a.r is None:
        return (
            f"Your {name} or your pain barely changed over these {a.days} days, so there is "
            "nothing to compare yet."
        )
    s = a.split
    unit = a.habit.unit
    head = (
        f"After {a.habit.period} with {a.habit.more_is} ({s.threshold} {unit}), your pain the "
        f"day after averaged {s.pain_high:.1f}, against {s.pain_low:.1f} after the other "
        f"{a.habit.period}"
    )
    if a.strength == "none":
        return f"{head}. Over {a.days} days there is no clear link (r = {a.r:+.2f})."
    way = "more" if a.r > 0 else "less"
    chance = (
        " A link this size could easily be chance with this many days." if a.could_be_chance else ""
    )
    return (
        f"{head}: a {a.strength} link, {a.habit.more_is} going with {way} pain "
        f"(r = {a.r:+.2f} over {a.days} days).{chance}"
    )


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
