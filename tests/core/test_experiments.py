"""Personal experiments: the randomised schedule, the progress of its periods, the analysis
and the verdict, and a small seeded version of the honesty simulation in bench/."""

from __future__ import annotations

import importlib.util
import math
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core import stats
from unknot.core.experiment_verdict import Kind, decide, verdict
from unknot.core.experiments import (
    MIN_BLOCKS,
    Design,
    DesignError,
    Option,
    Record,
    State,
    analyse,
    is_over,
    make_schedule,
    states,
    today_plan,
)

WARMTH, COLD = Option("heat", "Warmth"), Option("cold", "Cold")
START = date(2026, 3, 2)
ROOT = Path(__file__).resolve().parents[2]


def design(**changes: object) -> Design:
    return Design(**{"a": WARMTH, "b": COLD, "seed": 7, **changes})  # type: ignore[arg-type]


def values_for(d: Design, a: list[float], b: list[float]) -> dict[int, float]:
    """Outcomes by period number, from each block's A and B value."""
    found = {}
    for p in d.schedule():
        found[p.number] = (a if p.option == "a" else b)[p.block - 1]
    return found


# --- the t distribution and the randomisation test ----------------------------------------


@pytest.mark.parametrize(
    ("df", "quantile"), [(1, 12.7062), (2, 4.3027), (5, 2.5706), (10, 2.2281), (30, 2.0423)]
)
def test_the_t_quantiles_match_the_published_table(df, quantile):
    assert stats.t_quantile(0.975, df) == pytest.approx(quantile, abs=1e-4)


def test_the_t_distribution_is_symmetric_and_centred():
    assert stats.t_cdf(0.0, 5) == pytest.approx(0.5)
    assert stats.t_cdf(-1.3, 7) == pytest.approx(1 - stats.t_cdf(1.3, 7))
    assert stats.t_cdf(2.015048, 5) == pytest.approx(0.95, abs=1e-6)


def test_six_blocks_all_one_way_give_the_smallest_possible_p_value():
    assert stats.randomisation_p([1, 2, 3, 1, 2, 2]) == pytest.approx(2 / 64)


def test_one_block_the_other_way_raises_the_p_value():
    # Flips reaching a total of at least 9 in absolute value: 7 of the 64 (and mirrors).
    assert stats.randomisation_p([1, -2, 3, 1, 2, 2]) == pytest.approx(14 / 64)


@given(st.lists(st.integers(-10, 10), min_size=1, max_size=10))
def test_the_randomisation_p_value_is_a_multiple_of_one_over_two_to_the_k(differences):
    p = stats.randomisation_p(differences)
    k = len(differences)
    assert 0 < p <= 1
    assert p * 2**k == pytest.approx(round(p * 2**k))


# --- the design and its schedule -----------------------------------------------------------


@given(st.integers(MIN_BLOCKS, 12), st.integers(0, 2**40), st.sampled_from(["day", "session"]))
def test_each_block_holds_each_option_once(blocks, seed, unit):
    schedule = make_schedule(blocks, seed, unit)
    assert len(schedule) == 2 * blocks
    for block in range(1, blocks + 1):
        pair = [p for p in schedule if p.block == block]
        assert sorted(p.option for p in pair) == ["a", "b"]
        assert [p.position for p in pair] == [1, 2]
    assert [p.number for p in schedule] == list(range(1, 2 * blocks + 1))


@given(st.integers(MIN_BLOCKS, 12), st.integers(0, 2**40))
def test_the_same_seed_gives_the_same_schedule(blocks, seed):
    assert make_schedule(blocks, seed) == make_schedule(blocks, seed)


def test_a_stored_seed_rebuilds_the_same_orders_on_any_machine():
    """Pinned: the orders seed 2026 gives. If this changes, stored experiments would show a
    schedule other than the one the person followed."""
    assert "".join(p.option for p in make_schedule(6, 2026)) == "abbababaabab"


def test_the_order_within_blocks_varies_between_seeds():
    seen = {tuple(p.option for p in make_schedule(6, seed)) for seed in range(40)}
    assert len(seen) > 20


