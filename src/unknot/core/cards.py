"""A muscle card as plain data: what the CLI prints and the API returns."""

from __future__ import annotations

from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Muscle


def muscle_json(muscle: Muscle, kb: KnowledgeBase) -> dict[str, Any]:
    release, stretch = muscle.self_release, muscle.stretch
    return {
        "muscle": muscle.id,
        "name": muscle.name,
        "aliases": list(muscle.aliases),
        "summary": muscle.summary,
        "trigger_point": muscle.trigger_point,
        "regions": list(muscle.regions),
        "referral_primary": list(muscle.referral_primary),
        "referral_spillover": list(muscle.referral_spillover),
        "aggravating": list(muscle.aggravating),
        "signs": list(muscle.signs),
        "cautions": list(muscle.cautions),
        "self_release": {
            "tools": list(release.tools),
            "position": release.position,
            "instructions": release.instructions,
            "pressure": release.pressure,
            "hold_s": release.hold_s,
            "repetitions": release.repetitions,
            "avoid": list(release.avoid),
        },
        "stretch": {
            "name": stretch.name,
            "instructions": stretch.instructions,
            "hold_s": stretch.hold_s,
            "repetitions": stretch.repetitions,
            "is_recommended": stretch.is_recommended,
            "note": stretch.note,
        },
        "sources": [{"id": s, "citation": kb.source_text(s)} for s in muscle.sources],
        "evidence": muscle.evidence,
        "reviewed": muscle.reviewed,
    }
