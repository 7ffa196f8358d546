"""Personal experiments: randomised N-of-1 trials ("warmth or cold: what works for me?").

Every body is different, so the guidance says to experiment. A fair experiment for one
person is an N-of-1 trial, and this module designs and analyses one the way the CONSORT
extension for N-of-1 trials asks such a trial to be planned and reported (CENT 2015:
Vohra et al., BMJ 2015;350:h1738; Shamseer et al., BMJ 2015;350:h1793):

- Two options are compared in one person, and the outcome is fixed before the first
  period: relief in a session (pain before minus pain after) or pain the next morning.
- The planned number of periods, their length (a day or a session) and any washout days
  between them are part of the design (CENT item 3a).
- Periods come in randomised blocks: each block holds one period of each option, in an
  order drawn at random (items 8a, 8b). The draw comes from a stored seed, so the schedule
  can be rebuilt and reported exactly.
- The analysis is fixed in advance (item 12a), runs on complete blocks only, and counts
  what it could not use: a missed period is recorded as missing and never filled in; a
  block with a missing period is left out of the paired analysis; an early stop is
  reported with the periods it cut short (items 13, 14b).

The analysis (see `analyse`):
- For each complete block, the difference in points in favour of option A (more relief,
  or less pain the next morning), so a positive number always means A did better.
- The mean difference with a 95% interval from Student's t over the complete blocks.
- The spread of the block differences comes from the experiment's own k-1 degrees of
  freedom, pooled with the person's baseline when there is one: how much their pain moved
  from day to day (or session to session) in the six weeks before the start, measured
  and stored when the experiment began (see experiment_baseline.py for how, its
  assumption, and its guards). Without a baseline it is the plain paired t interval.
- The probability that one option is better by at least the smallest difference that
  matters (1 point on the 0-10 scale unless the person chose another). It comes from the
  posterior of the mean difference under a flat prior for the mean and, for the spread,
  either the usual 1/sigma (no baseline) or the scaled inverse chi-square the baseline
  gives: a t distribution centred on the mean difference, scaled by its standard error,
  with the same degrees of freedom as the interval, so the two always agree (the 95%
  interval is also the 95% credible interval).
- An exact randomisation test: each block's order was a coin flip, so the p-value is the
  share of all 2^k flips of the blocks whose mean difference is at least as far from zero.
  It uses the experiment's data only, so it stays exact whatever the baseline says.

The verdict rule lives in experiment_verdict.py; bench/experiments.py checks by
simulation that it rarely names a winner when there is none.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from unknot.core import stats
from unknot.core.experiment_baseline import Baseline, Use, combine

OUTCOMES = ("session_relief", "next_morning_pain")
UNITS = ("day", "session")
OPTIONS = ("a", "b")
DEFAULT_BLOCKS = 6
MIN_BLOCKS = 3  # complete blocks before any comparison: fewer leave the interval meaningless
MAX_BLOCKS = 12  # 24 periods; the randomisation test then weighs 4096 patterns
MAX_WASHOUT_DAYS = 3
DEFAULT_SMALLEST_DIFFERENCE = 1.0
SMALLEST_DIFFERENCE_RANGE = (0.5, 5.0)
# Ratings are whole numbers, so a spread of block differences is never known to better than
# about half a point: six identical differences must not read as infinite certainty.
MIN_SPREAD = 0.5
LEVEL = 0.95


class DesignError(ValueError):
    """A design that cannot run; the message is one plain line."""


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Design:
    """What is compared, how it is measured and how the periods are laid out."""

    a: Option
    b: Option
    outcome: str = "session_relief"
    blocks: int = DEFAULT_BLOCKS
    unit: str = "day"
    washout_days: int = 0
    seed: int = 0
    smallest_difference: float = DEFAULT_SMALLEST_DIFFERENCE

    def __post_init__(self) -> None:
        check_design(self)

    @property
    def periods(self) -> int:
        return 2 * self.blocks

    @property
    def pair_gap_days(self) -> int:
        """Days between the two periods of a block (periods of a day): one, plus washout."""
        return 1 + self.washout_days

    @property
    def higher_is_better(self) -> bool:
        """More relief is better; more pain the next morning is worse."""
        return self.outcome == "session_relief"

    def label(self, option: str) -> str:
        return self.a.label if option == "a" else self.b.label

    def schedule(self) -> tuple[PlannedPeriod, ...]:
        return make_schedule(self.blocks, self.seed, self.unit, self.washout_days)


def check_design(design: Design) -> None:
    """Raise DesignError naming the first thing about the design that cannot work."""
    if design.a.id == design.b.id:
        raise DesignError("choose two different things to compare")
    if design.outcome not in OUTCOMES:
        raise DesignError(f"the outcome must be one of {', '.join(OUTCOMES)}")
    if design.unit not in UNITS:
        raise DesignError(f"a period is one of: {', '.join(UNITS)}")
    if design.outcome == "next_morning_pain" and design.unit != "day":
        raise DesignError("next-morning pain needs periods of a day")
    if not MIN_BLOCKS <= design.blocks <= MAX_BLOCKS:
        raise DesignError(f"use from {MIN_BLOCKS} to {MAX_BLOCKS} blocks")
    if not 0 <= design.washout_days <= MAX_WASHOUT_DAYS:
        raise DesignError(f"washout days go from 0 to {MAX_WASHOUT_DAYS}")
    if design.washout_days and design.unit != "day":
        raise DesignError("washout days need periods of a day")
    low, high = SMALLEST_DIFFERENCE_RANGE
    if not low <= design.smallest_difference <= high:
        raise DesignError(f"the smallest difference that matters goes from {low} to {high}")
    if not 0 <= design.seed < 2**63:
        raise DesignError("the seed is a whole number from 0")


# --- the schedule -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPeriod:
    """One period of the schedule. `number` counts periods in time order from 1."""

    number: int
    block: int
    position: int  # 1 or 2 within its block
    option: str  # "a" or "b"
    day_offset: int | None  # days after the start (periods of a day); None for sessions


def make_schedule(
    blocks: int, seed: int, unit: str = "day", washout_days: int = 0
) -> tuple[PlannedPeriod, ...]:
    """The periods, block by block, each block's order from one coin flip of the seed.

    random.Random(seed).random() gives the same numbers on every Python version and
    machine (shuffle and choice have changed their algorithms before), so a stored seed
    rebuilds the same schedule for as long as the experiment is kept.
    """
    coin = random.Random(seed)
    periods = []
    for block in range(1, blocks + 1):
        first = "a" if coin.random() < 0.5 else "b"
        for position, option in enumerate((first, "b" if first == "a" else "a"), 1):
            number = 2 * (block - 1) + position
            offset = (number - 1) * (1 + washout_days) if unit == "day" else None
            periods.append(PlannedPeriod(number, block, position, option, offset))
    return tuple(periods)


# --- progress: which periods are done, missed, due or still to come ----------------------------


class State(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"  # its outcome can be recorded now
    RECORDED = "recorded"
    MISSED = "missed"  # marked as missed, or its day passed with no outcome
    NOT_RUN = "not_run"  # left when the experiment was stopped early


@dataclass(frozen=True)
class Record:
    """What is stored about a period: its outcome, or that it was missed."""

    value: float | None = None
    is_missed: bool = False


def use_day(design: Design, period: PlannedPeriod, start: date) -> date | None:
    """The day to use the period's option (periods of a day)."""
    return None if period.day_offset is None else start + timedelta(days=period.day_offset)


