"""Facts in, care level out: the safety engine.

Every rule is evaluated; the most urgent level among those that fire wins, so
a red flag can never be outvoted by a reassuring rule. Adding a finding can
only add firing rules (the rule language forbids negating findings), which is
what makes "more symptoms never lower the level" hold.
"""

from __future__ import annotations

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Facts, Level, Reason, Rule, TriageResult

_DEFAULT_ADVICE = {
    Level.SELF_CARE: (
        "Gentle self-care looks reasonable. Start with light pressure and easy movement, "
        "stop anything that makes it worse, and check in again in a few days. If it is not "
        "clearly better within one to two weeks, or it gets worse, see a physical therapist "
        "or doctor."
    ),
    Level.SEE_PROFESSIONAL: (
        "Book an appointment with a physical therapist or doctor in the coming days. "
        "Meanwhile, gentle self-care is fine as long as it does not make things worse."
    ),
    Level.URGENT: "Please see a doctor today.",
    Level.EMERGENCY: "Call your local emergency number now, or go to the nearest emergency "
    "department.",
}
_HANDS_OFF = "Until you have been checked, do not massage, press, stretch, heat or cool the area."


def evaluate(facts: Facts, kb: KnowledgeBase, notes: tuple[str, ...] = ()) -> TriageResult:
    """Triage one knot. `notes` carries what the language layer wants the person to see."""
    fired = [rule for rule in kb.rules if rule.when.holds(facts)]
    level = max((rule.level for rule in fired), default=Level.SELF_CARE)
    reasons = tuple(
        Reason(
            rule=rule.id,
            text=rule.rationale,
            source=kb.source_text(rule.sources[0]),
            level=rule.level,
            is_red_flag=rule.is_red_flag,
            title=rule.title,
            advice=rule.advice,
        )
        for rule in fired
    )
    applicable = [p for p in kb.precautions if p.when is None or p.when.holds(facts)]
    blocked = any(r.blocks_self_release for r in fired) or any(
        p.blocks_self_release for p in applicable
    )
    self_care_allowed = level <= Level.SEE_PROFESSIONAL and not blocked
    if level >= Level.URGENT:
        precautions: tuple[str, ...] = (_HANDS_OFF,)
    else:
        precautions = tuple(p.text for p in applicable)
    return TriageResult(
        level=level,
        reasons=reasons,
        advice=_advice(level, fired),
        self_care_allowed=self_care_allowed,
        precautions=precautions,
        facts=facts,
        notes=notes,
    )


def _advice(level: Level, fired: list[Rule]) -> str:
    # The most urgent rule's own advice speaks for the result; rules are ordered
    # red flags first, so the first rule at the top level is the one to follow.
    for rule in fired:
        if rule.level == level:
            return rule.advice
    return _DEFAULT_ADVICE[level]
