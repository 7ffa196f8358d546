"""The causes questionnaire: answers in, how much each contributing factor seems to play a part.

Six factors (overuse, underuse, posture, a sudden movement or minor injury, stress and
tension, poor recovery) are each scored by a few plain questions in `kb/questions/`. A
factor's score is what its answered questions gave over the most they could give, from 0 to
100. A question left unanswered is reported and left out, never guessed; a factor none of
whose questions was answered has no score at all.

These are things worth looking at, not a diagnosis of why a knot is there. To keep a profile,
store `CauseProfile.to_json()` (it carries the answers) and score the answers again later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.core.schema import suggest

HIGH, MODERATE = 60, 30  # score thresholds for the "high" and "moderate" labels


@dataclass(frozen=True)
class Driver:
    """An answer that raised a factor's score."""

    question: str
    text: str
    answer: str
    value: int

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "text": self.text,
            "answer": self.answer,
            "value": self.value,
        }


@dataclass(frozen=True)
class FactorScore:
    factor: str
    name: str
    summary: str
    score: int | None  # 0-100; None when none of its questions was answered
    drivers: tuple[Driver, ...]  # answers worth more than 0, strongest first
    what_to_change: tuple[str, ...]
    answered: int
    asked: int

    @property
    def level(self) -> str:
        """high | moderate | low | unknown, for labels and colours."""
        if self.score is None:
            return "unknown"
        return "high" if self.score >= HIGH else "moderate" if self.score >= MODERATE else "low"

    def to_json(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "name": self.name,
            "score": self.score,
            "level": self.level,
            "summary": self.summary,
            "drivers": [d.to_json() for d in self.drivers],
            "what_to_change": list(self.what_to_change),
            "answered": self.answered,
            "asked": self.asked,
        }


@dataclass(frozen=True)
class CauseProfile:
    factors: tuple[FactorScore, ...]  # ranked: highest score first, unscored factors last
    answers: tuple[tuple[str, int], ...]  # (question id, value) in questionnaire order
    unanswered: tuple[str, ...]  # question ids, in questionnaire order

    @property
    def main(self) -> tuple[FactorScore, ...]:
        """The factors that stand out (moderate or high), most important first."""
        return tuple(f for f in self.factors if f.level in ("high", "moderate"))

    @property
    def headline(self) -> str:
        if not self.answers:
            return "No questions answered yet, so there is nothing to score."
        main = self.main
        if not main:
            return (
                "None of the six factors stands out from your answers. Keep moving, "
                "take breaks and look after your sleep, and check in again if the knot stays."
            )
        if len(main) == 1:
            return f"From your answers, the main thing to look at is {main[0].name.lower()}."
        first, second = (f.name.lower() for f in main[:2])
        return f"From your answers, the main things to look at are {first}, then {second}."

    def to_json(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "factors": [f.to_json() for f in self.factors],
            "answers": dict(self.answers),
            "unanswered": list(self.unanswered),
        }


def score(answers: Mapping[str, int], kb: KnowledgeBase) -> CauseProfile:
    """Score the six factors from answers {question id: answer value}.

    Raises ValueError, with a plain message, for an unknown question id or a value that is
    not one of that question's answers.
    """
    for qid, value in answers.items():
        question = kb.questions.get(qid)
        if question is None:
            raise ValueError(f"unknown question {qid!r}{suggest(str(qid), kb.questions)}")
        allowed = ", ".join(str(a.value) for a in question.answers)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"question {qid!r}: the answer must be a whole number ({allowed})")
        if question.answer(value) is None:
            raise ValueError(f"question {qid!r}: {value} is not one of its answers ({allowed})")
    scores = [_factor_score(fid, answers, kb) for fid in kb.factors]
    order = {fid: i for i, fid in enumerate(kb.factors)}
    ranked = sorted(
        scores,
        key=lambda f: (f.score is None, -(f.score or 0), -len(f.drivers), order[f.factor]),
    )
    return CauseProfile(
        factors=tuple(ranked),
        answers=tuple((qid, answers[qid]) for qid in kb.questions if qid in answers),
        unanswered=tuple(qid for qid in kb.questions if qid not in answers),
    )


def _factor_score(fid: str, answers: Mapping[str, int], kb: KnowledgeBase) -> FactorScore:
    factor = kb.factors[fid]
    questions = [q for q in kb.questions.values() if q.factor == fid]
    answered = [q for q in questions if q.id in answers]
    most = sum(q.max_value for q in answered)
    got = sum(answers[q.id] for q in answered)
    drivers = []
    for q in answered:
        answer = q.answer(answers[q.id])
        if answer is not None and answer.value > 0:
            drivers.append(Driver(q.id, q.text, answer.label, answer.value))
    drivers.sort(key=lambda d: -d.value)  # stable: ties keep questionnaire order
    return FactorScore(
        factor=fid,
        name=factor.name,
        summary=factor.summary,
        score=round(100 * got / most) if answered else None,
        drivers=tuple(drivers),
        what_to_change=factor.what_to_change,
        answered=len(answered),
        asked=len(questions),
    )
