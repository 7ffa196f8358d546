"""Which movement a break brings: variety as a rule, aimed at the person's own knots.

- Never the same movement twice in a row: the last break's movements are left out.
- Regions rotate: two breaks in three go to the region of interest (from the person's
  knots) that was helped longest ago, so each one comes round within a day; the third
  goes somewhere the last breaks did not.
- Weight: movements for the knots' muscles and regions, and for the person's main
  contributing factors, are picked more often; recently used ones less.
- A movement the person said hurt or did not like is never offered again, nor one whose
  `avoid_with` names one of their conditions.
- Sit-stand changes, water and posture resets are mixed in by share, never twice in a row.

Randomness is seeded from the day, the settings and the break's place in the day, so the
same day with the same settings gives the same breaks (reproducible and testable).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from unknot.core.model import Movement
from unknot.core.schedule import (
    DROPPED,
    EXTRA_KINDS,
    BreakConfig,
    BreakKind,
    BreakState,
    Taken,
)

if TYPE_CHECKING:
    from unknot.core.kb import KnowledgeBase

INTEREST = 1.0  # a region weighted at least this much is one the breaks rotate through
RECENT = 6  # movements shown in the last this-many breaks are picked less often
LONG_MOST = 6  # movements in one longer break, at most
SHARES = {  # how often each kind fills a short break, before the person's causes
    BreakKind.MICRO: 1.0,
    BreakKind.POSTURE_RESET: 0.3,
    BreakKind.SIT_STAND: 0.3,
    BreakKind.WATER: 0.3,
}
# What the causes questionnaire adds (a factor's 0-100 score / 100 times these weights).
# Posture and sitting still answer to posture resets and getting up; poor recovery to
# water; overuse at a desk and stress to the places they usually load.
CAUSE_KINDS = {
    "posture": {BreakKind.POSTURE_RESET: 1.0},
    "underuse": {BreakKind.SIT_STAND: 1.0, BreakKind.LONG: 0.5},
    "poor_recovery": {BreakKind.WATER: 1.0},
}
CAUSE_REGIONS = {
    "overuse": ("forearm_front", "forearm_back", "wrist_front", "wrist_back"),
    "stress": ("jaw", "shoulder_top", "neck_back"),
    "posture": ("neck_back", "upper_back", "chest"),
}
CAUSE_REGION_WEIGHT = 0.5  # below INTEREST: causes lean the choice, knots set the rotation


@dataclass(frozen=True)
class Focus:
    """What the person's breaks should favour; built from their knots and causes."""

    regions: Mapping[str, float] = field(default_factory=dict)
    muscles: Mapping[str, float] = field(default_factory=dict)
    kinds: Mapping[str, float] = field(default_factory=dict)
    conditions: frozenset[str] = frozenset()

    @property
    def interest(self) -> tuple[str, ...]:
        """Regions the breaks rotate through, most important first."""
        chosen = [(-w, r) for r, w in self.regions.items() if w >= INTEREST]
        return tuple(r for _, r in sorted(chosen))


def build_focus(
    knots: Iterable[tuple[str, str]],
    causes: Mapping[str, int],
    conditions: Iterable[str],
    kb: KnowledgeBase,
) -> Focus:
    """Focus from the person's active knots (region, suspected muscle or "") and their
    cause scores (factor -> 0-100). Ids the knowledge base does not know are left out."""
    regions: dict[str, float] = {}
    muscles: dict[str, float] = {}
    for region, muscle in knots:
        if region in kb.regions:
            regions[region] = regions.get(region, 0) + 2
        if muscle in kb.muscles:
            muscles[muscle] = muscles.get(muscle, 0) + 3
            for where in kb.muscles[muscle].regions:
                regions[where] = regions.get(where, 0) + 1
    kinds: dict[str, float] = {}
    for factor, score in causes.items():
        share = max(min(score, 100), 0) / 100
        for kind, weight in CAUSE_KINDS.get(factor, {}).items():
            kinds[kind] = kinds.get(kind, 0) + weight * share
        for region in CAUSE_REGIONS.get(factor, ()):
            if region in kb.regions:
                regions[region] = regions.get(region, 0) + CAUSE_REGION_WEIGHT * share
    return Focus(regions, muscles, kinds, frozenset(c for c in conditions if c in kb.conditions))


def seeded(config: BreakConfig, state: BreakState, at: datetime, salt: str) -> random.Random:
    """Reproducible: the same day, settings and place in the day give the same draw."""
    place = sum(1 for t in state.history if t.at.date() == at.date())
    return random.Random(f"{at.date().isoformat()}|{config.fingerprint()}|{place}|{salt}")


# --- the kind of a short break --------------------------------------------------------------


def pick_kind(
    config: BreakConfig, state: BreakState, at: datetime, kb: KnowledgeBase, focus: Focus
) -> BreakKind:
    """A short break's kind: the one furthest behind its share of today's short breaks."""
    today = [t for t in state.shown() if t.at.date() == at.date() and t.kind is not BreakKind.LONG]
    last = today[-1].kind if today else None
    counts = {kind: sum(t.kind is kind for t in today) for kind in SHARES}
    offered = [BreakKind.MICRO] + [
        k
        for k in EXTRA_KINDS
        if k in config.kinds and k is not last and eligible(config, state, kb, focus, k)
    ]
    shares = {k: SHARES[k] * (1 + focus.kinds.get(k, 0)) for k in offered}
    total = sum(shares.values())
    behind = {k: shares[k] / total * (len(today) + 1) - counts[k] for k in offered}
    return max(offered, key=lambda k: (behind[k], -offered.index(k)))


