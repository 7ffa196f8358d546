"""Plans, the profile they are fitted to, the causes questionnaire and movement dosing.

Thin like knots.py: parse, call one journal operation (plans, profiles, doses), answer.
Their InvalidInput becomes a 422 in the common error shape; a step the knot's plan does
not have is a 404, like a knot that does not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, Field

from unknot.web.api.errors import NotFound
from unknot.web.api.knots import clock, owned_knot, owner
from unknot.web.api.schemas import ErrorOut, StrictIn
from unknot.web.journal import doses, plans, profiles, services
from unknot.web.journal.models import Knot
from unknot.web.journal.plans import KnotPlan, UnknownStep
from unknot.web.journal.services import InvalidInput

router = Router(tags=["plans, profile and dosing"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


# --- schemas (inputs strict, like schemas.py) -----------------------------------------------


class ChoiceIn(StrictIn):
    action: str = Field(description="drop (leave the step out) or swap.")
    replacement: str | None = Field(
        None, description="For a swap: the step key of one of the step's alternatives."
    )


class ProfileIn(StrictIn):
    """Only the fields sent change; the others keep their values."""

    tools: list[str] | None = Field(None, description="Tool ids you own (hands always count).")
    heat_cold: str | None = Field(None, description="heat, cold, or empty/null: not sure yet.")
    minutes: int | None = Field(None, description="Minutes for a session, 1 to 60.")
    conditions: list[str] | None = Field(None, description="Condition ids that apply to you.")
    birth_year: int | None = Field(None, description="Year of birth; null to remove it.")


class CausesIn(StrictIn):
    answers: dict[str, int] = Field(
        description="Question id -> answer value; questions left out are skipped, not guessed.",
        examples=[{"stress_level": 2, "recovery_sleep": 1}],
    )


class DoseIn(StrictIn):
    activity: str = Field(description="What you did, in your words: run, deadlift, yoga ...")
    pain_during: int = Field(description="0-10.")
    pain_after: int = Field(description="0-10, straight afterwards.")
    pain_before: int | None = Field(None, description="0-10, before the activity.")
    next_morning: str | int | None = Field(
        None, description="better, same, worse, or a 0-10 pain number; null if not known yet."
    )
    day: str | None = Field(None, description="ISO date of the activity; today when left out.")


class StopIn(StrictIn):
    reason: str = Field(description="hurts_more, numbness, tingling, sharp_pain or other.")
    step: int = Field(1, description="The step (1-based) the session stopped at.")
    pain_before: int | None = Field(None, description="0-10, before the session, if rated.")
    words: str = Field("", max_length=500, description="For other: what happened, in your words.")


class FinishIn(StrictIn):
    steps_done: int | None = Field(None, description="Steps done; all when left out.")
    pain_before: int = Field(description="0-10, before the session.")
    pain_after: int = Field(description="0-10, after it.")
    notes: str = Field("", max_length=400)


class MorningIn(StrictIn):
    next_morning: str | int = Field(description="better, same, worse, or a 0-10 pain number.")


class HistoryQuery(BaseModel):
    activity: str | None = Field(None, description="One activity's history; all when left out.")


class ProfileOut(BaseModel):
    birth_year: int | None
    conditions: list[str]
    tools: list[str]
    heat_cold: str | None
    minutes: int
    causes: dict[str, Any] | None = Field(description="The causes questionnaire's last result.")


# --- the plan --------------------------------------------------------------------------------


def _plan(request: HttpRequest, knot: Knot) -> KnotPlan:
    profile = services.read_profile(owner(request))
    status = services.knot_status(knot, clock(), profile)
    return plans.knot_plan(knot, status, profile, clock().today())


@router.get("/knots/{int:knot_id}/plan", response={200: dict[str, Any], **ERRORS})
def get_plan(request: HttpRequest, knot_id: int) -> dict[str, Any]:
    """The knot's plan, built now from its triage and your profile, with your changes.

    Above self-care there are no steps: `withheld` and `advice` say what to do next.
    Each step has a `key`; a change is kept under its `choice_key`.
    """
    return _plan(request, owned_knot(request, knot_id)).to_json()


@router.put(
    "/knots/{int:knot_id}/plan/choices/{step_key}", response={200: dict[str, Any], **ERRORS}
)
def put_choice(
    request: HttpRequest, knot_id: int, step_key: str, payload: ChoiceIn
) -> dict[str, Any]:
    """Leave a step out or swap it; remembered when the plan is built again."""
    knot = owned_knot(request, knot_id)
    try:
        plans.set_choice(
            _plan(request, knot), knot, step_key, payload.action, payload.replacement or ""
        )
    except UnknownStep as exc:
        raise NotFound(str(exc)) from None
    return _plan(request, knot).to_json()


@router.delete("/knots/{int:knot_id}/plan/choices/{step_key}", response={204: None, **ERRORS})
def delete_choice(request: HttpRequest, knot_id: int, step_key: str) -> Status[None]:
    """Forget a change: the planner's own step comes back."""
    knot = owned_knot(request, knot_id)
    if not plans.clear_choice(knot, step_key):
        raise NotFound(f"There is no change to step {step_key!r} of this plan.")
    return Status(204, None)


