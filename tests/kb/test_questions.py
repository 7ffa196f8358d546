"""The causes questionnaire's data: six factors, a few plain questions each, checked strictly."""

import shutil
from pathlib import Path

import pytest

from unknot.core.kb import DEFAULT_PATH, check
from unknot.core.reference import render
from unknot.core.schema import FACTORS


def test_there_are_exactly_the_six_factors_in_order(kb):
    assert (
        tuple(kb.factors)
        == FACTORS
        == (
            "overuse",
            "underuse",
            "posture",
            "sudden_movement",
            "stress",
            "poor_recovery",
        )
    )


def test_each_factor_has_two_or_three_questions_and_twelve_to_eighteen_in_all(kb):
    assert 12 <= len(kb.questions) <= 18
    for fid in kb.factors:
        count = sum(q.factor == fid for q in kb.questions.values())
        assert 2 <= count <= 3, fid


def test_questions_are_plain_single_questions_with_a_zero_answer(kb):
    for q in kb.questions.values():
        assert q.text.endswith("?") and q.text.count("?") == 1, q.id
        assert len(q.text) <= 200, q.id
        values = [a.value for a in q.answers]
        assert values == sorted(values) and values[0] == 0 and len(set(values)) == len(values)
        assert all(0 <= v <= 3 for v in values)
        assert all(a.label.strip() for a in q.answers)


def test_factors_say_what_to_change_and_everything_cites_known_sources(kb):
    for f in kb.factors.values():
        assert 3 <= len(f.what_to_change) <= 5, f.id
        assert f.sources and set(f.sources) <= set(kb.sources), f.id
    for q in kb.questions.values():
        assert q.sources and set(q.sources) <= set(kb.sources), q.id


def test_questions_are_asked_grouped_by_factor(kb):
    factors = [q.factor for q in kb.questions.values()]
    assert factors == sorted(factors, key=FACTORS.index)


def test_the_reference_lists_every_question(kb):
    text = render(kb)
    for qid in kb.questions:
        assert f"`{qid}`" in text


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    return root


def problems_for(root: Path, rel: str, text: str) -> list[str]:
    (root / rel).write_text(text, encoding="utf-8")
    return [str(p) for p in check(root)]


def test_a_bad_question_is_reported_field_by_field(kb_copy):
    problems = problems_for(
        kb_copy,
        "questions/odd_one.toml",
        """schema_version = 1
id = "odd_one"
factor = "posturre"
text = "Is this a question?"
answers = [{ label = "Yes", value = 1 }, { label = "Very", value = 5 }]
sources = ["no_such_source"]
""",
    )
    assert "questions/odd_one.toml:factor: unknown factor 'posturre' (did you mean posture?)" in (
        problems
    )
    assert "questions/odd_one.toml:answers[1].value: 5 is outside 0..3" in problems
    assert "questions/odd_one.toml:sources: unknown source 'no_such_source'" in problems


def test_answers_need_a_zero_and_distinct_values(kb_copy):
    problems = problems_for(
        kb_copy,
        "questions/no_zero.toml",
        """schema_version = 1
id = "no_zero"
factor = "stress"
text = "Is this a question?"
answers = [{ label = "Some", value = 1 }, { label = "Lots", value = 2 }]
sources = ["drugs_myofascial_pain_syndrome"]
""",
    )
    assert any("no_zero.toml:answers: needs an answer worth 0" in p for p in problems)
    problems = problems_for(
        kb_copy,
        "questions/no_zero.toml",
        """schema_version = 1
id = "no_zero"
factor = "stress"
text = "Is this a question?"
answers = [{ label = "No", value = 0 }, { label = "Yes", value = 0, colour = "red" }]
sources = ["drugs_myofascial_pain_syndrome"]
""",
    )
    assert any("no_zero.toml:answers[1].colour: unknown key" in p for p in problems)


def test_a_missing_factor_and_a_factor_without_questions_are_reported(kb_copy):
    (kb_copy / "factors" / "stress.toml").unlink()
    for path in (kb_copy / "questions").glob("posture_*.toml"):
        path.unlink()
    problems = [str(p) for p in check(kb_copy)]
    assert "factors/stress.toml:-: missing: every contributing factor needs a file" in problems
    assert "factors/posture.toml:-: needs at least two questions in questions/" in problems


def test_a_factor_outside_the_six_is_refused(kb_copy):
    problems = problems_for(
        kb_copy,
        "factors/weather.toml",
        """schema_version = 1
id = "weather"
name = "Weather"
summary = "Cold days."
what_to_change = ["Wear a scarf.", "Stay warm.", "Move more."]
sources = ["drugs_myofascial_pain_syndrome"]
""",
    )
    assert any(p.startswith("factors/weather.toml:id: 'weather' is not one of") for p in problems)
