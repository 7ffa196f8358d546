"""Finding a muscle by whatever a person calls it: id, name, nickname or a near miss."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Muscle


def find_muscle(query: str, kb: KnowledgeBase) -> Muscle | list[str]:
    """The muscle meant by `query`, or a short list of suggestions when unsure."""
    key = " ".join(query.lower().replace("-", " ").replace("_", " ").split())
    names: dict[str, str] = {}
    for muscle in kb.muscles.values():
        for label in (muscle.id.replace("_", " "), muscle.name.lower(), *muscle.aliases):
            names[label] = muscle.id
    if key in names:
        return kb.muscles[names[key]]
    matches = process.extract(key, list(names), scorer=fuzz.WRatio, limit=5, score_cutoff=70)
    ids = list(dict.fromkeys(names[m[0]] for m in matches))
    if matches and matches[0][1] >= 90 and len(ids) == 1:
        return kb.muscles[ids[0]]
    return ids[:3]


def search_muscles(query: str, kb: KnowledgeBase, limit: int = 10) -> list[Muscle]:
    """Muscles whose names, aliases, regions or summary match the query, best first."""
    key = query.lower().strip()
    if not key:
        return sorted(kb.muscles.values(), key=lambda m: m.name)
    scored = []
    for muscle in kb.muscles.values():
        haystack = " ".join(
            [
                muscle.name,
                *muscle.aliases,
                muscle.summary,
                muscle.trigger_point,
                *(kb.regions[r].name for r in muscle.regions),
            ]
        ).lower()
        score = fuzz.partial_ratio(key, haystack)
        if score >= 75:
            scored.append((score, muscle))
    scored.sort(key=lambda s: (-s[0], s[1].name))
    return [m for _s, m in scored[:limit]]