def test_washout_days_space_the_periods_out():
    schedule = make_schedule(3, 1, "day", washout_days=1)
    assert [p.day_offset for p in schedule] == [0, 2, 4, 6, 8, 10]
    assert all(p.day_offset is None for p in make_schedule(3, 1, "session"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"b": Option("heat", "Warmth again")}, "two different things"),
        ({"outcome": "mood"}, "outcome"),
        ({"blocks": 2}, "from 3 to 12 blocks"),
        ({"blocks": 13}, "from 3 to 12 blocks"),
        ({"washout_days": 4}, "washout"),
        ({"unit": "session", "washout_days": 1}, "washout days need periods of a day"),
        ({"unit": "session", "outcome": "next_morning_pain"}, "next-morning pain needs"),
        ({"smallest_difference": 0.1}, "smallest difference"),
    ],
)
def test_a_design_that_cannot_work_is_refused_with_a_plain_reason(changes, message):
    with pytest.raises(DesignError, match=message):
        design(**changes)


# --- progress ------------------------------------------------------------------------------


def test_a_day_that_passed_with_nothing_recorded_is_missed():
    d = design()
    found = states(d, START, START + timedelta(days=2), {1: Record(3.0)})
    assert found[1] == State.RECORDED
    assert found[2] == State.MISSED  # day 2 passed with nothing
    assert found[3] == State.DUE  # today
    assert found[4] == State.UPCOMING


def test_a_period_marked_missed_stays_missed_and_is_never_given_a_value():
    d = design()
    found = states(d, START, START, {1: Record(is_missed=True)})
    assert found[1] == State.MISSED
    result = analyse(d, {}, found)
    assert result.periods_missing == 1 and result.periods_recorded == 0


def test_next_morning_pain_is_rated_the_morning_after():
    d = design(outcome="next_morning_pain")
    day_two = START + timedelta(days=1)
    found = states(d, START, day_two, {})
    assert found[1] == State.DUE  # used yesterday, rated this morning
    plan = today_plan(d, START, day_two, found)
    assert plan.rate is not None and plan.rate.number == 1
    assert plan.use is not None and plan.use.number == 2
    assert states(d, START, START + timedelta(days=2), {})[1] == State.MISSED


def test_sessions_are_done_one_after_another_and_never_miss_by_the_calendar():
    d = design(unit="session")
    found = states(d, START, START + timedelta(days=30), {1: Record(2.0)})
    assert found[2] == State.DUE
    assert all(found[n] == State.UPCOMING for n in range(3, 13))
    plan = today_plan(d, START, START, found)
    assert plan.use == plan.rate and plan.use is not None and plan.use.number == 2


def test_an_early_stop_leaves_the_rest_not_run_rather_than_missed():
    d = design()
    stop = START + timedelta(days=3)
    records = {n: Record(2.0) for n in (1, 2, 3)}
    later = states(d, START, START + timedelta(days=40), records, stopped_on=stop)
    assert later[4] == State.NOT_RUN  # today when it stopped: not run
    assert later[12] == State.NOT_RUN
    assert is_over(later)
    found_before_stop = states(d, START, stop, records)
    assert not is_over(found_before_stop)


def test_the_experiment_is_over_once_every_day_has_passed():
    d = design()
    assert not is_over(states(d, START, START + timedelta(days=11), {}))
    assert is_over(states(d, START, START + timedelta(days=12), {}))


# --- the analysis -------------------------------------------------------------------------

RELIEF_A = [4, 3, 5, 4, 3, 4]
RELIEF_B = [2, 2, 3, 1, 2, 2]  # differences 2, 1, 2, 3, 1, 2: mean 11/6


def test_the_mean_difference_and_its_interval_are_the_paired_t_ones():
    d = design()
    result = analyse(d, values_for(d, RELIEF_A, RELIEF_B))
    diffs = [2, 1, 2, 3, 1, 2]
    mean = sum(diffs) / 6
    sd = math.sqrt(sum((x - mean) ** 2 for x in diffs) / 5)
    half = 2.570582 * sd / math.sqrt(6)
    assert result.mean == pytest.approx(mean)
    assert (result.low, result.high) == pytest.approx((mean - half, mean + half), abs=1e-5)
    assert result.p_value == pytest.approx(2 / 64)
    assert result.flips == 64
    assert result.prob_a == pytest.approx(1 - stats.t_cdf((1 - mean) / (sd / math.sqrt(6)), 5))
    assert result.mean_a == pytest.approx(23 / 6) and result.mean_b == pytest.approx(2)


