"""The guided check's safety questions and its first safe steps."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.api import triage_facts
from unknot.core.language import understand
from unknot.core.screening import SCREENING, first_steps, screening_groups


def test_every_screening_sign_is_a_known_symptom(kb):
    for group in SCREENING:
        assert set(group.symptoms) <= set(kb.symptoms), group.question


def test_every_red_flag_symptom_is_asked_about(kb):
    asked = {s for g in screening_groups(kb) for s in g.symptoms}
    red_flags = {s for s, term in kb.symptoms.items() if term.is_red_flag}
    assert red_flags <= asked


def test_first_steps_for_a_trapezius_knot_include_pressure_and_a_stretch(kb):
    result = triage_facts({"locations": ["shoulder_top"], "pain": 4, "days": 3})
    steps = first_steps(kb.muscles["upper_trapezius"], result, kb)
    assert len(steps) == 2
    assert "ball" in steps[0].title.lower() or "hands" in steps[0].title.lower()
    assert all(step.seconds > 0 and step.repetitions > 0 for step in steps)


def test_blood_thinners_take_the_massage_gun_and_firm_pressure_away(kb):
    result = triage_facts({"locations": ["calf"], "pain": 3, "conditions": ["anticoagulants"]})
    assert result.self_care_allowed
    for muscle in kb.muscles.values():
        for step in first_steps(muscle, result, kb):
            assert "massage gun" not in step.title.lower()
            assert "moderate" not in step.detail.lower().split("keep the pressure")[-1][:30]


def test_no_percussion_for_neck_muscles(kb):
    result = triage_facts({"locations": ["neck_side"], "pain": 3})
    for mid in ("sternocleidomastoid", "scalenes", "levator_scapulae", "upper_trapezius"):
        for step in first_steps(kb.muscles[mid], result, kb):
            assert "massage gun" not in step.title.lower()


def test_no_steps_when_self_care_is_not_allowed(kb):
    result = triage_facts({"locations": ["calf"], "conditions": ["circulatory_disorder"]})
    assert first_steps(kb.muscles["gastrocnemius"], result, kb) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all_gives_valid_facts(text):
    from unknot.core.kb import default_kb

    kb = default_kb()
    facts = understand(text, kb, date(2026, 11, 28)).facts
    assert {loc.region for loc in facts.locations} <= set(kb.regions)
    assert facts.symptoms <= set(kb.symptoms)
    assert facts.pain is None or 0 <= facts.pain <= 10
    assert facts.age is None or 10 <= facts.age <= 120


WORDS = st.sampled_from(
    "my left right calf neck shoulder no not numbness tingling swollen warm and or but maybe "
    "if my dad had a clot fever last year pain 7/10 for 3 weeks I'm 72 , . ? since monday "
    "pins needles chest worse better".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25).map(" ".join))
def test_word_salad_from_the_lexicon_never_breaks_the_parser(text):
    from unknot.core.api import triage_text

    result = triage_text(text)
    assert result.level is not None
