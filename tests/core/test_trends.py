"""Check-ins over time: the trend verdict and the daily series behind the chart."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from unknot.core.model import Trend
from unknot.core.trends import Reading, classify, daily_series

TODAY = date(2026, 11, 28)


def series(*pains, start_days_ago=None):
    start = TODAY - timedelta(days=start_days_ago if start_days_ago is not None else len(pains) - 1)
    return [Reading(start + timedelta(days=i), p) for i, p in enumerate(pains) if p is not None]


def test_falling_pain_over_two_weeks_is_clearly_better():
    verdict = classify(series(7, 7, 6, 7, 6, 6, 7, 5, 4, 4, 3, 3, 3, 2), TODAY)
    assert verdict.trend is Trend.BETTER and verdict.is_meaningful
    assert "better" in verdict.summary.lower()


def test_rising_pain_is_worse():
    assert classify(series(3, 3, 3, 4, 3, 3, 3, 5, 6, 6, 6, 7, 6, 6), TODAY).trend is Trend.WORSE


def test_a_half_point_wobble_is_the_same():
    verdict = classify(series(5, 5, 6, 5, 5, 6, 5, 5, 5, 6, 5, 5, 5, 5), TODAY)
    assert verdict.trend is Trend.SAME and not verdict.is_meaningful


def test_one_reading_is_not_enough():
    assert classify(series(5), TODAY).trend is None


def test_a_short_history_compares_the_first_days_with_the_rest():
    assert classify(series(7, 7, 5, 4, 4), TODAY).trend is Trend.BETTER


def test_no_recent_check_in_means_no_verdict():
    old = [Reading(TODAY - timedelta(days=20), 5), Reading(TODAY - timedelta(days=18), 5)]
    assert classify(old, TODAY).trend is None


def test_the_daily_series_averages_days_and_weeks():
    readings = [Reading(TODAY, 4), Reading(TODAY, 6), Reading(TODAY - timedelta(days=2), 2)]
    points = daily_series(readings, TODAY - timedelta(days=2), TODAY)
    assert [p.pain for p in points] == [2, None, 5]
    assert points[-1].avg7 == 4.0


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=40))
def test_the_verdict_always_has_words_and_a_consistent_sign(pairs):
    readings = [Reading(TODAY - timedelta(days=d), p) for d, p in pairs]
    verdict = classify(readings, TODAY)
    assert verdict.summary
    if verdict.trend is Trend.BETTER:
        assert verdict.change is not None and verdict.change < 0
    if verdict.trend is Trend.WORSE:
        assert verdict.change is not None and verdict.change > 0
