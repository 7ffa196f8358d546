"""The plan builder: sensible plans, safety applied (not just printed), time respected."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.kb import default_kb
from unknot.core.model import Facts, Level, Location, TriageResult
from unknot.core.planner import (
    STEP_KINDS,
    PlanError,
    Profile,
    build_plan,
    safety_limits,
)
from unknot.core.triage import evaluate

BLEEDING = frozenset({"anticoagulants", "bleeding_disorder"})
PROFESSIONAL_FIRST = frozenset({"circulatory_disorder", "nerve_disorder", "recent_serious_injury"})
REDUCED_SENSATION = frozenset({"diabetes", "nerve_disorder"})


def plan_for(kb, muscle, *, conditions=(), symptoms=(), tools=(), minutes=10, prefer=None, **kw):
    facts = Facts(
        locations=(Location(kb.muscles[muscle].regions[0]),),
        conditions=frozenset(conditions),
        symptoms=frozenset(symptoms),
    )
    profile = Profile(
        conditions=frozenset(conditions),
        tools=frozenset(tools),
        minutes=minutes,
        heat_cold=prefer,
        **kw,
    )
    return build_plan(muscle, profile, evaluate(facts, kb), kb)


def kinds(plan):
    return [s.kind for s in plan.steps]


def neck_regions(kb):
    return {r for r, region in kb.regions.items() if region.group in ("neck", "head", "face")}


# --- the newcomer with a sore upper trapezius --------------------------------------------


def test_a_sore_upper_trapezius_with_a_ball_and_ten_minutes_gets_a_sensible_plan(kb):
    plan = plan_for(kb, "upper_trapezius", tools=["massage_ball"], minutes=10)
    assert plan.level is Level.SELF_CARE
    assert kinds(plan)[:5] == ["self_release", "heat", "movement", "stretch", "relaxation"]
    release = plan.steps[0]
    assert release.tool == "massage_ball"
    assert release.pressure == "light_to_moderate"
    assert release.seconds == 3 * 60 and release.repetitions == 3
    assert "never sharp" in release.instructions
    heat = plan.steps[1]
    assert heat.tool == "heat_pack" and heat.seconds >= 180
    assert "skin" in heat.instructions and "15 minutes at the most" in heat.instructions
    assert "try cold on another day" in heat.why  # no preference given: suggest an experiment
    assert plan.steps[2].title == "Shoulder rolls"
    breathing = plan.steps[4]
    assert breathing.pacer == (4, 6)
    assert 0 < plan.total_seconds <= 10 * 60
    assert plan.withheld == ()
    assert {"hydration", "habit"} <= set(kinds(plan))
    for step in plan.steps:
        assert step.why.strip() and step.source.strip() and step.source_id in kb.sources


def test_without_tools_the_hands_do_the_pressure(kb):
    plan = plan_for(kb, "upper_trapezius")
    assert plan.steps[0].tool == "hands"


def test_a_preference_for_cold_gives_cold_and_no_experiment_note(kb):
    plan = plan_for(kb, "upper_trapezius", prefer="cold")
    cold = next(s for s in plan.steps if s.kind in ("heat", "cold"))
    assert cold.kind == "cold" and cold.tool == "cold_pack"
    assert "another day" not in cold.why


def test_the_top_cause_picks_the_habit(kb):
    plan = plan_for(kb, "upper_trapezius", causes={"posture": 40, "stress": 80})
    habit = next(s for s in plan.steps if s.kind == "habit")
    assert habit.strategy == "habit_stress"
    assert "stress" in habit.why


def test_without_causes_the_habit_comes_from_what_sets_the_muscle_off(kb):
    plan = plan_for(kb, "upper_trapezius")
    habit = next(s for s in plan.steps if s.kind == "habit")
    assert habit.strategy is None and habit.seconds == 0
    assert kb.muscles["upper_trapezius"].aggravating[0].rstrip(".") in habit.instructions


def test_more_time_brings_a_longer_warmth_and_a_body_scan(kb):
    short = plan_for(kb, "upper_trapezius", minutes=10)
    long = plan_for(kb, "upper_trapezius", minutes=25)
    heat = [s.seconds for p in (short, long) for s in p.steps if s.kind == "heat"]
    assert heat[1] > heat[0]
    assert sum(s.kind == "relaxation" for s in long.steps) == 2
    assert long.total_seconds <= 25 * 60


def test_very_little_time_keeps_pressure_first_and_says_what_was_left_out(kb):
    plan = plan_for(kb, "upper_trapezius", minutes=2)
    assert plan.steps[0].kind == "self_release"
    assert plan.total_seconds <= 120
    assert any("Not enough time" in n for n in plan.notes)


def test_a_muscle_whose_stretch_is_not_recommended_gets_no_stretch(kb):
    muscle = next(m for m in kb.muscles.values() if not m.stretch.is_recommended)
    plan = plan_for(kb, muscle.id)
    if plan.level is Level.SELF_CARE:
        assert "stretch" not in kinds(plan)
        assert any("No stretch" in n for n in plan.notes)


def test_a_region_picks_the_muscle_that_usually_holds_the_knot_there(kb):
    triage = evaluate(Facts(locations=(Location("calf"),)), kb)
    plan = build_plan("calf", Profile(), triage, kb)
    assert plan.muscle in {m.id for m in kb.muscles.values() if "calf" in m.regions}
    assert any("often sit in" in n for n in plan.notes)


def test_unknown_targets_and_bad_profiles_are_refused(kb):
    triage = evaluate(Facts(locations=(Location("calf"),)), kb)
    with pytest.raises(PlanError, match="unknown muscle or region"):
        build_plan("kneecap", Profile(), triage, kb)
    for profile, message in [
        (Profile(tools=frozenset({"chainsaw"})), "unknown tool"),
        (Profile(conditions=frozenset({"flu"})), "unknown condition"),
        (Profile(minutes=0), "minutes"),
        (Profile(minutes=61), "minutes"),
        (Profile(heat_cold="lukewarm"), "heat_cold"),
        (Profile(causes={"laziness": 50}), "factor"),
    ]:
        with pytest.raises(PlanError, match=message):
            build_plan("gastrocnemius", profile, triage, kb)


def test_the_json_follows_the_contract(kb):
    out = plan_for(kb, "upper_trapezius", tools=["massage_ball"]).to_json()
    assert set(out) >= {"steps", "withheld", "level", "total_seconds", "notes"}
    for step in out["steps"]:
        assert {"kind", "tool", "region", "seconds", "why", "source"} <= set(step)
        assert step["kind"] in STEP_KINDS
        assert step["tool"] is None or step["tool"] in kb.tools


# --- safety, applied -------------------------------------------------------------------


def test_blood_thinners_take_away_the_gun_deep_tools_and_firm_pressure(kb):
    plan = plan_for(
        kb, "gastrocnemius", conditions=["anticoagulants"], tools=["massage_gun", "foam_roller"]
    )
    assert plan.level is Level.SELF_CARE
    release = next(s for s in plan.steps if s.kind == "self_release")
    assert release.pressure == "light"
    assert not kb.tools[release.tool].is_deep
    withheld = " ".join(w.what for w in plan.withheld).lower()
    assert "massage gun" in withheld and "foam roller" in withheld and "pressure" in withheld
    assert all("blood thinner" in w.why for w in plan.withheld)


def test_no_massage_gun_on_a_neck_muscle_even_when_owned(kb):
    plan = plan_for(kb, "levator_scapulae", tools=["massage_gun"])
    assert all(s.tool != "massage_gun" for s in plan.steps)
    gun = next(w for w in plan.withheld if "massage gun" in w.what.lower())
    assert "neck" in gun.why


def test_reduced_sensation_removes_heat_and_cold(kb):
    plan = plan_for(kb, "quadratus_lumborum", conditions=["diabetes"])
    assert plan.level is Level.SELF_CARE
    assert not {"heat", "cold"} & set(kinds(plan))
    assert any(w.what == "Heat and cold packs" and "feeling" in w.why for w in plan.withheld)


def test_numbness_means_no_plan_only_what_to_do_next(kb):
    plan = plan_for(kb, "quadratus_lumborum", conditions=["diabetes"], symptoms=["numbness"])
    assert plan.level > Level.SELF_CARE
    assert plan.steps == ()
    assert len(plan.withheld) == 1 and "What to do next" in plan.withheld[0].why


def test_a_professional_first_condition_removes_self_release_even_at_self_care(kb):
    # A triage result that somehow says self-care: the precaution still applies.
    facts = Facts(locations=(Location("calf"),), conditions=frozenset({"nerve_disorder"}))
    triage = TriageResult(Level.SELF_CARE, (), "", True, (), facts)
    plan = build_plan("gastrocnemius", Profile(), triage, kb)
    assert "self_release" not in kinds(plan)
    assert any(w.what.startswith("Self-release") for w in plan.withheld)


def test_conditions_only_in_the_profile_are_triaged_too(kb):
    triage = evaluate(Facts(locations=(Location("calf"),)), kb)
    profile = Profile(conditions=frozenset({"circulatory_disorder"}))
    plan = build_plan("gastrocnemius", profile, triage, kb)
    assert plan.level > Level.SELF_CARE and plan.steps == ()


def test_no_percussion_on_any_neck_region_for_any_muscle(kb):
    everything = frozenset(kb.tools)
    triage_for = {}
    for muscle in kb.muscles.values():
        region = muscle.regions[0]
        if region not in triage_for:
            triage_for[region] = evaluate(Facts(locations=(Location(region),)), kb)
        plan = build_plan(muscle.id, Profile(tools=everything), triage_for[region], kb)
        for step in plan.steps:
            if step.tool and kb.tools[step.tool].is_percussive:
                assert not set(muscle.regions) & neck_regions(kb), muscle.id


# --- properties ---------------------------------------------------------------------------

KB = default_kb()
BENIGN = ["tender_spot", "taut_band", "dull_ache", "stiffness", "limited_motion"]
facts_strategy = st.builds(
    Facts,
    locations=st.lists(st.sampled_from(sorted(KB.regions)), min_size=1, max_size=2).map(
        lambda rs: tuple(Location(r) for r in rs)
    ),
    pain=st.none() | st.integers(0, 10),
    age=st.none() | st.integers(18, 90),
    symptoms=st.frozensets(st.sampled_from(BENIGN), max_size=3)
    | st.frozensets(st.sampled_from(sorted(KB.symptoms)), max_size=2),
    conditions=st.frozensets(st.sampled_from(sorted(KB.conditions)), max_size=3),
)
profile_strategy = st.builds(
    Profile,
    conditions=st.frozensets(st.sampled_from(sorted(KB.conditions)), max_size=2),
    tools=st.frozensets(st.sampled_from(sorted(KB.tools)), max_size=4),
    heat_cold=st.sampled_from([None, "heat", "cold"]),
    minutes=st.integers(1, 60),
    causes=st.dictionaries(
        st.sampled_from(["overuse", "underuse", "posture", "stress"]), st.integers(0, 100)
    ),
)
muscle_strategy = st.sampled_from(sorted(KB.muscles))


def merged(facts, profile):
    return Facts(
        locations=facts.locations,
        pain=facts.pain,
        age=facts.age,
        symptoms=facts.symptoms,
        conditions=facts.conditions | profile.conditions,
    )


@settings(max_examples=300, deadline=None)
@given(facts_strategy, profile_strategy, muscle_strategy)
def test_property_plans_are_safe_timed_and_explained(facts, profile, muscle_id):
    kb = KB
    triage = evaluate(facts, kb)
    plan = build_plan(muscle_id, profile, triage, kb)
    person = merged(facts, profile)
    everything = evaluate(person, kb)

    # Above self-care: no plan at all, only what to do next.
    if triage.level > Level.SELF_CARE or everything.level > Level.SELF_CARE:
        assert plan.steps == ()
        assert plan.withheld and plan.withheld[0].why.strip()
        return

    # Every step has a known kind, a reason and a source; the plan fits the time.
    assert plan.total_seconds <= profile.minutes * 60
    for step in plan.steps:
        assert step.kind in STEP_KINDS
        assert step.why.strip() and step.source.strip() and step.source_id in kb.sources
        assert step.tool is None or step.tool in kb.tools
        assert step.seconds >= 0 and step.repetitions >= 1
    for item in plan.withheld:
        assert item.what.strip() and item.why.strip()

    releases = [s for s in plan.steps if s.kind == "self_release"]
    # Blood thinners or a bleeding disorder: no massage gun, no deep pressure.
    if person.conditions & BLEEDING:
        assert all(s.tool != "massage_gun" for s in plan.steps)
        for s in releases:
            assert s.pressure == "light"
            assert not kb.tools[s.tool].is_percussive
    # "Talk to a professional first": no self-release.
    if person.conditions & PROFESSIONAL_FIRST:
        assert releases == []
    # Reduced sensation: no heat or cold.
    if person.conditions & REDUCED_SENSATION or "numbness" in person.symptoms:
        assert not {"heat", "cold"} & set(kinds(plan))
    # Never percussion on a neck region.
    for s in plan.steps:
        if s.tool and kb.tools[s.tool].is_percussive:
            assert s.region not in neck_regions(kb)
            assert not set(kb.muscles[muscle_id].regions) & neck_regions(kb)
    # Everything the precautions take away is reported with a reason.
    limits = safety_limits(person, kb)
    used = {s.tool for s in plan.steps}
    assert not used & set(limits.excluded_tools)


@settings(max_examples=300, deadline=None)
@given(facts_strategy, st.frozensets(st.sampled_from(sorted(KB.tools))), muscle_strategy)
def test_property_precautions_hold_even_if_triage_says_self_care(facts, tools, muscle_id):
    """Safety does not lean on triage alone: force a self-care result and check again."""
    kb = KB
    forced = TriageResult(Level.SELF_CARE, (), "", True, (), facts)
    plan = build_plan(muscle_id, Profile(tools=tools), forced, kb)
    assert plan.level is Level.SELF_CARE
    releases = [s for s in plan.steps if s.kind == "self_release"]
    if facts.conditions & PROFESSIONAL_FIRST:
        assert releases == []
    if facts.conditions & BLEEDING:
        assert all(s.tool != "massage_gun" for s in plan.steps)
        assert all(s.pressure == "light" and not kb.tools[s.tool].is_deep for s in releases)
    if facts.conditions & REDUCED_SENSATION or "numbness" in facts.symptoms:
        assert not {"heat", "cold"} & set(kinds(plan))
    neck = neck_regions(kb)
    for s in plan.steps:
        if s.tool and kb.tools[s.tool].is_percussive:
            assert not set(kb.muscles[muscle_id].regions) & neck
    for step in plan.steps:
        assert step.why.strip() and step.source.strip()
    assert plan.total_seconds <= 10 * 60
