"""Facts in, care level out: the safety engine.

Every rule is evaluated; the most urgent level among those that fire wins, so
a red flag can never be outvoted by a reassuring rule. Adding a finding can
only add firing rules (the rule language forbids negating findings), which is
what makes "more symptoms never lower the level" hold.
"""

from __future__ import annotations

import functools

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Facts, Level, Reason, Rule, TriageResult
from unknot.core.rules import atoms_of

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
    atoms = atoms_of(facts)
    fired = [rule for rule in _candidates(kb, atoms) if rule.when.holds(facts)]
    level = max((rule.level for rule in fired), default=Level.SELF_CARE)
    reason_of = _reasons(kb)
    blocked = any(rule.blocks_self_release for rule in fired)
    if level >= Level.URGENT:
        # Hands off until seen: self-care precautions would only distract.
        precautions: tuple[str, ...] = (_HANDS_OFF,)
    else:
        applicable = [
            p
            for p in kb.precautions
            if p.when is None
            or ((p.requires is None or not p.requires.isdisjoint(atoms)) and p.when.holds(facts))
        ]
        blocked = blocked or any(p.blocks_self_release for p in applicable)
        precautions = tuple(p.text for p in applicable)
    return TriageResult(
        level=level,
        reasons=tuple(reason_of[rule.id] for rule in fired),
        advice=_advice(level, fired),
        self_care_allowed=level <= Level.SEE_PROFESSIONAL and not blocked,
        precautions=precautions,
        facts=facts,
        notes=notes,
    )


@functools.cache
def _reasons(kb: KnowledgeBase) -> dict[str, Reason]:
    """Each rule's reason, built once: a reason depends on the rule alone."""
    return {
        rule.id: Reason(
            rule=rule.id,
            text=rule.rationale,
            source=kb.source_text(rule.sources[0]),
            level=rule.level,
            is_red_flag=rule.is_red_flag,
            title=rule.title,
            advice=rule.advice,
        )
        for rule in kb.rules
    }


@functools.cache
def _rule_index(kb: KnowledgeBase) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """Rules that need no finding, and for each finding the rules it can wake."""
    always: list[int] = []
    by_atom: dict[str, list[int]] = {}
    for i, rule in enumerate(kb.rules):
        if rule.requires is None:
            always.append(i)
        else:
            for atom in rule.requires:
                by_atom.setdefault(atom, []).append(i)
    return tuple(always), {a: tuple(ids) for a, ids in by_atom.items()}


def _candidates(kb: KnowledgeBase, atoms: frozenset[str]) -> list[Rule]:
    # Only rules that could fire are evaluated, in the knowledge base's order
    # (red flags first): the answer is the same as checking every rule.
    always, by_atom = _rule_index(kb)
    picked = set(always)
    for atom in atoms:
        picked.update(by_atom.get(atom, ()))
    return [kb.rules[i] for i in sorted(picked)]


def _advice(level: Level, fired: list[Rule]) -> str:
    # The most urgent rule's own advice speaks for the result; rules are ordered
    # red flags first, so the first rule at the top level is the one to follow.
    for rule in fired:
        if rule.level == level:
            return rule.advice
    return _DEFAULT_ADVICE[level]
