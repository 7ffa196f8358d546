"""Insights: habits paired with the next day's pain, and honest statistics (pure)."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from unknot.core import insights
from unknot.core.insights import BY_KEY, MIN_DAYS

START = date(2026, 3, 2)
STRESS, SLEEP = BY_KEY["stress"], BY_KEY["sleep_hours"]


def days(values: list[float], start: date = START) -> dict[date, float]:
    return {start + timedelta(days=i): v for i, v in enumerate(values)}


def test_a_days_habit_goes_with_the_next_days_pain_and_a_night_with_the_day_after_it():
    habit = days([1, 2, 3])
    pain = days([10, 20, 30, 40])
    assert insights.pairs(habit, pain, lag_days=1) == [(1, 20), (2, 30), (3, 40)]
    assert insights.pairs(habit, pain, lag_days=0) == [(1, 10), (2, 20), (3, 30)]


def test_days_without_pain_the_next_day_are_left_out():
    habit = days([5, 6, 7, 8])
    pain = {START + timedelta(days=2): 3.0}  # only the day after the second day
    assert insights.pairs(habit, pain) == [(6, 3.0)]


def test_under_fourteen_days_it_says_so_and_nothing_more():
    found = insights.associate(STRESS, days(list(range(13))), days([0, *range(13)]))
    assert not found.is_enough and found.days == 13
    assert found.r is None and found.split is None
    assert insights.describe(found).startswith("Not enough days yet: 13 of the 14 days")


def test_stress_that_goes_with_next_day_pain_is_a_strong_positive_link():
    stress = [2, 7, 3, 8, 2, 6, 3, 8, 1, 7, 2, 9, 3, 6, 2, 8]
    pain = [0] + [2 + s * 0.5 for s in stress]  # pain follows the day before's stress
    found = insights.associate(STRESS, days(stress), days(pain))
    assert found.is_enough and found.days == len(stress)
    assert found.r == pytest.approx(1.0)
    assert found.strength == "strong" and not found.could_be_chance
    assert found.split.pain_high > found.split.pain_low
    text = insights.describe(found)
    assert "a strong link, more stress going with more pain" in text
    assert f"over {len(stress)} days" in text


def test_unrelated_habits_give_no_clear_link_and_say_it_could_be_chance():
    sleep = [7, 6, 8, 7, 6, 8, 7, 6, 8, 7, 6, 8, 7, 6]
    pain = [3, 3, 3, 5, 5, 5, 3, 3, 3, 5, 5, 5, 4, 4]
    found = insights.associate(SLEEP, days(sleep), days(pain))
    assert found.is_enough
    assert found.could_be_chance


def test_a_habit_that_never_changed_has_nothing_to_compare():
    found = insights.associate(STRESS, days([4] * 20), days([0, *range(20)]))
    assert found.is_enough and found.r is None and found.split is None
    assert "barely changed" in insights.describe(found)


def test_the_split_puts_median_days_with_the_high_side_when_most_days_sit_there():
    split = insights.split([(3, 1.0), (3, 2.0), (3, 3.0), (1, 9.0)])
    assert split is not None and split.is_at_high
    assert (split.high_days, split.low_days) == (3, 1)
    assert split.threshold == "at least 3"


def test_every_habit_is_reported_even_without_data_and_units_can_change():
    found = insights.insights({}, {}, units={"water": "litres"})
    assert [a.habit.key for a in found] == ["breaks", "sleep_hours", "stress", "water"]
    assert all(a.days == 0 and not a.is_enough for a in found)
    assert found[-1].habit.unit == "litres"


values = st.floats(min_value=0, max_value=24, allow_nan=False).map(lambda v: round(v, 1))
pains = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda v: round(v, 2))
series = st.integers(MIN_DAYS, 40).flatmap(
    lambda n: st.tuples(
        st.lists(values, min_size=n, max_size=n), st.lists(pains, min_size=n + 1, max_size=n + 1)
    )
)


@given(series, st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_adding_a_constant_to_pain_changes_nothing_about_the_association(data, shift):
    habit, pain = data
    before = insights.associate(STRESS, days(habit), days(pain))
    after = insights.associate(STRESS, days(habit), days([p + shift for p in pain]))
    assert after.days == before.days
    assert (after.r is None) == (before.r is None)
    if before.r is not None:
        assert after.r == pytest.approx(before.r, abs=1e-6)
    if before.split is not None:
        assert after.split.difference == pytest.approx(before.split.difference, abs=1e-6)


@given(series, st.floats(min_value=0.1, max_value=100, allow_nan=False))
def test_measuring_a_habit_in_other_units_changes_nothing_about_r(data, factor):
    habit, pain = data
    before = insights.associate(STRESS, days(habit), days(pain))
    after = insights.associate(STRESS, days([h * factor for h in habit]), days(pain))
    assume(before.r is not None and after.r is not None)
    assert after.r == pytest.approx(before.r, abs=1e-6)


@given(series)
def test_r_and_its_interval_lie_between_minus_one_and_one(data):
    habit, pain = data
    found = insights.associate(STRESS, days(habit), days(pain))
    if found.r is not None:
        assert -1 <= found.r_low <= found.r <= found.r_high <= 1


@given(st.integers(0, MIN_DAYS - 1))
def test_too_few_days_is_always_not_enough_data(n):
    found = insights.associate(STRESS, days([float(i) for i in range(n)]), days([1.0] * (n + 1)))
    assert not found.is_enough and found.r is None
    assert "Not enough days yet" in insights.describe(found)
