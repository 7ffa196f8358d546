"""What a personal experiment can compare, and what a person's safety rules out.

An option is a knowledge-base id: a strategy (heat, cold, a movement, a relaxation), a
tool (massage ball, foam roller ...), a break movement, or a time of day for the whole
routine (morning, evening). The presets are the comparisons people ask about most.
Safety comes first here as everywhere: an option the person's precautions rule out
(warmth and cold with reduced sensation, a massage gun on the neck ...) cannot be chosen,
and the reason is the precaution's own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from unknot.core.experiments import DesignError, Option
from unknot.core.kb import KnowledgeBase
from unknot.core.model import Facts
from unknot.core.planner import safety_limits

PRESETS: dict[str, tuple[str, str]] = {
    "heat_cold": ("heat", "cold"),
    "ball_roller": ("massage_ball", "foam_roller"),
    "morning_evening": ("morning", "evening"),
}
ROUTINE_TIMES = {"morning": "Morning routine", "evening": "Evening routine"}
SHORT_LABELS = {"heat": "Warmth", "cold": "Cold"}
STRATEGY_KINDS = ("heat", "cold", "movement", "relaxation")  # kinds worth comparing
GROUPS = {
    "heat": "Warmth and cold",
    "cold": "Warmth and cold",
    "movement": "Movements",
    "relaxation": "Relaxation",
}


@dataclass(frozen=True)
class Choice:
    """One thing that can be compared, as a setup form lists it."""

    id: str
    label: str
    group: str


def option(option_id: str, kb: KnowledgeBase) -> Option:
    """The option for a knowledge-base id, with a short label; DesignError if unknown."""
    if option_id in SHORT_LABELS:
        return Option(option_id, SHORT_LABELS[option_id])
    if option_id in ROUTINE_TIMES:
        return Option(option_id, ROUTINE_TIMES[option_id])
    if option_id in kb.strategies and kb.strategies[option_id].kind in STRATEGY_KINDS:
        return Option(option_id, kb.strategies[option_id].title)
    if option_id in kb.tools and option_id != "hands":
        return Option(option_id, kb.tools[option_id].name)
    if option_id in kb.movements:
        return Option(option_id, kb.movements[option_id].name)
    raise DesignError(f"unknown thing to compare: {option_id!r}")


def choices(kb: KnowledgeBase) -> list[Choice]:
    """Everything that can be compared, grouped, in a stable order."""
    found = [
        Choice(s.id, option(s.id, kb).label, GROUPS[s.kind])
        for s in sorted(kb.strategies.values(), key=lambda s: (s.kind, s.title))
        if s.kind in STRATEGY_KINDS
    ]
    found += [
        Choice(t.id, t.name, "Tools") for t in sorted(kb.tools.values(), key=lambda t: t.name)
    ]
    found = [c for c in found if c.id != "hands"]
    found += [
        Choice(m.id, m.name, "Break movements")
        for m in sorted(kb.movements.values(), key=lambda m: m.name)
        if m.id not in kb.strategies
    ]
    found += [Choice(i, label, "Time of day") for i, label in ROUTINE_TIMES.items()]
    return found


def ruled_out(option_id: str, facts: Facts, kb: KnowledgeBase) -> str | None:
    """Why the person's precautions rule this option out, or None if it is allowed."""
    limits = safety_limits(facts, kb)
    kind = kb.strategies[option_id].kind if option_id in kb.strategies else None
    if kind in ("heat", "cold") and limits.blocks_heat_cold:
        return limits.blocks_heat_cold[0].text
    if option_id in kb.tools:
        if limits.blocks_self_release:
            return limits.blocks_self_release[0].text
        if option_id in limits.excluded_tools:
            return limits.excluded_tools[option_id].text
        regions = {loc.region for loc in facts.locations}
        if kb.tools[option_id].is_percussive:
            for region in sorted(regions & set(limits.no_percussion)):
                return limits.no_percussion[region].text
    return None
