"""A winner becomes the default in the person's plan.

No change to the planner was needed: it already reads the two places a winner belongs.

- Warmth or cold: the profile's heat_cold preference, which core.planner uses to pick the
  heat-or-cold step (and which otherwise tells the person to try both).
- Two strategies of a kind the plan can swap (two movements, two relaxations): the knot's
  PlanChoice, the same "swap this step" the person can make by hand on the knot page. If
  the plan holds the losing strategy and offers the winner in its place, it is swapped; a
  swap the person had made from the winner to the loser is undone.

Tools and times of day have no place in the plan yet: the result stays on the results
page (and in the report), and the note says so.
"""

from __future__ import annotations

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase
from unknot.web.experiments.models import Experiment
from unknot.web.journal import plans, profiles, services
from unknot.web.journal.models import PlanChoice

HEAT_COLD = {"heat", "cold"}


def apply_winner(exp: Experiment, winner: str, kb: KnowledgeBase, clock: Clock | None) -> str:
    """Make the winning option ("a" or "b") the default; returns what changed, in words."""
    won, lost = (exp.option_a, exp.option_b) if winner == "a" else (exp.option_b, exp.option_a)
    label = exp.option_a_label if winner == "a" else exp.option_b_label
    if {won, lost} == HEAT_COLD:
        profiles.update_profile(exp.owner, {"heat_cold": won}, clock, kb)
        if exp.knot is not None:
            _undo_swap(exp, f"{won}:{won}", f"{lost}:{lost}")
        return (
            f"Your profile now says {label.lower()} suits you, so your plans start with it. "
            "You can change that in your profile at any time."
        )
    strategies = kb.strategies
    if won in strategies and lost in strategies and exp.knot is not None:
        kind = strategies[won].kind
        if strategies[lost].kind == kind and kind in plans.SWAPS:
            return _swap(exp, f"{kind}:{won}", f"{kind}:{lost}", label, clock, kb)
    return (
        f"{label} came out ahead. Your plan has no setting for this yet, so keep it in mind "
        "when you choose what to do."
    )


def _swap(
    exp: Experiment, won: str, lost: str, label: str, clock: Clock | None, kb: KnowledgeBase
) -> str:
    knot = exp.knot
    assert knot is not None
    if _undo_swap(exp, won, lost):
        return f"Your plan for this knot uses {label.lower()} again."
    today = (clock or SystemClock()).today()
    status = services.knot_status(knot, clock)
    kp = plans.knot_plan(knot, status, services.profile_of(exp.owner), today, kb)
    item = kp.find(lost)
    if item is not None and won in {key for key, _ in item.alternatives}:
        plans.set_choice(kp, knot, lost, PlanChoice.Action.SWAP, won)
        return f"In your plan for this knot, {label.lower()} now takes the place of the other."
    if any(i.key == won for i in kp.items):
        return f"Your plan for this knot already uses {label.lower()}."
    return f"{label} came out ahead; your plan for this knot does not include either just now."


def _undo_swap(exp: Experiment, won: str, lost: str) -> bool:
    """Forget a swap the person made from the winner to the loser, if there is one."""
    deleted, _ = PlanChoice.objects.filter(
        knot=exp.knot, step_key=won, action=PlanChoice.Action.SWAP, replacement=lost
    ).delete()
    return bool(deleted)
