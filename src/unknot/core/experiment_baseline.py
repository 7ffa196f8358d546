"""What a person's journal already says about their ups and downs, used to steady the
analysis of a short personal experiment.

Why: six pairs of periods give only five degrees of freedom for the spread of the pairs'
differences, so a plain paired t-test needs t > 2.57 and finds a true 2-point difference
(at a spread of 1.5) only about 72% of the time. A person who has kept a journal before
the experiment has already shown how much their pain moves from one day (or one session)
to the next when nothing is being compared. That is real information about the very
spread the test has to estimate.

How the baseline is measured (`from_days`, `from_sessions`): the journal's days (or
sessions) from the WINDOW_DAYS before the experiment starts are paired the way the
experiment pairs its periods, most recent first, each day used at most once:

- next-morning pain: each day's first check-in, paired with the one `lag` days before it
  (the gap between the two periods of a block: one day, plus any washout days);
- relief in a session: each session's relief (pain before minus after), paired with the
  session before it.

Each pair's difference is what a block's difference would be if both options worked the
same, so the baseline spread is the root mean square of these differences (around zero,
not around their average). The level of pain cancels within a pair, so a slow improvement
barely counts (a point over three weeks adds 0.0025 to the variance); a faster trend, a
flare, or past sessions of different kinds only make the baseline spread larger, which
only makes the analysis more cautious (see `combine`). With independent day-to-day noise,
disjoint pairs give a spread with exactly one degree of freedom per pair.

How it is used (`combine`): the experiment's own variance (k-1 degrees of freedom) and
the baseline's (one per pair, at most MAX_PAIRS) are pooled, weighted by their degrees of
freedom, and the interval uses Student's t with the pooled degrees of freedom. This is
the same as a Bayesian analysis whose prior for the spread is the scaled inverse
chi-square the baseline gives (scale: the baseline spread, degrees of freedom: its
pairs): the baseline's pairs count as extra pairs of the experiment in which the two
options were the same. The assumption this rests on is that the noise during the
experiment is like the noise before it. Its guards:

- the baseline brings at most MAX_PAIRS degrees of freedom, from at most WINDOW_DAYS;
- fewer than MIN_PAIRS pairs, or no knot to read: no baseline, the plain t interval;
- an F-test at CHECK_LEVEL: if the experiment's own spread is larger than the baseline's
  by more than chance explains, the baseline is set aside (and the page says why);
- once a baseline is pooled, a larger baseline spread never narrows the interval (the
  pooled variance only grows with it), and whatever the baseline, the interval never
  shrinks below `narrowest_ratio` of the experiment's own: by at most about 40% with
  six blocks and 14 pairs (tests/core/test_experiment_baseline.py checks both). The one jump is the
  F-test's switch: a baseline just calm enough to be set aside leaves the experiment's
  own interval, which a slightly bumpier, pooled one can undercut within that bound.

What the guards cannot do: with five degrees of freedom of its own, the experiment
cannot tell a baseline calmer by a factor of about two from a matching one, and then the
pooled interval is too narrow: bench/experiments.py finds false winners at about 7%
instead of 4.5% in that case. Only a baseline four or more times calmer is reliably
caught.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from unknot.core import stats

WINDOW_DAYS = 42  # six weeks before the start: older days may describe another knot
MAX_PAIRS = 14  # the baseline never counts for more than 14 pairs of the experiment
MIN_PAIRS = 5  # fewer pairs say too little about the spread to be worth the assumption
# The F-test that sets a baseline aside when the experiment is noisier. At 1% a matching
# baseline is almost never lost, but bench/experiments.py found false winners at 4.9% (no
# margin below 5%) and, with a baseline half as noisy as the experiment, about 9%; at 5%
# they are about 4.5% and 7%, for a power of 81-82% instead of 83%. Erring towards
# caution: 5%, at the cost of losing a matching baseline one time in twenty.
CHECK_LEVEL = 0.05


class Source(StrEnum):
    CHECKINS = "checkins"  # next-morning pain: day-to-day changes in check-ins
    SESSIONS = "sessions"  # relief in a session: session-to-session changes in relief


class Use(StrEnum):
    NONE = "none"  # no baseline: the experiment's own spread alone
    POOLED = "pooled"  # the baseline's spread pooled with the experiment's
    SET_ASIDE = "set_aside"  # the experiment was noisier than the baseline: not used


@dataclass(frozen=True)
class Baseline:
    """The summary stored with an experiment when it starts."""

    source: str  # a Source value
    spread: float  # root mean square of the pairs' differences, in points
    pairs: int  # the degrees of freedom it brings (at most MAX_PAIRS)
    count: int  # days with a check-in, or sessions with both ratings, in the window
    first: date  # the first and last of those days
    last: date

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "spread": self.spread,
            "pairs": self.pairs,
            "count": self.count,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
        }


def window(start: date) -> tuple[date, date]:
    """The first and last day whose data may form the baseline: the six weeks before."""
    return start - timedelta(days=WINDOW_DAYS), start - timedelta(days=1)


def from_days(pains: Mapping[date, float], start: date, lag: int = 1) -> Baseline | None:
    """The baseline of next-morning pain, from one pain rating per day (the first check-in
    of each day): days `lag` apart, paired from the most recent back."""
    low, high = window(start)
    days = {d: p for d, p in pains.items() if low <= d <= high}
    used: set[date] = set()
    pairs: list[tuple[date, date, float]] = []
    for later in sorted(days, reverse=True):
        earlier = later - timedelta(days=lag)
        if later in used or earlier in used or earlier not in days:
            continue
        used |= {later, earlier}
        pairs.append((earlier, later, days[later] - days[earlier]))
        if len(pairs) == MAX_PAIRS:
            break
    return _summary(Source.CHECKINS, pairs, sorted(days))


def from_sessions(reliefs: Sequence[tuple[date, float]], start: date) -> Baseline | None:
    """The baseline of relief in a session, from (day, relief) of past sessions in time
    order: each session paired with the one before it, from the most recent back."""
    low, high = window(start)
    kept = [(d, r) for d, r in reliefs if low <= d <= high]
    pairs: list[tuple[date, date, float]] = []
    index = len(kept) - 1
    while index >= 1 and len(pairs) < MAX_PAIRS:
        (day_before, before), (day_after, after) = kept[index - 1], kept[index]
        pairs.append((day_before, day_after, after - before))
        index -= 2
    return _summary(Source.SESSIONS, pairs, [d for d, _ in kept])


def _summary(
    source: Source, pairs: list[tuple[date, date, float]], looked_at: list[date]
) -> Baseline | None:
    """The summary, over the days (or sessions' days) looked at, in time order."""
    if len(pairs) < MIN_PAIRS:
        return None
    spread = math.sqrt(math.fsum(d * d for _, _, d in pairs) / len(pairs))
    return Baseline(str(source), spread, len(pairs), len(looked_at), looked_at[0], looked_at[-1])


@dataclass(frozen=True)
class Spread:
    """The spread the interval uses, with its degrees of freedom and where it came from."""

    value: float
    df: int
    use: Use
    ratio: float | None = None  # the experiment's variance over the baseline's (F)
    limit: float | None = None  # the F above which the baseline is set aside


def combine(own: float, own_df: int, baseline: Baseline | None) -> Spread:
    """The experiment's spread `own` (from `own_df` degrees of freedom), pooled with the
    baseline's unless the F-test finds the experiment noisier than the baseline."""
    if baseline is None or own_df < 1:
        return Spread(own, own_df, Use.NONE)
    limit = stats.f_quantile(1.0 - CHECK_LEVEL, own_df, baseline.pairs)
    ratio = _ratio(own, baseline.spread)
    if ratio > limit:
        return Spread(own, own_df, Use.SET_ASIDE, ratio, limit)
    df = own_df + baseline.pairs
    pooled = math.sqrt((own_df * own**2 + baseline.pairs * baseline.spread**2) / df)
    return Spread(pooled, df, Use.POOLED, ratio, limit)


def _ratio(own: float, base: float) -> float:
    if own <= 0:
        return 0.0
    if base <= 0:
        return math.inf
    root = own / base
    return root * root  # a float product overflows to infinity, where ** would raise


def narrowest_ratio(own_df: int, pairs: int, level: float = 0.95) -> float:
    """The smallest the pooled interval can be, as a share of the experiment's own t
    interval, for a baseline of `pairs` pairs that passes the F-test: at the F-test's
    limit, the baseline's variance is the experiment's divided by the limit."""
    limit = stats.f_quantile(1.0 - CHECK_LEVEL, own_df, pairs)
    df = own_df + pairs
    quantile = 0.5 + level / 2
    shrink = math.sqrt((own_df + pairs / limit) / df)
    return stats.t_quantile(quantile, df) / stats.t_quantile(quantile, own_df) * shrink