def due_day(design: Design, period: PlannedPeriod, start: date) -> date | None:
    """The last day the period's outcome can be recorded: the same day for a session's relief,
    the next morning for next-morning pain. A day passed with nothing recorded is missed."""
    day = use_day(design, period, start)
    if day is None:
        return None
    return day + timedelta(days=1) if design.outcome == "next_morning_pain" else day


def states(
    design: Design,
    start: date,
    today: date,
    records: Mapping[int, Record],
    stopped_on: date | None = None,
) -> dict[int, State]:
    """Each period's state today (by period number), from what is stored. After an early
    stop (`stopped_on`), a period that had not passed by then was not run, rather than missed."""
    found: dict[int, State] = {}
    next_session_open = True
    for period in design.schedule():
        record = records.get(period.number, Record())
        if record.value is not None:
            found[period.number] = State.RECORDED
        elif record.is_missed:
            found[period.number] = State.MISSED
        elif design.unit == "day":
            found[period.number] = _day_state(design, period, start, today, stopped_on)
        elif stopped_on is not None:
            found[period.number] = State.NOT_RUN
        else:
            found[period.number] = State.DUE if next_session_open else State.UPCOMING
            next_session_open = False
    return found


def _day_state(
    design: Design, period: PlannedPeriod, start: date, today: date, stopped_on: date | None
) -> State:
    last, first = due_day(design, period, start), use_day(design, period, start)
    assert last is not None and first is not None
    if min(today, stopped_on or today) > last:
        return State.MISSED
    if stopped_on is not None:
        return State.NOT_RUN
    can_record_from = last if design.outcome == "next_morning_pain" else first
    return State.DUE if today >= can_record_from else State.UPCOMING


