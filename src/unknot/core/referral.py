"""Where it hurts -> which muscles may host the knot, best first.

Scores follow Travell and Simons' distinction between the essential zone
(where most people with a knot in that muscle feel it) and the spill-over
zone (where only some do). A muscle that explains every place the person
named outranks one that explains a single place very well.
"""

from __future__ import annotations

from collections.abc import Iterable

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Candidate, Muscle

PRIMARY, SITE, SPILLOVER = 1.0, 0.85, 0.45


def rank(regions: Iterable[str], kb: KnowledgeBase, limit: int = 8) -> list[Candidate]:
    wanted = list(dict.fromkeys(regions))
    if not wanted:
        return []
    scored = []
    for muscle in kb.muscles.values():
        weights = [_weight(muscle, r) for r in wanted]
        if not any(weights):
            continue
        coverage = sum(weights) / len(wanted)
        # Among equal fits, prefer the muscle with the more specific map.
        zones = len(set(muscle.referral_primary) | set(muscle.referral_spillover))
        specificity = 0.04 / (1 + zones / 4)
        score = round(min(coverage * 0.96 + specificity, 1.0), 3)
        scored.append((score, muscle.name, muscle, weights))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [
        Candidate(m.id, m.name, score, _why(m, wanted, weights, kb))
        for score, _name, m, weights in scored[:limit]
    ]


def _weight(muscle: Muscle, region: str) -> float:
    if region in muscle.referral_primary:
        return PRIMARY
    if region in muscle.regions:
        return SITE
    if region in muscle.referral_spillover:
        return SPILLOVER
    return 0.0


def _why(muscle: Muscle, wanted: list[str], weights: list[float], kb: KnowledgeBase) -> str:
    def names(kind: float) -> list[str]:
        return [
            kb.regions[r].name.lower() for r, w in zip(wanted, weights, strict=True) if w == kind
        ]

    parts = []
    main, site, spill = names(PRIMARY), names(SITE), names(SPILLOVER)
    if main:
        parts.append(f"knots in this muscle commonly send pain to the {_and(main)}")
    if site:
        parts.append(f"the knot itself often sits at the {_and(site)}")
    if spill:
        parts.append(f"it sometimes spreads to the {_and(spill)}")
    missing = [kb.regions[r].name.lower() for r, w in zip(wanted, weights, strict=True) if not w]
    text = "; ".join(parts)
    text = text[0].upper() + text[1:] + "."
    if missing:
        text += f" It does not explain the {_and(missing)}."
    return text


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
