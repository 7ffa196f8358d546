"""Movement dosing: the pain-monitoring traffic light, its adjustments and its history."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.dosing import (
    NOTE,
    SOURCE,
    SOURCES,
    DoseSettings,
    Exposure,
    Light,
    assess,
    trend_for,
)

DAY = date(2026, 11, 28)


def ex(during=2, after=1, morning="same", days_ago=0, activity="run", before=None):
    return Exposure(activity, during, after, morning, DAY - timedelta(days=days_ago), before)


def light(exposure, history=(), **cfg):
    return assess(exposure, history, DoseSettings(**cfg)).light


@pytest.mark.parametrize(
    ("during", "expected"),
    [(0, "green"), (3, "green"), (4, "amber"), (5, "amber"), (6, "red"), (10, "red")],
)
def test_pain_during_sets_the_light(during, expected):
    assert light(ex(during=during)) == expected


def test_the_safe_zone_is_configurable():
    assert light(ex(during=3), safe_max=2) == "amber"
    assert light(ex(during=2), safe_max=2) == "green"
    with pytest.raises(ValueError, match="safe_max < upper_max"):
        DoseSettings(safe_max=5)
    with pytest.raises(ValueError, match="build_points"):
        DoseSettings(build_points=0)


def test_a_worse_morning_makes_it_at_least_amber():
    dose = assess(ex(during=2, morning="worse"))
    assert dose.light == "amber" and dose.morning == "worse"
    assert "had not settled" in dose.why
    assert dose.adjustments[0].kind == "reduce_load"


def test_a_worse_morning_after_high_pain_is_red():
    assert light(ex(during=4, after=6, morning="worse")) == "red"
    assert light(ex(during=4, after=5, morning=7, before=2)) == "red"  # the morning itself > 5


def test_two_worse_mornings_in_a_row_are_red():
    history = [ex(during=2, morning="worse", days_ago=2)]
    dose = assess(ex(during=2, morning="worse"), history)
    assert dose.light == "red"
    assert "second session in a row" in dose.why
    assert [a.kind for a in dose.adjustments] == ["rest_day", "swap_activity", "reduce_load"]
    assert "physical therapist" in dose.why


def test_a_worse_morning_for_another_activity_does_not_count():
    history = [ex(during=2, morning="worse", days_ago=2, activity="yoga")]
    assert light(ex(during=2, morning="worse"), history) == "amber"


def test_high_pain_straight_afterwards_is_at_least_amber():
    assert light(ex(during=1, after=6, morning=None)) == "amber"


def test_a_morning_number_is_compared_with_the_pain_before():
    assert assess(ex(morning=4, before=2)).morning == "worse"
    assert assess(ex(morning=2, before=2)).morning == "same"
    assert assess(ex(morning=1, before=2)).morning == "better"


def test_without_pain_before_the_last_morning_is_the_baseline():
    history = [ex(morning=2, days_ago=3)]
    assert assess(ex(morning=3), history).morning == "worse"
    assert assess(ex(morning=2), history).morning == "same"


def test_a_morning_number_with_nothing_to_compare_is_not_guessed():
    assert assess(ex(morning=0)).morning == "same"
    dose = assess(ex(morning=3))
    assert dose.morning is None and dose.light == "green"
    assert "give your pain before the activity" in dose.why


def test_no_morning_yet_says_to_check_tomorrow():
    dose = assess(ex(during=2, morning=None))
    assert dose.light == "green"
    assert "tomorrow morning" in dose.why


def test_a_week_on_week_build_raises_one_level():
    history = [ex(during=2, days_ago=9), ex(during=2, days_ago=11), ex(during=3, days_ago=3)]
    dose = assess(ex(during=3), history)
    assert dose.is_building and dose.light == "amber"  # green raised one step
    assert "up from 2.0/10" in dose.why
    assert [a.kind for a in dose.adjustments] == ["reduce_load", "change_form"]
    assert light(ex(during=4), history) == "red"


def test_a_small_rise_is_not_a_build():
    history = [ex(during=2, days_ago=9), ex(during=3, days_ago=3)]
    assert not assess(ex(during=2), history).is_building


def test_sessions_after_the_day_and_other_activities_are_ignored():
    history = [
        ex(during=0, days_ago=9),
        ex(during=9, days_ago=-2),  # in the future
        ex(during=9, days_ago=1, activity="deadlift"),
    ]
    assert not assess(ex(during=0), history).is_building


def test_activity_names_match_loosely():
    history = [ex(during=2, morning="worse", days_ago=1, activity="Long  Run")]
    assert light(ex(during=2, morning="worse", activity="long run"), history) == "red"


def test_green_says_keep_going():
    dose = assess(ex(during=1, morning="better"))
    assert dose.headline == "Run: green. Carry on."
    assert [a.kind for a in dose.adjustments] == ["keep_going"]


def test_amber_holds_the_dose_and_suggests_form_and_range():
    dose = assess(ex(during=5, after=4, activity="deadlift"))
    assert dose.light == "amber"
    assert [a.kind for a in dose.adjustments] == ["keep_going", "change_form", "shorten_range"]
    assert "hold" in dose.adjustments[0].text


def test_adjustments_speak_the_activity_s_language():
    red = assess(ex(during=7, activity="Easy run"))
    assert [a.kind for a in red.adjustments] == [
        "reduce_load",
        "shorten_range",
        "change_form",
        "swap_activity",
    ]
    assert "stride" in red.adjustments[1].text
    assert "weight" in assess(ex(during=7, activity="bench press")).adjustments[0].text
    assert "pose" in assess(ex(during=7, activity="yoga")).adjustments[0].text
    assert "drive" in assess(ex(during=7, activity="long drive")).adjustments[0].text
    general = assess(ex(during=7, activity="gardening")).adjustments[0].text
    assert general.startswith("Reduce the load")


def test_every_dose_names_its_source_and_says_it_is_an_extrapolation(kb):
    dose = assess(ex())
    assert dose.source == SOURCE == "silbernagel_2007"
    assert set(SOURCES) <= set(kb.sources)
    assert "tendon" in NOTE and "extrapolation" in NOTE and dose.note == NOTE
    out = dose.to_json()
    assert {"light", "headline", "why", "adjustments", "source"} <= set(out)
    assert out["adjustments"] == [{"kind": "keep_going", "text": dose.adjustments[0].text}]


def test_red_mentions_the_safety_check():
    assert "safety check" in assess(ex(during=8)).why


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"activity": " "}, "name the activity"),
        ({"during": 11}, "pain during must be a whole number from 0 (none) to 10"),
        ({"after": -1}, "pain after must be"),
        ({"during": True}, "pain during must be"),
        ({"morning": "fine"}, "next morning 'fine' is not one of better, same, worse"),
        ({"morning": 12}, "next-morning pain must be"),
        ({"before": 2.5}, "pain before must be"),
    ],
)
def test_bad_exposures_raise_plain_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ex(**kwargs)


def test_exposures_round_trip_through_json():
    e = ex(during=4, after=3, morning=2, before=1)
    assert Exposure.from_json(e.to_json()) == e
    with pytest.raises(ValueError, match="unknown field 'mood'"):
        Exposure.from_json({**e.to_json(), "mood": "ok"})
    with pytest.raises(ValueError, match="missing field 'day'"):
        Exposure.from_json({"activity": "run", "pain_during": 1, "pain_after": 1})
    with pytest.raises(ValueError, match="not a date"):
        Exposure.from_json({**e.to_json(), "day": "yesterday"})


def test_trend_for_an_activity():
    history = [
        ex(during=2, days_ago=10),
        ex(during=2, days_ago=8),
        ex(during=4, days_ago=3, morning="worse"),
        ex(during=3, days_ago=1),
        ex(during=9, days_ago=1, activity="yoga"),
    ]
    trend = trend_for("Run", history)
    assert (trend.sessions, trend.last_week, trend.week_before) == (4, 3.5, 2.0)
    assert trend.is_building and trend.change == 1.5 and trend.worse_mornings == 1
    assert trend.summary.startswith("Run: building up.")
    assert "One session this week left the next morning worse." in trend.summary
    assert set(trend.to_json()) >= {"activity", "sessions", "is_building", "summary"}


def test_trend_easing_steady_and_empty():
    easing = [ex(during=5, days_ago=9), ex(during=2, days_ago=2)]
    assert trend_for("run", easing).summary.startswith("Run: easing.")
    steady = [ex(during=3, days_ago=9), ex(during=3, days_ago=2)]
    assert trend_for("run", steady).summary.startswith("Run: steady.")
    assert trend_for("run", [ex(days_ago=2)]).summary.endswith("compare with the week before.")
    assert trend_for("swim", easing).sessions == 0
    assert (
        "no sessions in the last 7 days"
        in trend_for("run", easing, today=DAY + timedelta(30)).summary
    )


# Property tests: more pain never gives a greener light.
PAIN = st.integers(0, 10)
MORNING = st.one_of(st.none(), st.sampled_from(["better", "same", "worse"]), PAIN)
HISTORY = st.lists(
    st.builds(
        Exposure,
        activity=st.sampled_from(["run", "yoga"]),
        pain_during=PAIN,
        pain_after=PAIN,
        next_morning=MORNING,
        day=st.integers(0, 20).map(lambda n: DAY - timedelta(days=n)),
        pain_before=st.one_of(st.none(), PAIN),
    ),
    max_size=8,
)
SETTINGS = st.builds(DoseSettings, safe_max=st.integers(0, 4))


def rank(dose):
    return Light(dose.light).rank


@settings(max_examples=300, deadline=None)
@given(
    during=PAIN,
    after=PAIN,
    morning=MORNING,
    before=st.one_of(st.none(), PAIN),
    history=HISTORY,
    cfg=SETTINGS,
    which=st.sampled_from(["during", "after", "morning"]),
)
def test_higher_pain_never_gives_a_greener_light(
    during, after, morning, before, history, cfg, which
):
    base = Exposure("run", during, after, morning, DAY, before)
    fields = {"during": "pain_during", "after": "pain_after", "morning": "next_morning"}
    value = getattr(base, fields[which])
    if not isinstance(value, int) or value == 10:
        return
    from dataclasses import replace

    higher = replace(base, **{fields[which]: value + 1})
    assert rank(assess(higher, history, cfg)) >= rank(assess(base, history, cfg))


@settings(max_examples=300, deadline=None)
@given(during=PAIN, after=PAIN, before=st.one_of(st.none(), PAIN), history=HISTORY, cfg=SETTINGS)
def test_a_worse_morning_is_never_greener_than_a_same_or_better_one(
    during, after, before, history, cfg
):
    def at(morning):
        return rank(assess(Exposure("run", during, after, morning, DAY, before), history, cfg))

    assert at("worse") >= at("same") >= at("better")
    assert at("worse") >= at(None)
