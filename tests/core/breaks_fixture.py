"""A small, fixed set of break movements for the scheduler's tests.

Built in code (never read from kb/movements/), so the scheduler's tests say exactly what
they rely on and do not move when the movement library grows.
"""

from __future__ import annotations

from dataclasses import replace

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Movement


def movement(
    mid: str,
    regions: tuple[str, ...],
    muscles: tuple[str, ...] = (),
    *,
    kind: str = "movement",
    seconds: int = 45,
    position: str = "sitting",
    equipment: tuple[str, ...] = (),
    avoid_with: tuple[str, ...] = (),
) -> Movement:
    return Movement(
        mid,
        mid.replace("_", " ").capitalize(),
        kind,
        seconds,
        position,
        equipment,
        muscles,
        regions,
        ("Sit tall.", "Move gently."),
        ("Stop if it hurts.",),
        avoid_with,
        f'<svg viewBox="0 0 120 120" role="img"><title>{mid}</title></svg>',
        ("nhs_back_pain",),
    )


MOVEMENTS = [
    movement("chin_tucks", ("neck_back",), ("suboccipitals", "upper_trapezius")),
    movement("neck_side_tilt", ("neck_side",), ("scalenes", "levator_scapulae")),
    movement("shoulder_rolls", ("shoulder_top",), ("upper_trapezius",)),
    movement("shoulder_shrugs", ("shoulder_top", "neck_side"), ("upper_trapezius",)),
    movement("blade_squeeze", ("between_shoulder_blades",), ("rhomboids",)),
    movement("doorway_chest", ("chest",), ("pectoralis_major",), equipment=("door_frame",)),
    movement("wrist_circles", ("forearm_front",), ("wrist_flexors",)),
    movement("forearm_stretch", ("forearm_back",), ("wrist_extensors",)),
    movement("calf_raises", ("calf",), ("gastrocnemius",), position="standing"),
    movement("hip_opener", ("hip_front",), ("iliopsoas",), position="standing", seconds=60),
    movement("back_arch", ("low_back",), ("erector_spinae",), position="standing"),
    movement(
        "cat_cow", ("mid_back", "low_back"), ("erector_spinae",), position="floor", seconds=120
    ),
    movement(
        "walk_about", ("calf", "thigh_back"), ("hamstrings",), position="standing", seconds=180
    ),
    movement("twist", ("mid_back",), ("multifidus",), avoid_with=("pregnancy",)),
    movement("stand_and_work", (), kind="sit_stand", position="standing", seconds=30),
    movement("glass_of_water", (), kind="water", position="any", seconds=30),
    movement("posture_check", ("neck_back",), kind="posture_reset", seconds=30),
]


def fixture_kb() -> KnowledgeBase:
    return replace(default_kb(), movements={m.id: m for m in MOVEMENTS})
