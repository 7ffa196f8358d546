"""Early warnings: which risk area is asked about when, and when a nudge comes (pure)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core import early_warning as ew
from unknot.core.early_warning import Answer, Area, Config, Kind, Origin
from unknot.core.model import Level
from unknot.core.planner import Profile

TODAY = date(2026, 3, 14)
SHOULDER = Area("shoulder_top", "right", Origin.PAST, "upper_trapezius")
BACK = Area("low_back", "", Origin.OWN)
KNOT = Area("calf", "left", Origin.KNOT, "gastrocnemius")


def answers(area: Area, *days_pains: tuple[int, int | None]) -> list[Answer]:
    """Answers for `area` given as (days before TODAY, pain or None for a skip)."""
    return [Answer(TODAY - timedelta(days=d), area.key, p) for d, p in days_pains]


# --- risk areas -------------------------------------------------------------------------------


def test_a_place_listed_twice_keeps_its_strongest_origin_in_order():
    found = ew.risk_areas(
        active=[("calf", "left", "gastrocnemius")],
        past=[("shoulder_top", "right", "upper_trapezius"), ("calf", "left", "")],
        own=[("low_back", ""), ("shoulder_top", "right")],
    )
    assert [(a.key, a.origin) for a in found] == [
        ("calf:left", Origin.KNOT),
        ("shoulder_top:right", Origin.PAST),
        ("low_back", Origin.OWN),
    ]
    assert found[0].muscle == "gastrocnemius"


# --- prompts ----------------------------------------------------------------------------------


def test_an_area_never_asked_about_is_due_and_an_active_knot_is_never_asked():
    assert ew.prompts([KNOT, SHOULDER], [], TODAY) == [SHOULDER]


def test_at_most_one_prompt_a_day_by_default_and_a_skip_counts_as_asked():
    areas = [SHOULDER, BACK]
    assert ew.prompts(areas, [], TODAY) == [SHOULDER]
    assert ew.prompts(areas, answers(SHOULDER, (0, None)), TODAY) == []
    assert ew.prompts(areas, [], TODAY, Config(per_day=2)) == [SHOULDER, BACK]


def test_each_area_comes_round_again_after_its_cadence():
    asked = answers(SHOULDER, (2, 1))
    assert ew.prompts([SHOULDER], asked, TODAY) == []
    assert ew.prompts([SHOULDER], asked, TODAY + timedelta(days=1)) == [SHOULDER]
    assert ew.prompts([SHOULDER], asked, TODAY, Config(every_days=2)) == [SHOULDER]


def test_the_area_asked_about_longest_ago_comes_first():
    asked = answers(SHOULDER, (3, 1)) + answers(BACK, (5, 1))
    assert ew.prompts([SHOULDER, BACK], asked, TODAY) == [BACK]


def test_a_raised_answer_brings_the_area_back_the_next_day():
    asked = answers(SHOULDER, (10, 1), (7, 1), (4, 2), (1, 5))
    assert ew.prompts([BACK, SHOULDER], asked, TODAY) == [SHOULDER]  # before a never-asked one
    calm = answers(SHOULDER, (10, 1), (7, 1), (4, 2), (1, 2))
    assert ew.prompts([SHOULDER], calm, TODAY) == []


@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from([SHOULDER, BACK, KNOT]), st.integers(0, 10)),
        max_size=30,
    ),
    st.integers(1, 7),
    st.integers(1, 3),
)
def test_prompts_respect_the_daily_limit_and_never_repeat_a_day(history, every, per_day):
    config = Config(every_days=every, per_day=per_day)
    given_answers = [Answer(TODAY - timedelta(days=d), a.key, p) for d, a, p in history]
    asked_today = {a.area for a in given_answers if a.day == TODAY}
    due = ew.prompts([SHOULDER, BACK, KNOT], given_answers, TODAY, config)
    assert len(due) <= max(0, per_day - len(asked_today))
    assert KNOT not in due
    assert not {a.key for a in due} & asked_today


# --- signals ----------------------------------------------------------------------------------


def test_a_three_day_average_two_points_up_is_a_rising_signal():
    found = ew.signal(SHOULDER, answers(SHOULDER, (12, 1), (9, 2), (6, 1), (2, 4), (0, 5)), TODAY)
    assert found is not None and found.kind is Kind.RISING
    assert found.recent_mean == 4.5 and found.earlier_mean == pytest.approx(4 / 3)
    assert found.since == TODAY - timedelta(days=2) and found.days == 2
    assert found.pain == 5


def test_one_high_answer_alone_is_not_yet_a_trend():
    assert ew.signal(SHOULDER, answers(SHOULDER, (12, 1), (9, 2), (6, 1), (0, 6)), TODAY) is None


def test_a_rise_under_two_points_gives_no_signal():
    assert ew.signal(SHOULDER, answers(SHOULDER, (9, 2), (6, 2), (1, 3), (0, 4)), TODAY) is None


def test_a_sore_new_spot_is_a_signal_at_once_and_a_mild_one_is_not():
    found = ew.signal(BACK, answers(BACK, (0, 4)), TODAY)
    assert found is not None and found.kind is Kind.NEW_SPOT and found.earlier_mean is None
    assert ew.signal(BACK, answers(BACK, (0, 2)), TODAY) is None


def test_skips_are_not_pain_and_an_active_knot_gives_no_signal():
    assert ew.signal(BACK, answers(BACK, (0, None), (1, None)), TODAY) is None
    assert ew.signal(KNOT, answers(KNOT, (0, 9)), TODAY) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 16), st.integers(0, 10)), max_size=20, unique_by=lambda t: t[0]
    ),
    st.integers(-400, 400),
)
def test_signals_do_not_depend_on_the_calendar_date(history, shift):
    moved = TODAY + timedelta(days=shift)
    here = ew.signal(SHOULDER, answers(SHOULDER, *history), TODAY)
    there = ew.signal(
        SHOULDER,
        [Answer(moved - timedelta(days=d), SHOULDER.key, p) for d, p in history],
        moved,
    )
    assert (here and (here.kind, here.pain, here.days)) == (
        there and (there.kind, there.pain, there.days)
    )


@given(
    st.lists(
        st.tuples(st.integers(0, 16), st.integers(0, 10)), max_size=20, unique_by=lambda t: t[0]
    )
)
def test_a_rising_signal_always_means_a_rise_of_at_least_two_points(history):
    found = ew.signal(SHOULDER, answers(SHOULDER, *history), TODAY)
    if found is not None and found.kind is Kind.RISING:
        assert found.rise is not None and found.rise >= 2


def test_a_config_out_of_range_says_what_is_wrong():
    assert Config().problems() == []
    assert Config(every_days=0, per_day=9).problems() == [
        "every_days must be from 1 to 14",
        "per_day must be from 1 to 5",
    ]


# --- the early plan ------------------------------------------------------------------------


def test_a_rising_shoulder_gets_a_short_self_care_plan_for_the_knots_muscle(kb):
    found = ew.signal(SHOULDER, answers(SHOULDER, (12, 1), (9, 2), (6, 1), (2, 4), (0, 5)), TODAY)
    early = ew.early_plan(found, Profile(minutes=20), kb)
    assert early.muscle == "upper_trapezius"
    assert early.triage.level == Level.SELF_CARE
    assert early.plan is not None and early.plan.steps
    assert early.plan.minutes == ew.EARLY_MINUTES
    assert sum(s.seconds for s in early.plan.steps) <= ew.EARLY_MINUTES * 60


def test_a_place_without_a_knot_gets_the_likeliest_muscle(kb):
    spot = Area("calf", "left", Origin.OWN)
    early = ew.early_plan(ew.signal(spot, answers(spot, (0, 5)), TODAY), Profile(), kb)
    assert early.muscle == "gastrocnemius"


@pytest.mark.parametrize(
    ("area", "pain", "profile", "level"),
    [
        # A sore chest with high blood pressure needs a doctor today, not a routine.
        (Area("chest", "left"), 4, Profile(conditions=frozenset({"high_blood_pressure"})),
         Level.URGENT),
        # Severe pain (8 or more) is a professional's to look at first.
        (Area("shoulder_top", "right"), 8, Profile(), Level.SEE_PROFESSIONAL),
    ],
)  # fmt: skip
def test_no_plan_when_triage_does_not_allow_self_care(kb, area, pain, profile, level):
    found = ew.signal(area, answers(area, (0, pain)), TODAY)
    early = ew.early_plan(found, profile, kb)
    assert early.triage.level == level
    assert early.plan is None and not early.is_allowed
