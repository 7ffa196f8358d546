"""The baseline from the journal: how it is measured before an experiment, how it is pooled
into the analysis, and the guards that keep it from making the analysis overconfident."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core import stats
from unknot.core.experiment_baseline import (
    CHECK_LEVEL,
    MAX_PAIRS,
    MIN_PAIRS,
    WINDOW_DAYS,
    Baseline,
    Use,
    combine,
    from_days,
    from_sessions,
    narrowest_ratio,
    window,
)
from unknot.core.experiments import Design, Option, analyse

START = date(2026, 3, 2)
WARMTH, COLD = Option("heat", "Warmth"), Option("cold", "Cold")


def days_before(pains: list[float]) -> dict[date, float]:
    """Pains on the days just before the start, the last one the day before."""
    return {START - timedelta(days=len(pains) - i): p for i, p in enumerate(pains)}


def baseline(spread: float, pairs: int = 10) -> Baseline:
    return Baseline("checkins", spread, pairs, 2 * pairs, START - timedelta(days=21), START)


def experiment(differences: list[int], base: Baseline | None, **changes: object):
    """The analysis of six blocks whose differences (in favour of A) are `differences`."""
    design = Design(**{"a": WARMTH, "b": COLD, "seed": 7, **changes})  # type: ignore[arg-type]
    values = {}
    for p in design.schedule():
        d = differences[p.block - 1]
        values[p.number] = float(3 + d) if p.option == "a" else 3.0
    return analyse(design, values, baseline=base)


# --- the F distribution ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "d1", "d2", "table"),
    [(0.99, 5, 10, 5.6363), (0.99, 5, 14, 4.6950), (0.95, 5, 10, 3.3258), (0.99, 2, 14, 6.5149)],
)
def test_the_f_quantiles_match_the_published_table(p, d1, d2, table):
    assert stats.f_quantile(p, d1, d2) == pytest.approx(table, abs=1e-3)
    assert stats.f_cdf(table, d1, d2) == pytest.approx(p, abs=1e-4)


# --- measuring it -----------------------------------------------------------------------


def test_neighbouring_days_are_paired_from_the_most_recent_back_each_day_once():
    found = from_days(days_before([4, 5, 4, 6, 5, 5, 3, 4, 6, 4, 5, 5]), START)
    assert found is not None
    assert found.pairs == 6 and found.count == 12
    # The pairs' differences: 0, 2, -1, 0, -2, 1 (later minus earlier).
    assert found.spread == pytest.approx(math.sqrt(10 / 6))
    assert (found.first, found.last) == (START - timedelta(days=12), START - timedelta(days=1))


def test_a_missing_day_breaks_only_its_own_pair():
    pains = days_before([4, 5, 4, 6, 5, 5, 3, 4, 6, 4, 5, 5])
    del pains[START - timedelta(days=3)]
    found = from_days(pains, START)
    assert found is not None and found.pairs == 5


def test_too_few_pairs_give_no_baseline():
    assert from_days(days_before([4, 5] * (MIN_PAIRS - 1)), START) is None
    assert from_days(days_before([4, 5] * MIN_PAIRS), START) is not None
    every_other_day = {START - timedelta(days=2 * i): 4.0 for i in range(1, 20)}
    assert from_days(every_other_day, START) is None  # no two neighbouring days


def test_only_the_six_weeks_before_the_start_count_and_never_the_start_itself():
    low, high = window(START)
    assert (START - low).days == WINDOW_DAYS and high == START - timedelta(days=1)
    old = {START - timedelta(days=WINDOW_DAYS + 1 + i): float(i % 5) for i in range(30)}
    assert from_days(old | {START: 9.0, START + timedelta(days=1): 0.0}, START) is None


def test_the_baseline_never_counts_for_more_than_fourteen_pairs():
    older, recent = [0, 10] * 7, [4, 5] * 14  # six weeks: the last four weeks are calm
    found = from_days(days_before(older + recent), START)
    assert found is not None and found.pairs == MAX_PAIRS == 14
    assert found.spread == pytest.approx(1.0)  # the most recent pairs are the ones used
    assert found.count == WINDOW_DAYS
    assert found.first == START - timedelta(days=WINDOW_DAYS)  # the days looked at


def test_with_washout_days_the_days_are_paired_as_far_apart_as_the_periods():
    pains = days_before([4, 0, 6, 0, 5, 0, 4, 0, 6, 0, 5, 0, 4, 0])
    apart = from_days(pains, START, lag=2)
    assert apart is not None and apart.pairs == 6  # 4-6, 5-4, 6-5, ... : the zeros pair too
    neighbours = from_days(pains, START, lag=1)
    assert neighbours is not None and neighbours.spread > apart.spread


def test_a_steady_trend_barely_counts_as_noise():
    """A point of improvement over three weeks, and nothing else: each pair's difference is
    the trend's 0.05 points, so the spread is 0.05, not the spread of the pains (0.3)."""
    found = from_days(days_before([5 - 0.05 * i for i in range(21)]), START)
    assert found is not None and found.spread == pytest.approx(0.05)


def test_a_flare_makes_the_baseline_bumpier_not_calmer():
    """Within a pair the flare's level cancels; a pair across its start or end gets the
    jump, and a jump only adds to a spread measured around zero."""
    steady = from_days(days_before([4, 5] * 10), START)
    flare = from_days(days_before([4, 5] * 4 + [4, 8, 8, 9, 8, 5] + [4, 5] * 3), START)
    assert steady is not None and flare is not None
    assert steady.spread == pytest.approx(1.0)
    assert flare.spread == pytest.approx(math.sqrt((7 + 16 + 1 + 9) / 10))


