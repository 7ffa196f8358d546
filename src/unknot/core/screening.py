"""The safety questions of the guided check, and the first safe steps it ends with.

Screening asks about groups of warning signs first ("any of these?") and only
then, one at a time, about each sign in a group the person said yes to: the
whole list one by one would be forty questions, and people stop reading long
before that. Every sign of every group is a knowledge-base symptom with its own
plain question, so the detail questions come from data.
"""

from __future__ import annotations

from dataclasses import dataclass

from unknot.core.kb import KnowledgeBase
from unknot.core.model import Muscle, TriageResult
from unknot.core.planner import release_options, safety_limits


@dataclass(frozen=True)
class ScreeningGroup:
    question: str
    symptoms: tuple[str, ...]


SCREENING = (
    ScreeningGroup(
        "Right now, do you have chest pain or pressure, trouble breathing, or have you fainted?",
        ("chest_pain", "shortness_of_breath", "fainting"),
    ),
    ScreeningGroup(
        "Has your face drooped, your speech become slurred or muddled, or have you become "
        "suddenly clumsy or unsteady?",
        ("facial_droop", "difficulty_speaking", "loss_of_coordination"),
    ),
    ScreeningGroup(
        "Have you had a sudden, very severe headache, a new kind of headache, a stiff neck "
        "with fever, or any change in your eyesight?",
        (
            "sudden_severe_headache",
            "new_headache",
            "stiff_neck_with_fever",
            "vision_change",
            "light_sensitivity",
            "scalp_tenderness",
            "jaw_pain_when_chewing",
        ),
    ),
    ScreeningGroup(
        "Do you feel generally unwell: fever or chills, sweating, feeling sick or being sick, "
        "dizziness, or a rash?",
        ("fever", "chills", "sweating", "nausea", "vomiting", "dizziness", "rash"),
    ),
    ScreeningGroup(
        "Around the sore area: is there swelling, warmth, redness, unusual bruising, or does "
        "the limb look pale or feel cold?",
        ("swelling", "warmth", "redness", "bruising", "pale_or_cold_limb"),
    ),
    ScreeningGroup(
        "Any numbness, pins and needles, or weakness — anywhere, including between your legs?",
        ("numbness", "tingling", "weakness", "saddle_numbness", "widespread_muscle_weakness"),
    ),
    ScreeningGroup(
        "Has your urine turned dark (like tea or cola), or has anything changed in how your "
        "bladder or bowels work?",
        ("dark_urine", "bladder_or_bowel_change"),
    ),
    ScreeningGroup(
        "Did this start with a fall, knock or injury — or is there a deformity, or can you "
        "not put weight on it?",
        ("recent_trauma", "deformity", "unable_to_bear_weight"),
    ),
    ScreeningGroup(
        "Is the pain far worse than you would expect, getting worse quickly, there all the "
        "time, or waking you at night? Any weight loss you can't explain? Does it come on "
        "with effort and ease with rest?",
        (
            "pain_out_of_proportion",
            "rapidly_worsening",
            "constant_pain",
            "night_pain",
            "unexplained_weight_loss",
            "pain_on_exertion",
        ),
    ),
)


def screening_groups(kb: KnowledgeBase) -> tuple[ScreeningGroup, ...]:
    """The groups, keeping only symptoms the knowledge base knows (it is validated in tests)."""
    return tuple(
        ScreeningGroup(g.question, tuple(s for s in g.symptoms if s in kb.symptoms))
        for g in SCREENING
    )


@dataclass(frozen=True)
class Step:
    title: str
    detail: str
    seconds: int
    repetitions: int


def first_steps(muscle: Muscle, result: TriageResult, kb: KnowledgeBase) -> list[Step]:
    """Two gentle things to try today, with the knowledge base's precautions applied.

    The safety logic is the plan builder's (planner.safety_limits and
    planner.release_options), so the guided check and a full plan never disagree.
    """
    if not result.self_care_allowed:
        return []
    limits = safety_limits(result.facts, kb)
    release = muscle.self_release
    options = release_options(muscle, limits, kb)
    steps = []
    if options.tools and options.pressure and not limits.blocks_self_release:
        names = " or ".join(kb.tools[t].name.lower() for t in options.tools[:2])
        steps.append(
            Step(
                f"Gentle pressure with your {names}",
                f"{release.position} {release.instructions} Keep the pressure "
                f"{options.pressure.replace('_', ' ')}: a tender, 'good' ache that eases while "
                "you hold, never sharp pain.",
                release.hold_s,
                release.repetitions,
            )
        )
    stretch = muscle.stretch
    if stretch.is_recommended:
        steps.append(
            Step(
                stretch.name,
                f"{stretch.instructions} {stretch.note}".strip(),
                stretch.hold_s,
                stretch.repetitions,
            )
        )
    return steps