# --- the movements ---------------------------------------------------------------------------


def eligible(
    config: BreakConfig, state: BreakState, kb: KnowledgeBase, focus: Focus, kind: BreakKind
) -> list[Movement]:
    """Movements that may fill a break of `kind` for this person, before variety."""
    want = "movement" if kind in (BreakKind.MICRO, BreakKind.LONG) else kind.value
    shown = state.shown()
    last = set(shown[-1].movements) if shown else set()
    out = []
    for m in _of_kind(kb, want):
        if state.feedback.get(m.id) in DROPPED or m.id in last:
            continue
        if not focus.conditions.isdisjoint(m.avoid_with):
            continue
        if not config.equipment.issuperset(m.equipment):
            continue
        if kind is BreakKind.MICRO and (m.position == "floor" or m.seconds > config.micro_max_s):
            continue
        if kind is BreakKind.LONG and m.seconds > config.long_max_s:
            continue
        out.append(m)
    return out


@functools.lru_cache(maxsize=16)
def _of_kind(kb: KnowledgeBase, break_kind: str) -> tuple[Movement, ...]:
    """The knowledge base's movements for one kind of break, in its order: each Today view
    asks for up to four kinds, and the knowledge base does not change while it is loaded."""
    return tuple(m for m in kb.movements.values() if m.break_kind == break_kind)


def choose(
    config: BreakConfig,
    state: BreakState,
    at: datetime,
    kb: KnowledgeBase,
    focus: Focus,
    kind: BreakKind,
) -> tuple[Movement, ...]:
    """The movement(s) for a break of `kind` at `at`; empty when none is suitable."""
    pool = eligible(config, state, kb, focus, kind)
    if not pool:
        return ()
    rng = seeded(config, state, at, kind.value)
    shown = state.shown()
    first = _pick(rng, _aimed(pool, shown, focus, kb), shown, focus)
    if kind is not BreakKind.LONG:
        return (first,)
    return _fill(rng, first, pool, shown, focus, config)


def _aimed(
    pool: list[Movement], shown: Sequence[Taken], focus: Focus, kb: KnowledgeBase
) -> list[Movement]:
    """Narrow the pool to the region whose turn it is (see the module's docstring)."""
    movement_breaks = [t for t in shown if t.kind in (BreakKind.MICRO, BreakKind.LONG)]
    reachable = [r for r in focus.interest if any(r in m.regions for m in pool)]
    if reachable and len(movement_breaks) % 3 != 2:
        last_seen = _last_covered(shown, kb)
        rank = {r: i for i, r in enumerate(focus.interest)}
        turn = min(reachable, key=lambda r: (last_seen.get(r, -1), rank[r]))
        return [m for m in pool if turn in m.regions]
    recent = {
        r
        for t in movement_breaks[-2:]
        for mid in t.movements
        if mid in kb.movements
        for r in kb.movements[mid].regions
    }
    fresh = [m for m in pool if not set(m.regions) & recent]
    return fresh or pool


def _last_covered(shown: Sequence[Taken], kb: KnowledgeBase) -> dict[str, int]:
    """Region -> the index of the last shown break whose movements helped it."""
    seen: dict[str, int] = {}
    for i, taken in enumerate(shown):
        for mid in taken.movements:
            for region in kb.movements[mid].regions if mid in kb.movements else ():
                seen[region] = i
    return seen


def _weight(m: Movement, shown: Sequence[Taken], focus: Focus) -> float:
    weight = 1.0 + sum(focus.regions.get(r, 0) for r in m.regions)
    weight += sum(focus.muscles.get(mu, 0) for mu in m.muscles)
    if any(m.id in t.movements for t in shown[-RECENT:]):
        weight *= 0.25
    return weight


def _pick(
    rng: random.Random, pool: Sequence[Movement], shown: Sequence[Taken], focus: Focus
) -> Movement:
    weights = [_weight(m, shown, focus) for m in pool]
    return rng.choices(list(pool), weights=weights, k=1)[0]


def _fill(
    rng: random.Random,
    first: Movement,
    pool: list[Movement],
    shown: Sequence[Taken],
    focus: Focus,
    config: BreakConfig,
) -> tuple[Movement, ...]:
    """A longer break: more movements, new places first, until it is long enough."""
    chosen, total = [first], first.seconds
    while total < config.long_min_s and len(chosen) < LONG_MOST:
        covered = {r for m in chosen for r in m.regions}
        fits = [m for m in pool if m not in chosen and total + m.seconds <= config.long_max_s]
        if not fits:
            break
        fresh = [m for m in fits if not set(m.regions) & covered] or fits
        chosen.append(_pick(rng, fresh, shown, focus))
        total += chosen[-1].seconds
    return tuple(chosen)