def test_lower_next_morning_pain_counts_in_favour_of_the_option():
    d = design(outcome="next_morning_pain")
    result = analyse(d, values_for(d, [3, 3, 2, 3, 3, 2], [5, 5, 4, 6, 5, 4]))
    assert result.mean is not None and result.mean > 0
    assert result.leader == "a"


def test_a_block_with_a_missing_period_is_left_out_and_counted():
    d = design()
    values = values_for(d, RELIEF_A, RELIEF_B)
    gone = next(p.number for p in d.schedule() if p.block == 2 and p.option == "b")
    del values[gone]
    result = analyse(d, values)
    assert result.complete_blocks == 5 and result.incomplete_blocks == 1
    assert result.periods_recorded == 11 and result.periods_missing == 1
    assert result.differences == (2, 2, 3, 1, 2)
    assert result.mean_a == pytest.approx(23 / 6)  # its other period still counts for the means


def test_below_three_complete_blocks_there_is_no_comparison():
    d = design()
    values = {p.number: 3.0 for p in d.schedule() if p.block <= 2}
    result = analyse(d, values)
    assert not result.has_comparison and result.p_value is None


def test_identical_differences_do_not_read_as_infinite_certainty():
    d = design()
    result = analyse(d, values_for(d, [3] * 6, [2] * 6))
    assert result.low is not None and result.high is not None
    assert 0 < result.low < 1 < result.high


block_values = st.lists(st.integers(-3, 10), min_size=6, max_size=6)


@settings(max_examples=60)
@given(block_values, block_values, st.integers(0, 2**31))
def test_swapping_the_labels_flips_the_sign_and_nothing_else(a, b, seed):
    d = design(seed=seed)
    # The same periods and outcomes, with the options' names swapped: what was A is now B.
    one, other = analyse(d, values_for(d, a, b)), analyse(d, values_for(d, b, a))
    assert other.mean == pytest.approx(-one.mean)  # type: ignore[operator]
    assert other.low == pytest.approx(-one.high)  # type: ignore[operator]
    assert other.prob_a == pytest.approx(one.prob_b)
    assert other.p_value == pytest.approx(one.p_value)
    kind, winner = decide(one, 1.0)
    assert decide(other, 1.0) == (kind, {"a": "b", "b": "a"}.get(winner or ""))


# --- the verdict --------------------------------------------------------------------------


def test_a_clear_strong_difference_names_the_winner():
    d = design()
    result = analyse(d, values_for(d, RELIEF_A, RELIEF_B))
    said = verdict(d, result, is_over=True)
    assert said.kind == Kind.WINNER and said.winner == "a"
    assert said.headline == "Warmth helped you more"
    assert "warmth eased your pain by about 1.8 points more per session than cold" in said.text
    assert "95% interval" in said.text


def test_an_interval_that_includes_no_difference_never_names_a_winner():
    d = design()
    result = analyse(d, values_for(d, [4, 2, 5, 1, 3, 4], [2, 3, 3, 2, 3, 2]))
    said = verdict(d, result, is_over=True)
    assert result.low is not None and result.low < 0 < (result.high or 0)
    assert said.kind == Kind.NO_CLEAR_DIFFERENCE and said.winner is None
    assert said.headline == "No clear difference yet"


def test_a_real_but_small_difference_is_called_small():
    d = design(smallest_difference=2.0)
    said = verdict(d, analyse(d, values_for(d, RELIEF_A, RELIEF_B)), is_over=True)
    assert said.kind == Kind.TOO_SMALL and said.winner is None
    assert "less than the 2 points you said matters" in said.text


def test_a_tight_interval_around_zero_says_both_work_the_same():
    d = design(blocks=12, smallest_difference=2.0)
    a = [3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 3]
    b = [3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4]
    said = verdict(d, analyse(d, values_for(d, a, b)), is_over=True)
    assert said.kind == Kind.SIMILAR
    assert said.headline == "Both worked about the same for you"


def test_too_few_pairs_say_how_many_more_periods_are_needed():
    d = design()
    values = values_for(d, RELIEF_A, RELIEF_B)
    for p in d.schedule():
        if p.block > 2:
            values.pop(p.number)
    said = verdict(d, analyse(d, values), is_over=True)
    assert said.kind == Kind.NOT_ENOUGH_DATA
    assert said.more_periods == 2
    assert "2 more periods" in said.text
    assert any("8 periods were missed" in n for n in said.notes)