# --- the profile and the causes questionnaire --------------------------------------------------


@router.get("/profile", response={200: ProfileOut, **ERRORS})
def get_profile(request: HttpRequest) -> dict[str, Any]:
    """What plans are fitted to: tools, warmth or cold, minutes, conditions, year of birth."""
    return profiles.profile_json(services.profile_of(owner(request)))


@router.put("/profile", response={200: ProfileOut, **ERRORS})
def put_profile(request: HttpRequest, payload: ProfileIn) -> dict[str, Any]:
    """Change the fields sent; the others keep their values."""
    changes = payload.model_dump(exclude_unset=True)
    return profiles.profile_json(profiles.update_profile(owner(request), changes, clock()))


@router.post("/causes", response={200: dict[str, Any], **ERRORS})
def post_causes(request: HttpRequest, payload: CausesIn) -> dict[str, Any]:
    """Score the causes questionnaire and keep the result on your profile (plans use it)."""
    try:
        result = profiles.save_causes(owner(request), payload.answers)
    except InvalidInput as exc:
        raise InvalidInput(
            {k if k == "answers" else f"answers.{k}": v for k, v in exc.errors.items()}
        ) from None
    return result.to_json()


# --- guided sessions -----------------------------------------------------------------------------


@router.post("/knots/{int:knot_id}/session/stop", response={200: dict[str, Any], **ERRORS})
def stop_session(request: HttpRequest, knot_id: int, payload: StopIn) -> dict[str, Any]:
    """Stop a guided session for safety: the finding is kept on the knot (a symptom, or
    "getting worse" for two weeks when it hurt more), the session is logged with the reason,
    and the answer carries the knot's triage run again, as the web player shows it."""
    knot = owned_knot(request, knot_id)
    kp = _plan(request, knot)
    session = plans.stop_session(
        knot, kp, reason=payload.reason, step=payload.step, pain_before=payload.pain_before,
        words=payload.words, clock=clock(),
    )  # fmt: skip
    knot.refresh_from_db()
    status = services.knot_status(knot, clock(), services.read_profile(owner(request)))
    return {
        "session_id": session.pk if session else None,
        "reason": payload.reason,
        "triage": status.triage.to_json(),
        "plan_allowed": _plan(request, knot).is_allowed,
    }


@router.post("/knots/{int:knot_id}/session/finish", response={201: dict[str, Any], **ERRORS})
def finish_session(request: HttpRequest, knot_id: int, payload: FinishIn) -> Status[Any]:
    """Log a finished guided session of the knot's plan (all steps unless told otherwise)."""
    knot = owned_knot(request, knot_id)
    kp = _plan(request, knot)
    if not kp.items:
        raise InvalidInput({"steps_done": ["This knot has no plan to follow right now."]})
    session = plans.finish_session(
        knot, kp, done=payload.steps_done or len(kp.items), pain_before=payload.pain_before,
        pain_after=payload.pain_after, notes=payload.notes, clock=clock(),
    )  # fmt: skip
    return Status(
        201,
        {
            "session_id": session.pk,
            "strategy": session.strategy,
            "tool": session.tool,
            "minutes": session.minutes,
            "pain_before": session.pain_before,
            "pain_after": session.pain_after,
        },
    )


# --- movement dosing ---------------------------------------------------------------------------


@router.post("/dose", response={201: dict[str, Any], **ERRORS})
def post_dose(request: HttpRequest, payload: DoseIn) -> Status[Any]:
    """Log one bout of an activity; the answer has its traffic light and the activity's trend."""
    person = owner(request)
    bout = doses.add_exposure(person, **payload.model_dump(), clock=clock())
    report = doses.activity_report(person, bout.activity, clock().today())
    return Status(
        201,
        {
            "exposure": doses.exposure_json(bout),
            "dose": doses.judge(bout).to_json(),
            "trend": report.trend.to_json() if report else None,
        },
    )


@router.get("/dose/history", response={200: dict[str, Any], **ERRORS})
def dose_history(request: HttpRequest, query: Query[HistoryQuery]) -> dict[str, Any]:
    """One activity's bouts, newest first, each with its light; or every activity's summary."""
    person = owner(request)
    today: date = clock().today()
    if query.activity is None:
        return {
            "activities": [
                {"key": a.key, "activity": a.name, "bouts": a.bouts, "last_day": a.last_day}
                for a in doses.activities(person)
            ]
        }
    report = doses.activity_report(person, query.activity, today)
    if report is None:
        raise NotFound(f"Nothing logged for the activity {query.activity!r}.")
    return report.to_json()


@router.put("/dose/{int:exposure_id}/next-morning", response={200: dict[str, Any], **ERRORS})
def put_next_morning(request: HttpRequest, exposure_id: int, payload: MorningIn) -> dict[str, Any]:
    """Fill in (or correct) how the knot felt the morning after; the light is judged again."""
    bout = doses.find_exposure(owner(request), exposure_id)
    if bout is None:
        raise NotFound(f"There is no logged activity {exposure_id}.")
    bout = doses.set_next_morning(bout, payload.next_morning)
    return {"exposure": doses.exposure_json(bout), "dose": doses.judge(bout).to_json()}