def is_over(found: Mapping[int, State]) -> bool:
    """Nothing is left to record: every period is recorded, missed or was stopped."""
    return all(s in (State.RECORDED, State.MISSED, State.NOT_RUN) for s in found.values())


@dataclass(frozen=True)
class Today:
    """What a person does today: `use` is the period whose option to use, `rate` the one
    whose outcome to record (the same period, except for next-morning pain)."""

    use: PlannedPeriod | None
    rate: PlannedPeriod | None
    upcoming: PlannedPeriod | None = None  # the next period still to come, if any


def today_plan(design: Design, start: date, today: date, found: Mapping[int, State]) -> Today:
    periods = design.schedule()
    upcoming = next((p for p in periods if found.get(p.number) == State.UPCOMING), None)
    if design.unit == "session":
        due = next((p for p in periods if found.get(p.number) == State.DUE), None)
        return Today(due, due, upcoming)
    use = next(
        (
            p
            for p in periods
            if use_day(design, p, start) == today
            and found.get(p.number) in (State.DUE, State.UPCOMING)
        ),
        None,
    )
    rate = next((p for p in periods if found.get(p.number) == State.DUE), None)
    return Today(use, rate, upcoming)


def last_day(design: Design, start: date) -> date | None:
    """The last day an outcome can be recorded (periods of a day)."""
    return due_day(design, design.schedule()[-1], start)


# --- the analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """The numbers the verdict reads; the comparison fields are None below MIN_BLOCKS."""

    periods_planned: int
    periods_recorded: int
    periods_missing: int
    periods_not_run: int
    complete_blocks: int
    incomplete_blocks: int  # blocks left out because a period is missing or was not run
    differences: tuple[float, ...]  # per complete block, in points in favour of A
    mean_a: float | None  # the mean outcome with each option, over every recorded period
    mean_b: float | None
    mean: float | None = None  # the mean difference, in points in favour of A
    low: float | None = None  # the 95% interval of the mean difference
    high: float | None = None
    spread: float | None = None  # the standard deviation of the block differences
    spread_used: float | None = None  # the spread the interval uses (pooled, or the own)
    df: int | None = None  # the degrees of freedom of the interval's t distribution
    own_low: float | None = None  # the 95% interval from the experiment's data alone
    own_high: float | None = None
    baseline: Baseline | None = None  # the journal's spread before the start, if measured
    baseline_use: Use = Use.NONE
    baseline_ratio: float | None = None  # the F-test: own variance over the baseline's
    baseline_limit: float | None = None  # the F above which the baseline is set aside
    prob_a: float | None = None  # P(A better by at least the smallest difference)
    prob_b: float | None = None  # P(B better by at least the smallest difference)
    p_value: float | None = None  # the exact randomisation test
    flips: int = 0  # how many block flips the test weighed (2^k)

    @property
    def has_comparison(self) -> bool:
        return self.mean is not None

    @property
    def leader(self) -> str | None:
        """The option ahead on average ("a" or "b"), or None when exactly level."""
        if self.mean is None or self.mean == 0:
            return None
        return "a" if self.mean > 0 else "b"

    @property
    def prob_leader(self) -> float | None:
        """The probability that the option ahead is better by at least the smallest difference."""
        if self.prob_a is None or self.prob_b is None:
            return None
        return self.prob_b if self.leader == "b" else self.prob_a

    def to_json(self) -> dict[str, object]:
        return {
            "periods_planned": self.periods_planned,
            "periods_recorded": self.periods_recorded,
            "periods_missing": self.periods_missing,
            "periods_not_run": self.periods_not_run,
            "complete_blocks": self.complete_blocks,
            "incomplete_blocks": self.incomplete_blocks,
            "differences": list(self.differences),
            "mean_a": self.mean_a,
            "mean_b": self.mean_b,
            "mean_difference": self.mean,
            "interval": [self.low, self.high] if self.low is not None else None,
            "spread": self.spread,
            "spread_used": self.spread_used,
            "degrees_of_freedom": self.df,
            "interval_without_baseline": (
                [self.own_low, self.own_high] if self.own_low is not None else None
            ),
            "baseline": self.baseline.to_json() if self.baseline else None,
            "baseline_use": self.baseline_use.value,
            "baseline_f": _finite(self.baseline_ratio),
            "baseline_f_limit": self.baseline_limit,
            "probability_a_better": self.prob_a,
            "probability_b_better": self.prob_b,
            "p_value": self.p_value,
            "flips": self.flips,
        }


