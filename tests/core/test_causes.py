"""Answers in, a score per contributing factor out: honest about what was not answered."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.causes import score
from unknot.core.kb import default_kb

KB = default_kb()


def all_at(level: str) -> dict[str, int]:
    pick = min if level == "min" else max
    return {q.id: pick(a.value for a in q.answers) for q in KB.questions.values()}


def test_all_lowest_answers_score_zero_and_nothing_stands_out(kb):
    profile = score(all_at("min"), kb)
    assert {f.score for f in profile.factors} == {0}
    assert all(f.level == "low" and not f.drivers for f in profile.factors)
    assert profile.main == () and profile.unanswered == ()
    assert "None of the six factors stands out" in profile.headline


def test_all_highest_answers_score_100(kb):
    profile = score(all_at("max"), kb)
    assert {f.score for f in profile.factors} == {100}
    assert all(f.level == "high" for f in profile.factors)


def test_a_factor_is_scored_from_its_answered_questions_only(kb):
    profile = score({"stress_level": 3, "stress_clenching": 1}, kb)
    stress = next(f for f in profile.factors if f.factor == "stress")
    assert stress.score == round(100 * 4 / 6)  # the unanswered third question is left out
    assert (stress.answered, stress.asked) == (2, 3)
    assert [d.question for d in stress.drivers] == ["stress_level", "stress_clenching"]
    assert stress.drivers[0].answer == "Very much"
    assert profile.factors[0] is stress  # ranked first
    assert "stress_unwind" in profile.unanswered


def test_factors_without_answers_have_no_score_and_come_last(kb):
    profile = score({"recovery_sleep": 0}, kb)
    assert profile.factors[0].factor == "poor_recovery" and profile.factors[0].score == 0
    rest = profile.factors[1:]
    assert all(f.score is None and f.level == "unknown" for f in rest)
    assert [f.factor for f in rest] == [f for f in kb.factors if f != "poor_recovery"]
    assert len(profile.unanswered) == len(kb.questions) - 1


def test_no_answers_at_all_is_not_an_error(kb):
    profile = score({}, kb)
    assert profile.answers == () and len(profile.unanswered) == len(kb.questions)
    assert "No questions answered" in profile.headline


def test_drivers_are_the_answers_above_zero_strongest_first(kb):
    profile = score({"underuse_sitting_hours": 1, "underuse_longest_sit": 3}, kb)
    underuse = profile.factors[0]
    assert underuse.factor == "underuse"
    assert [(d.question, d.value) for d in underuse.drivers] == [
        ("underuse_longest_sit", 3),
        ("underuse_sitting_hours", 1),
    ]
    assert underuse.what_to_change == kb.factors["underuse"].what_to_change


def test_ties_keep_the_questionnaire_order_of_factors(kb):
    profile = score({"overuse_breaks": 2, "posture_one_sided": 2}, kb)
    assert [f.factor for f in profile.main] == ["overuse", "posture"]
    assert profile.headline.endswith("overuse (repetition), then posture.")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"stres_level": 1}, "unknown question 'stres_level' (did you mean stress_level?)"),
        ({"stress_level": 4}, "question 'stress_level': 4 is not one of its answers (0, 1, 2, 3)"),
        ({"stress_level": True}, "question 'stress_level': the answer must be a whole number"),
        ({"stress_level": "2"}, "question 'stress_level': the answer must be a whole number"),
    ],
)
def test_bad_ids_and_values_raise_a_plain_value_error(kb, answers, message):
    with pytest.raises(ValueError) as exc:
        score(answers, kb)
    assert message in str(exc.value)


def test_to_json_carries_everything_and_the_answers_score_again(kb):
    profile = score({"stress_level": 2, "recovery_sleep": 3, "posture_workspace": 1}, kb)
    out = json.loads(json.dumps(profile.to_json()))
    assert set(out) == {"headline", "factors", "answers", "unanswered"}
    first = out["factors"][0]
    assert set(first) == {
        "factor",
        "name",
        "score",
        "level",
        "summary",
        "drivers",
        "what_to_change",
        "answered",
        "asked",
    }
    assert set(first["drivers"][0]) == {"question", "text", "answer", "value"}
    assert out["answers"] == {"posture_workspace": 1, "stress_level": 2, "recovery_sleep": 3}
    assert score(out["answers"], kb) == profile


ANSWER_SETS = st.fixed_dictionaries(
    {},
    optional={q.id: st.sampled_from([a.value for a in q.answers]) for q in KB.questions.values()},
)


@settings(max_examples=150, deadline=None)
@given(answers=ANSWER_SETS, pick=st.sampled_from(sorted(KB.questions)))
def test_a_stronger_answer_never_lowers_its_factor_and_leaves_others_alone(answers, pick):
    question = KB.questions[pick]
    top = question.max_value
    before = {f.factor: f.score for f in score(answers, KB).factors}
    after = {f.factor: f.score for f in score({**answers, pick: top}, KB).factors}
    if pick in answers:
        assert after[question.factor] >= before[question.factor]
    for fid in KB.factors:
        if fid != question.factor:
            assert after[fid] == before[fid]
    assert all(s is None or 0 <= s <= 100 for s in after.values())
