"""The few calls every shell (CLI, web, API) makes: one function per question.

Shells parse their input and call these; nothing here prints or reads files
other than the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unknot.core.clock import Clock, SystemClock
from unknot.core.facts import parse_facts
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.language import understand
from unknot.core.model import Candidate, Location, TriageResult
from unknot.core.referral import rank
from unknot.core.triage import evaluate


def triage_facts(obj: Any, kb: KnowledgeBase | None = None) -> TriageResult:
    """Triage a contract facts object (raises FactsError on bad input)."""
    kb = kb or default_kb()
    return evaluate(parse_facts(obj, kb), kb)


def triage_text(
    text: str, kb: KnowledgeBase | None = None, clock: Clock | None = None
) -> TriageResult:
    """Triage a person's own description; the facts understood are in the result."""
    kb = kb or default_kb()
    understood = understand(text, kb, (clock or SystemClock()).today())
    return evaluate(understood.facts, kb, understood.notes)


@dataclass(frozen=True)
class WhereResult:
    locations: tuple[Location, ...]
    candidates: tuple[Candidate, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "regions": [loc.to_json() for loc in self.locations],
            "candidates": [c.to_json() for c in self.candidates],
        }


def where(regions: list[str], kb: KnowledgeBase | None = None, limit: int = 8) -> WhereResult:
    """Rank muscles for region ids (raises FactsError naming the closest id on a typo)."""
    kb = kb or default_kb()
    locations = parse_facts({"locations": regions}, kb).locations
    return WhereResult(locations, tuple(rank([loc.region for loc in locations], kb, limit)))


def rank_text(
    text: str, kb: KnowledgeBase | None = None, clock: Clock | None = None, limit: int = 8
) -> WhereResult:
    """Rank muscles for a description in plain words."""
    kb = kb or default_kb()
    facts = understand(text, kb, (clock or SystemClock()).today()).facts
    regions = [loc.region for loc in facts.locations]
    return WhereResult(facts.locations, tuple(rank(regions, kb, limit)))