def test_sessions_are_paired_with_the_session_before():
    day = START - timedelta(days=10)
    reliefs = [(day, 2.0), (day, 3.0), (day, 1.0), (day, 3.0), (day, 2.0), (day, 2.0)]
    reliefs += [(day, 4.0), (day, 2.0), (day, 3.0), (day, 3.0), (day, 1.0)]
    found = from_sessions(reliefs, START)
    assert found is not None and found.pairs == 5 and found.count == 11
    # From the last back: 3 then 1, 2 then 3, 2 then 4, 3 then 2, 3 then 1; the first
    # session has no partner left.
    assert found.spread == pytest.approx(math.sqrt((4 + 1 + 4 + 1 + 4) / 5))


# --- pooling it ---------------------------------------------------------------------------


def test_without_a_baseline_the_plain_t_interval_is_used():
    result = experiment([2, 1, 2, 3, 1, 2], None)
    assert result.baseline_use == Use.NONE and result.df == 5
    assert (result.low, result.high) == (result.own_low, result.own_high)


def test_a_matching_baseline_is_pooled_with_the_degrees_of_freedom_of_both():
    differences = [2, 1, 2, 3, 1, 2]
    result = experiment(differences, baseline(0.8, pairs=10))
    own = result.spread or 0.0
    pooled = math.sqrt((5 * own**2 + 10 * 0.8**2) / 15)
    assert result.baseline_use == Use.POOLED and result.df == 15
    assert result.spread_used == pytest.approx(pooled)
    half = stats.t_quantile(0.975, 15) * pooled / math.sqrt(6)
    assert (result.low, result.high) == pytest.approx((11 / 6 - half, 11 / 6 + half))
    se = pooled / math.sqrt(6)
    assert result.prob_a == pytest.approx(1 - stats.t_cdf((1 - 11 / 6) / se, 15))
    assert result.p_value == experiment(differences, None).p_value == pytest.approx(2 / 64)


def test_an_experiment_much_noisier_than_its_baseline_sets_the_baseline_aside():
    result = experiment([4, -1, 5, 0, 3, -2], baseline(0.5))
    assert result.baseline_use == Use.SET_ASIDE
    assert result.baseline_ratio is not None and result.baseline_limit is not None
    assert result.baseline_ratio > result.baseline_limit
    assert (result.df, result.low, result.high) == (5, result.own_low, result.own_high)


def test_a_baseline_with_no_spread_at_all_is_set_aside_and_said_as_null_in_json():
    result = experiment([2, 1, 2, 3, 1, 2], baseline(0.0))
    assert result.baseline_use == Use.SET_ASIDE
    assert result.to_json()["baseline_f"] is None


def test_a_bumpier_baseline_widens_the_interval():
    result = experiment([2, 2, 2, 2, 3, 1], baseline(2.5))
    assert result.baseline_use == Use.POOLED
    assert (result.high or 0) - (result.low or 0) > (result.own_high or 0) - (result.own_low or 0)


differences = st.lists(st.integers(-6, 6), min_size=6, max_size=6)
spreads = st.floats(0.0, 5.0, allow_nan=False)


@settings(max_examples=150)
@given(differences, spreads, st.integers(MIN_PAIRS, MAX_PAIRS))
def test_the_pooled_interval_never_shrinks_more_than_the_baselines_evidence_allows(d, s, n):
    """However calm the baseline, it brings at most `n` pairs and must pass the F-test, so the
    interval keeps at least `narrowest_ratio` of the width the experiment alone gives."""
    result = experiment(d, baseline(s, pairs=n))
    width = (result.high or 0) - (result.low or 0)
    own = (result.own_high or 0) - (result.own_low or 0)
    assert width >= narrowest_ratio(5, n) * own - 1e-9


def test_with_six_blocks_the_baseline_narrows_the_interval_by_less_than_half():
    ratios = [narrowest_ratio(5, n) for n in range(MIN_PAIRS, MAX_PAIRS + 1)]
    assert min(ratios) == pytest.approx(0.583, abs=0.001)  # 14 pairs: about 40% narrower


@settings(max_examples=150)
@given(differences, spreads, spreads, st.integers(MIN_PAIRS, MAX_PAIRS))
def test_a_larger_baseline_spread_never_narrows_a_pooled_interval(d, s1, s2, n):
    """Once a baseline is pooled, a bumpier one is pooled too, and widens the interval. (A
    baseline calm enough to be set aside gives the experiment's own interval, which a
    bumpier baseline that passes the F-test can narrow: that is the F-test's switch.)"""
    calm, bumpy = sorted((s1, s2))
    narrow = experiment(d, baseline(calm, pairs=n))
    wide = experiment(d, baseline(bumpy, pairs=n))
    if narrow.baseline_use == Use.POOLED:
        assert wide.baseline_use == Use.POOLED
        width = (wide.high or 0) - (wide.low or 0)
        assert width >= (narrow.high or 0) - (narrow.low or 0) - 1e-9


@settings(max_examples=60)
@given(differences, spreads)
def test_the_randomisation_test_never_uses_the_baseline(d, s):
    assert experiment(d, baseline(s)).p_value == experiment(d, None).p_value


def test_combine_reports_the_f_test_it_made():
    used = combine(1.5, 5, baseline(1.0, pairs=10))
    assert used.use == Use.POOLED and used.ratio == pytest.approx(2.25)
    assert used.limit == pytest.approx(stats.f_quantile(1 - CHECK_LEVEL, 5, 10))
    assert CHECK_LEVEL == 0.05 and used.limit == pytest.approx(3.3258, abs=1e-3)
    assert combine(2.0, 5, baseline(1.0, pairs=10)).use == Use.SET_ASIDE  # F = 4 > 3.33
    assert combine(2.0, 5, None).use == Use.NONE
