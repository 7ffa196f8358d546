"""The safety engine: levels, reasons, precautions, and the properties that keep it safe."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.core.facts import parse_facts
from unknot.core.kb import default_kb
from unknot.core.model import Facts, Level, Location, Side, Trend
from unknot.core.triage import evaluate

KB = default_kb()
REGIONS = sorted(KB.regions)
SYMPTOMS = sorted(KB.symptoms)
CONDITIONS = sorted(KB.conditions)


def triage(**facts):
    return evaluate(parse_facts(facts, KB), KB)


def test_an_ordinary_knot_is_self_care_with_precautions():
    result = triage(
        locations=[{"region": "shoulder_top", "side": "right"}],
        pain=4,
        days=3,
        symptoms=["tender_spot", "dull_ache"],
        trend="same",
    )
    assert result.level is Level.SELF_CARE
    assert result.self_care_allowed
    assert result.reasons == ()
    assert result.precautions


def test_a_swollen_warm_calf_after_a_flight_is_an_emergency():
    result = triage(
        locations=[{"region": "calf", "side": "left"}],
        pain=6,
        days=3,
        symptoms=["swelling", "warmth"],
        conditions=["recent_long_travel"],
    )
    assert result.level is Level.EMERGENCY
    assert not result.self_care_allowed
    assert result.reasons[0].is_red_flag
    assert "emergency" in result.advice.lower() or "999" in result.advice


def test_chest_pain_is_an_emergency_wherever_the_knot_is():
    assert triage(locations=["low_back"], symptoms=["chest_pain"]).level is Level.EMERGENCY


def test_no_improvement_after_two_weeks_suggests_a_professional():
    result = triage(locations=["neck_back"], days=16, trend="same", pain=4)
    assert result.level is Level.SEE_PROFESSIONAL
    assert result.self_care_allowed


def test_improving_after_two_weeks_stays_self_care():
    assert triage(locations=["neck_back"], days=16, trend="better", pain=2).level is Level.SELF_CARE


def test_talk_to_a_professional_before_self_release_for_circulation_problems():
    result = triage(locations=["calf"], conditions=["circulatory_disorder"], pain=3)
    assert result.level >= Level.SEE_PROFESSIONAL
    assert not result.self_care_allowed


def test_urgent_and_emergency_results_say_hands_off():
    result = triage(locations=["temple"], age=72, symptoms=["scalp_tenderness", "new_headache"])
    assert result.level >= Level.URGENT
    assert any("do not massage" in p.lower() for p in result.precautions)


def test_reasons_carry_rule_text_and_source():
    result = triage(
        locations=["calf"], symptoms=["dark_urine"], conditions=["recent_intense_exercise"]
    )
    reason = result.reasons[0]
    assert reason.rule and reason.text and reason.source
    assert result.to_json()["reasons"][0]["rule"] == reason.rule


def test_the_json_shape_follows_the_contract():
    out = triage(locations=["calf"], pain=2).to_json()
    assert set(out) >= {"level", "reasons", "advice", "self_care_allowed", "precautions", "facts"}
    assert out["facts"]["locations"] == [{"region": "calf", "side": None}]


locations = st.lists(
    st.builds(Location, st.sampled_from(REGIONS), st.none() | st.sampled_from(list(Side))),
    max_size=3,
).map(tuple)
facts_strategy = st.builds(
    Facts,
    locations=locations,
    pain=st.none() | st.integers(0, 10),
    days=st.none() | st.integers(0, 400),
    age=st.none() | st.integers(0, 110),
    symptoms=st.frozensets(st.sampled_from(SYMPTOMS), max_size=4),
    conditions=st.frozensets(st.sampled_from(CONDITIONS), max_size=3),
    limits_daily_activities=st.none() | st.booleans(),
    trend=st.none() | st.sampled_from(list(Trend)),
    recurring=st.none() | st.booleans(),
)
PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(facts_strategy, st.sampled_from(SYMPTOMS))
def test_adding_a_symptom_never_lowers_the_level(facts, symptom):
    before = evaluate(facts, KB)
    after = evaluate(Facts(**{**facts.__dict__, "symptoms": facts.symptoms | {symptom}}), KB)
    assert after.level >= before.level
    assert not (after.self_care_allowed and not before.self_care_allowed)


@PROPS
@given(facts_strategy, st.sampled_from(CONDITIONS))
def test_adding_a_condition_never_lowers_the_level(facts, condition):
    before = evaluate(facts, KB)
    after = evaluate(Facts(**{**facts.__dict__, "conditions": facts.conditions | {condition}}), KB)
    assert after.level >= before.level


@PROPS
@given(facts_strategy, st.sampled_from(REGIONS))
def test_adding_a_region_never_lowers_the_level(facts, region):
    before = evaluate(facts, KB)
    more = Facts(**{**facts.__dict__, "locations": (*facts.locations, Location(region, None))})
    assert evaluate(more, KB).level >= before.level


@PROPS
@given(facts_strategy, st.randoms())
def test_the_order_of_inputs_never_matters(facts, rnd):
    as_json = facts.to_json()
    shuffled = dict(as_json)
    for key in ("locations", "symptoms", "conditions"):
        items = list(shuffled[key])
        rnd.shuffle(items)
        shuffled[key] = items
    assert evaluate(parse_facts(shuffled, KB), KB) == evaluate(parse_facts(as_json, KB), KB)


@PROPS
@given(facts_strategy)
def test_a_red_flag_always_wins_and_levels_above_self_care_give_reasons(facts):
    result = evaluate(facts, KB)
    if result.level > Level.SELF_CARE:
        assert result.reasons
        assert max(r.level for r in result.reasons) is result.level
    if result.level >= Level.URGENT:
        assert not result.self_care_allowed