def test_a_running_experiment_shows_progress_but_not_the_comparison():
    d = design()
    result = analyse(d, values_for(d, RELIEF_A, RELIEF_B))
    said = verdict(d, result, is_over=False)
    assert said.kind == Kind.RUNNING and said.winner is None
    assert "12 of 12" in said.text and "Warmth" not in said.text


def test_periods_still_to_come_are_not_counted_as_missed():
    d = design()
    found = states(d, START, START + timedelta(days=1), {1: Record(3.0)})
    result = analyse(d, {1: 3.0}, found)
    assert result.periods_missing == 0 and result.periods_recorded == 1
    assert verdict(d, result, is_over=False).notes == ()


def test_an_early_stop_and_a_missed_period_are_reported():
    d = design()
    values = {
        p.number: (RELIEF_A if p.option == "a" else RELIEF_B)[p.block - 1]
        for p in d.schedule()
        if p.block <= 4
    }
    gone = next(p.number for p in d.schedule() if p.block == 1)
    del values[gone]
    found = {p.number: State.RECORDED for p in d.schedule() if p.number in values}
    found |= {gone: State.MISSED}
    found |= {p.number: State.NOT_RUN for p in d.schedule() if p.block > 4}
    said = verdict(d, analyse(d, values, found), is_over=True, stopped_early=True)
    text = " ".join(said.notes)
    assert "stopped the experiment early: 4 periods of the plan did not run" in text
    assert "1 period was missed" in text
    assert "uses 6 of the 12 planned periods" in text


# --- honesty, by simulation (a small seeded version of bench/experiments.py) ----------------


def _bench():
    path = ROOT / "bench" / "experiments.py"
    spec = importlib.util.spec_from_file_location("bench_experiments", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def _allowance(trials: int) -> float:
    """Two standard errors of a rate near 5% over `trials` simulated experiments: the bench's
    10,000 trials pin the rate down; a small seeded run can only check it roughly."""
    return 2 * math.sqrt(0.05 * 0.95 / trials)


def test_with_no_true_difference_a_winner_is_named_in_at_most_five_percent():
    rates = _bench().simulate(2000, effect=0.0, seed=11)
    assert rates.winner <= 0.05 + _allowance(2000)  # with the baseline, as the app runs
    assert rates.own_winner <= 0.05 + _allowance(2000)  # the plain t interval
    # The F-test at 5% drops a matching baseline about one time in twenty, and no more.
    assert rates.set_aside <= 0.05 + _allowance(2000)


def test_with_a_true_two_point_difference_and_a_baseline_six_blocks_find_the_right_winner():
    rates = _bench().simulate(1500, effect=2.0, seed=12)
    assert rates.right >= 0.80
    assert rates.winner - rates.right < 0.01  # the wrong option is (almost) never named


def test_without_a_baseline_six_blocks_find_the_right_winner_about_seven_times_in_ten():
    """Below the issue's 80%: no honest test of six pairs alone gets there at this spread."""
    rates = _bench().simulate(1500, effect=2.0, seed=13)
    assert 0.65 <= rates.own_right <= 0.78
    assert rates.right - rates.own_right >= 0.05  # what the baseline adds


def test_a_flare_in_the_baseline_only_makes_the_verdict_more_cautious():
    bench = _bench()
    flare = bench.simulate(1500, effect=2.0, person=bench.Person(flare=True), seed=14)
    calm = bench.simulate(1500, effect=2.0, seed=14)
    assert flare.right < calm.right
    assert flare.set_aside <= calm.set_aside  # a bumpier baseline is set aside less, not more
    null = bench.simulate(1500, effect=0.0, person=bench.Person(flare=True), seed=15)
    assert null.winner <= null.own_winner + _allowance(1500)


def test_a_far_calmer_baseline_is_set_aside_by_the_f_test():
    bench = _bench()
    rates = bench.simulate(1500, effect=0.0, person=bench.Person(calm=0.25), seed=16)
    assert rates.set_aside >= 0.6


def test_a_moderately_calmer_baseline_is_the_known_weak_spot():
    """Pinned so that it stays said: when the experiment varies about twice as much as the
    baseline, its five degrees of freedom rarely show it, and false winners rise above 5%
    (the smallest difference that matters still caps them near 10%). See the bench."""
    bench = _bench()
    rates = bench.simulate(2000, effect=0.0, person=bench.Person(calm=0.5), seed=17)
    assert rates.set_aside < 0.6
    assert 0.05 < rates.winner <= 0.12