def analyse(
    design: Design,
    values: Mapping[int, float],
    found: Mapping[int, State] | None = None,
    baseline: Baseline | None = None,
) -> Analysis:
    """The pre-specified analysis of the recorded outcomes (by period number).

    `found` (from `states`) tells missed periods from ones that were not run or are still
    to come; without it every period with no value counts as missing. `baseline` is the
    spread measured from the journal when the experiment started (None: none was).
    """
    periods = design.schedule()
    sign = 1.0 if design.higher_is_better else -1.0
    differences = []
    for block in range(1, design.blocks + 1):
        pair = {p.option: values.get(p.number) for p in periods if p.block == block}
        a, b = pair.get("a"), pair.get("b")
        if a is not None and b is not None:
            differences.append(sign * (a - b))
    not_run = sum(1 for s in (found or {}).values() if s == State.NOT_RUN)
    pending = sum(1 for s in (found or {}).values() if s in (State.DUE, State.UPCOMING))
    recorded = [p for p in periods if values.get(p.number) is not None]
    base = Analysis(
        periods_planned=design.periods,
        periods_recorded=len(recorded),
        periods_missing=design.periods - len(recorded) - not_run - pending,
        periods_not_run=not_run,
        complete_blocks=len(differences),
        incomplete_blocks=design.blocks - len(differences),
        differences=tuple(differences),
        mean_a=_mean([values[p.number] for p in recorded if p.option == "a"]),
        mean_b=_mean([values[p.number] for p in recorded if p.option == "b"]),
        baseline=baseline,
    )
    if len(differences) < MIN_BLOCKS:
        return base
    return _compare(base, differences, design.smallest_difference)


def _compare(base: Analysis, differences: Sequence[float], smallest: float) -> Analysis:
    k = len(differences)
    mean = math.fsum(differences) / k
    spread = math.sqrt(math.fsum((d - mean) ** 2 for d in differences) / (k - 1))
    used = combine(spread, k - 1, base.baseline)
    se = max(used.value, MIN_SPREAD) / math.sqrt(k)
    half = stats.t_quantile(0.5 + LEVEL / 2, used.df) * se
    own_half = stats.t_quantile(0.5 + LEVEL / 2, k - 1) * max(spread, MIN_SPREAD) / math.sqrt(k)
    return replace(
        base,
        mean=mean,
        low=mean - half,
        high=mean + half,
        spread=spread,
        spread_used=used.value,
        df=used.df,
        own_low=mean - own_half,
        own_high=mean + own_half,
        baseline_use=used.use,
        baseline_ratio=used.ratio,
        baseline_limit=used.limit,
        prob_a=1.0 - stats.t_cdf((smallest - mean) / se, used.df),
        prob_b=stats.t_cdf((-smallest - mean) / se, used.df),
        p_value=stats.randomisation_p(differences),
        flips=2**k,
    )


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: an F of infinity (a baseline with no spread at all) is null."""
    return value if value is not None and math.isfinite(value) else None


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None
