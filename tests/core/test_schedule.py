"""The break scheduler: properties that hold for any settings, and the everyday examples.

Whole days are stepped through with simulate_day (or a small loop that answers each
break with an outcome hypothesis draws), so each property is checked on every break of
the day rather than on one call.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from breaks_fixture import MOVEMENTS, fixture_kb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.core.schedule import (
    BreakConfig,
    BreakKind,
    BreakState,
    Feeling,
    NextBreak,
    Outcome,
    Span,
    Taken,
    came_back,
    next_break,
    next_due,
    record,
    simulate_day,
    summarize_day,
    went_idle,
)
from unknot.core.variety import Focus, build_focus

KB = fixture_kb()
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SHOULDER_KNOT = build_focus([("shoulder_top", "upper_trapezius")], {}, [], KB)
# Regions some movement-kind fixture movement helps (what a knot's rotation can reach).
REACHABLE = sorted({r for m in MOVEMENTS if m.break_kind == "movement" for r in m.regions})


def at(day: datetime, hh: int, mm: int = 0) -> datetime:
    return day.replace(hour=hh, minute=mm, second=0, microsecond=0)


def taken(upcoming: NextBreak, outcome: Outcome = Outcome.DONE) -> Taken:
    ids = tuple(m.id for m in upcoming.movements)
    return Taken(upcoming.at, upcoming.kind, outcome, ids, upcoming.seconds)


# --- strategies ----------------------------------------------------------------------------------


@st.composite
def spans(draw: st.DrawFn) -> tuple[Span, ...]:
    """Zero to three ordered, non-overlapping spans on a day, on quarter hours."""
    marks = sorted(draw(st.sets(st.integers(0, 95), min_size=0, max_size=6)))
    if len(marks) % 2:
        marks = marks[:-1]
    quarter = [time(m // 4, (m % 4) * 15) for m in marks]
    return tuple(Span(a, b) for a, b in zip(quarter[::2], quarter[1::2], strict=True))


@st.composite
def configs(draw: st.DrawFn) -> BreakConfig:
    micro = draw(st.integers(10, 60))
    micro_min = draw(st.integers(20, 60))
    long_min = draw(st.integers(60, 300))
    return BreakConfig(
        micro_every_min=micro,
        micro_min_s=micro_min,
        micro_max_s=draw(st.integers(micro_min, 120)),
        long_every_min=draw(st.integers(micro + 1, 240)),
        long_min_s=long_min,
        long_max_s=draw(st.integers(long_min, 600)),
        hours=tuple(draw(spans()) for _ in range(7)),
        min_gap_min=draw(st.integers(1, 60)),
        postpone_min=draw(st.integers(1, 30)),
        max_postpones=draw(st.integers(0, 5)),
    )


days = st.dates(date(2026, 1, 1), date(2027, 12, 31)).map(
    lambda d: datetime.combine(d, time(0), tzinfo=UTC)
)
outcomes = st.sampled_from([Outcome.DONE, Outcome.SKIPPED, Outcome.POSTPONED, Outcome.UNANSWERED])
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_day(config, day, data, focus=None, state=None):
    """Step through a day answering each break with a drawn outcome; returns (break, outcome)."""
    state = state or BreakState()
    now, end, seen = day, day + timedelta(days=1), []
    while len(seen) < 200:
        upcoming = next_break(config, state, now, KB, focus)
        if upcoming is None or upcoming.at >= end:
            break
        outcome = data.draw(outcomes) if upcoming.can_postpone else Outcome.DONE
        seen.append((upcoming, outcome))
        state = record(state, taken(upcoming, outcome))
        now = upcoming.at + timedelta(seconds=upcoming.seconds)
    return seen


# --- properties ----------------------------------------------------------------------------------


@PROPERTY
@given(configs(), days, st.data())
def test_two_breaks_are_never_closer_than_the_minimum_gap(config, day, data):
    seen = run_day(config, day, data)
    passed = [b for b, outcome in seen if outcome != Outcome.POSTPONED]
    gap = timedelta(minutes=config.min_gap_min)
    for first, second in itertools.pairwise(passed):
        assert second.at - (first.at + timedelta(seconds=first.seconds)) >= gap


@PROPERTY
@given(configs(), days, st.data())
def test_no_break_is_ever_outside_working_hours(config, day, data):
    for upcoming, _ in run_day(config, day, data):
        spans_today = config.hours[upcoming.at.weekday()]
        start, end = upcoming.at.time(), (upcoming.at + timedelta(seconds=upcoming.seconds)).time()
        assert upcoming.at.date() == (upcoming.at + timedelta(seconds=upcoming.seconds)).date()
        assert any(s.start <= start and end <= s.end for s in spans_today), (
            upcoming.at,
            spans_today,
        )


@PROPERTY
@given(configs(), days, st.data())
def test_the_same_movement_never_comes_twice_in_a_row(config, day, data):
    seen = run_day(config, day, data, focus=SHOULDER_KNOT)
    passed = [b for b, outcome in seen if outcome != Outcome.POSTPONED]
    for first, second in itertools.pairwise(passed):
        assert not {m.id for m in first.movements} & {m.id for m in second.movements}


@PROPERTY
@given(
    st.lists(st.sampled_from(REACHABLE), min_size=1, max_size=4, unique=True),
    st.integers(20, 45),
    days.filter(lambda d: d.weekday() < 5),
)
def test_every_region_of_interest_is_helped_within_a_day_of_breaks(regions, micro, day):
    focus = build_focus([(r, "") for r in regions], {}, [], KB)
    config = BreakConfig(micro_every_min=micro)
    breaks, _ = simulate_day(config, BreakState(), day, KB, focus)
    helped = {r for b in breaks for m in b.movements for r in m.regions}
    assert set(regions) <= helped


# --- examples: timing ----------------------------------------------------------------------------


def test_a_working_day_starts_with_a_micro_break_after_thirty_minutes():
    upcoming = next_break(BreakConfig(), BreakState(), at(MONDAY, 8), KB)
    assert upcoming.at == at(MONDAY, 9, 30)
    assert upcoming.kind is BreakKind.MICRO
    assert 30 <= upcoming.seconds <= 60


def test_a_longer_break_comes_every_ninety_minutes_and_lasts_three_to_five():
    breaks, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB)
    longs = [b for b in breaks if b.kind is BreakKind.LONG]
    assert longs[0].at == at(MONDAY, 10, 30)
    assert all(180 <= b.seconds <= 300 for b in longs)
    assert all(len(b.movements) >= 2 for b in longs)  # the fixture's moves are under 3 min


def test_the_weekend_is_off_by_default():
    saturday = at(MONDAY - timedelta(days=2), 11)
    upcoming = next_break(BreakConfig(), BreakState(), saturday, KB)
    assert upcoming.at == at(MONDAY, 9, 30)


def test_a_lunch_gap_between_two_spans_starts_the_count_again():
    hours = ((Span(time(9), time(12)), Span(time(13), time(17))),) * 5 + ((),) * 2
    config = BreakConfig(hours=hours)
    state = record(BreakState(), Taken(at(MONDAY, 11, 50), BreakKind.MICRO, Outcome.DONE))
    upcoming = next_break(config, state, at(MONDAY, 11, 51), KB)
    assert upcoming.at == at(MONDAY, 13, 30)


def test_breaks_that_are_off_never_come():
    assert next_break(BreakConfig(is_enabled=False), BreakState(), MONDAY, KB) is None
    no_hours = BreakConfig(hours=((),) * 7)
    assert next_break(no_hours, BreakState(), MONDAY, KB) is None


def test_being_away_longer_than_a_break_counts_as_a_natural_break():
    config = BreakConfig()
    state = went_idle(BreakState(), at(MONDAY, 9, 20))
    # Still away at 9:35: no break is due while nobody is there to take it.
    assert next_due(config, state, at(MONDAY, 9, 35)).at == at(MONDAY, 10, 5)
    state = came_back(config, state, at(MONDAY, 9, 35))
    assert state.history[-1].outcome is Outcome.NATURAL
    assert next_break(config, state, at(MONDAY, 9, 35), KB).at == at(MONDAY, 10, 5)


def test_a_short_absence_is_not_a_break():
    config = BreakConfig(idle_threshold_s=60)
    state = came_back(
        config,
        went_idle(BreakState(), at(MONDAY, 9, 20)),
        at(
            MONDAY,
            9,
            20,
        ),
    )
    assert state.history == ()
    assert next_break(config, state, at(MONDAY, 9, 21), KB).at == at(MONDAY, 9, 30)


def test_a_long_absence_counts_as_the_longer_break_too():
    config = BreakConfig()
    state = went_idle(BreakState(), at(MONDAY, 9, 40))
    state = came_back(config, state, at(MONDAY, 10, 0))
    breaks, _ = simulate_day(config, state, at(MONDAY, 10), KB)
    assert next(b for b in breaks if b.kind is BreakKind.LONG).at >= at(MONDAY, 11, 30)


def test_a_break_can_be_put_off_only_so_many_times_in_a_row():
    config = BreakConfig(postpone_min=5, max_postpones=2)
    state, now = BreakState(), at(MONDAY, 9)
    moments = []
    for _ in range(3):
        upcoming = next_break(config, state, now, KB)
        moments.append((upcoming.at, upcoming.can_postpone))
        state = record(state, taken(upcoming, Outcome.POSTPONED))
        now = upcoming.at
    assert moments == [
        (at(MONDAY, 9, 30), True),
        (at(MONDAY, 9, 35), True),
        (at(MONDAY, 9, 40), False),
    ]
    # Once it is done, the count starts again.
    state = record(state, Taken(at(MONDAY, 9, 45), BreakKind.MICRO, Outcome.DONE, (), 45))
    assert next_break(config, state, at(MONDAY, 9, 46), KB).can_postpone


def test_a_skipped_break_still_starts_the_next_count():
    state = record(BreakState(), Taken(at(MONDAY, 9, 30), BreakKind.MICRO, Outcome.SKIPPED))
    assert next_break(BreakConfig(), state, at(MONDAY, 9, 31), KB).at == at(MONDAY, 10)


def test_a_break_that_would_run_past_the_end_of_the_day_waits_for_the_next_working_day():
    state = record(BreakState(), Taken(at(MONDAY, 17, 0), BreakKind.LONG, Outcome.DONE))
    assert next_break(BreakConfig(), state, at(MONDAY, 17, 1), KB).at == at(
        MONDAY + timedelta(days=1), 9, 30
    )


def test_settings_that_make_no_sense_are_named():
    bad = BreakConfig(micro_every_min=5, long_every_min=20, micro_min_s=50, micro_max_s=40)
    problems = bad.problems()
    assert {"micro_every_min", "micro_max_s"} <= set(problems)
    overlapping = (Span(time(9), time(12)), Span(time(11), time(14)))
    assert "hours.0" in BreakConfig(hours=(overlapping,) + ((),) * 6).problems()
    assert BreakConfig().problems() == {}


def test_the_settings_survive_a_round_trip_through_json():
    config = BreakConfig(micro_every_min=25, kinds=frozenset({BreakKind.WATER}))
    assert BreakConfig.from_json(config.to_json()) == config


# --- examples: which movement --------------------------------------------------------------------


def test_a_shoulder_knot_gets_most_of_the_movement_breaks():
    breaks, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, SHOULDER_KNOT)
    moving = [b for b in breaks if b.kind in (BreakKind.MICRO, BreakKind.LONG)]
    aimed = [b for b in moving if "shoulder_top" in b.movement.regions]
    assert len(aimed) >= len(moving) / 2


def test_a_movement_that_hurt_never_comes_back():
    state = BreakState(feedback={"shoulder_rolls": Feeling.HURT, "chin_tucks": Feeling.DISLIKED})
    day = MONDAY
    for _ in range(5):
        breaks, state = simulate_day(BreakConfig(), state, day, KB, SHOULDER_KNOT)
        assert breaks
        assert not {"shoulder_rolls", "chin_tucks"} & {m.id for b in breaks for m in b.movements}
        day += timedelta(days=1)


def test_saying_a_movement_hurt_drops_it_from_then_on():
    upcoming = next_break(BreakConfig(), BreakState(), MONDAY, KB, SHOULDER_KNOT)
    state = record(BreakState(), taken(upcoming), felt=Feeling.HURT)
    assert state.feedback[upcoming.movement.id] is Feeling.HURT


def test_a_movement_to_avoid_with_a_condition_is_not_offered():
    focus = replace(build_focus([("mid_back", "")], {}, ["pregnancy"], KB))
    breaks, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, focus)
    assert "twist" not in {m.id for b in breaks for m in b.movements}
    assert "cat_cow" in {m.id for b in breaks for m in b.movements}


def test_water_sit_stand_and_posture_resets_are_mixed_in_but_never_twice_in_a_row():
    breaks, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB)
    kinds = [b.kind for b in breaks]
    assert {BreakKind.WATER, BreakKind.SIT_STAND, BreakKind.POSTURE_RESET} <= set(kinds)
    assert kinds.count(BreakKind.MICRO) + kinds.count(BreakKind.LONG) >= len(kinds) / 2
    short = [k for k in kinds if k is not BreakKind.LONG]
    for first, second in itertools.pairwise(short):
        assert not (first == second and first is not BreakKind.MICRO)


def test_poor_recovery_brings_more_water_breaks():
    plain, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB)
    thirsty = build_focus([], {"poor_recovery": 100}, [], KB)
    more, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, thirsty)
    water = BreakKind.WATER
    assert [b.kind for b in more].count(water) > [b.kind for b in plain].count(water)


def test_only_the_kinds_switched_on_are_mixed_in():
    config = BreakConfig(kinds=frozenset({BreakKind.WATER}))
    breaks, _ = simulate_day(config, BreakState(), MONDAY, KB)
    assert {b.kind for b in breaks} == {BreakKind.MICRO, BreakKind.LONG, BreakKind.WATER}


def test_floor_movements_wait_for_the_longer_breaks():
    focus = build_focus([("mid_back", "")], {}, [], KB)
    breaks, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, focus)
    for b in breaks:
        if b.kind is not BreakKind.LONG:
            assert all(m.position != "floor" for m in b.movements)


def test_the_same_day_and_settings_give_the_same_breaks():
    first, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, SHOULDER_KNOT)
    again, _ = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, SHOULDER_KNOT)
    assert [b.to_json() for b in first] == [b.to_json() for b in again]
    tuesday, _ = simulate_day(
        BreakConfig(), BreakState(), MONDAY + timedelta(days=1), KB, SHOULDER_KNOT
    )
    assert [b.to_json()["movements"] for b in tuesday] != [b.to_json()["movements"] for b in first]


def test_with_every_movement_dropped_a_break_is_still_a_plain_pause():
    state = BreakState(feedback={m.id: Feeling.DISLIKED for m in MOVEMENTS})
    upcoming = next_break(BreakConfig(), state, MONDAY, KB)
    assert upcoming.movement is None and upcoming.kind is BreakKind.MICRO
    assert upcoming.seconds == BreakConfig().micro_min_s


def test_focus_leaves_out_ids_the_knowledge_base_does_not_know():
    focus = build_focus([("nowhere", "no_muscle"), ("calf", "")], {"posture": 50}, ["x"], KB)
    assert "nowhere" not in focus.regions and focus.conditions == frozenset()
    assert focus.interest == ("calf",)
    assert focus.kinds == {BreakKind.POSTURE_RESET: 0.5}


# --- the daily summary ---------------------------------------------------------------------------


def test_the_daily_summary_counts_what_happened():
    breaks, state = simulate_day(BreakConfig(), BreakState(), MONDAY, KB, SHOULDER_KNOT)
    state = record(state, Taken(at(MONDAY, 17, 20), BreakKind.MICRO, Outcome.SKIPPED))
    summary = summarize_day(state, MONDAY.date(), KB)
    assert summary.done == len(breaks)
    assert summary.counts[Outcome.SKIPPED] == 1
    assert summary.seconds_moving == sum(b.seconds for b in breaks)
    assert "shoulder_top" in summary.regions
    assert summarize_day(state, MONDAY.date() + timedelta(days=1), KB).done == 0


@pytest.mark.parametrize("kind", list(BreakKind))
def test_every_kind_of_break_can_be_planned_from_the_fixture(kind):
    from unknot.core.variety import eligible

    assert eligible(BreakConfig(), BreakState(), KB, Focus(), kind)
