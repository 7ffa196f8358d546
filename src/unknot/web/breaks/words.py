"""How a break and a movement are put into words (and markup) for the pages and the overlay."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.safestring import mark_safe

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Movement
from unknot.core.schedule import BreakKind, NextBreak

TITLES = {
    BreakKind.MICRO: "Time for a short break",
    BreakKind.LONG: "Time for a movement break",
    BreakKind.SIT_STAND: "Time to change position",
    BreakKind.WATER: "Time for a glass of water",
    BreakKind.POSTURE_RESET: "Time for a posture reset",
}
KIND_NAMES = {
    BreakKind.MICRO: "Micro-break",
    BreakKind.LONG: "Movement break",
    BreakKind.SIT_STAND: "Sit–stand change",
    BreakKind.WATER: "Water",
    BreakKind.POSTURE_RESET: "Posture reset",
}
POSITIONS = {
    "sitting": "Sitting",
    "standing": "Standing",
    "floor": "On the floor",
    "any": "Anywhere",
}
EQUIPMENT = {
    "chair": "a chair",
    "wall": "a wall",
    "desk": "a desk",
    "door_frame": "a door frame",
    "towel": "a towel",
    "water_glass": "a glass of water",
}
PLAIN_PAUSE_NAME = "A plain pause"  # a break without a movement that suits the person
PLAIN_PAUSE = (
    "Stand up, let your arms hang loose and look at something far away for a moment. "
    "Any gentle movement you like counts."
)


def duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} minutes"


def fmt_clock(at: datetime, now: datetime) -> str:
    """'at 10:30', 'tomorrow at 09:30', 'on Monday at 09:30'."""
    days = (at.date() - now.date()).days
    if days <= 0:
        return f"at {at:%H:%M}"
    if days == 1:
        return f"tomorrow at {at:%H:%M}"
    return f"on {at:%A} at {at:%H:%M}"


def movement_card(m: Movement, kb: KnowledgeBase, felt: str | None = None) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "kind": m.break_kind,
        "illustration": mark_safe(m.illustration),  # checked by the loader (kb_movements)
        "steps": m.steps,
        "cautions": m.cautions,
        "seconds": m.seconds,
        "duration": duration(m.seconds),
        "position": POSITIONS.get(m.position, m.position),
        "equipment": [EQUIPMENT.get(e, e) for e in m.equipment],
        "regions": [kb.regions[r].name for r in m.regions if r in kb.regions],
        "felt": felt or "",
    }


def break_context(upcoming: NextBreak, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    kb = kb or default_kb()
    cards = [movement_card(m, kb) for m in upcoming.movements]
    return {
        "kind": upcoming.kind.value,
        "kind_name": KIND_NAMES[upcoming.kind],
        "title": TITLES[upcoming.kind],
        "at": upcoming.at,
        "seconds": upcoming.seconds,
        "duration": duration(upcoming.seconds),
        "cards": cards,
        "ids": ",".join(m.id for m in upcoming.movements),
        "names": ", ".join(m.name for m in upcoming.movements) or PLAIN_PAUSE_NAME,
        "plain_pause": PLAIN_PAUSE,
        "can_postpone": upcoming.can_postpone,
    }
