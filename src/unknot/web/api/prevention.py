"""Prevention: the recovery and stress log, early-warning check-ins and risk areas,
workstation checks, and insights.

Thin like knots.py: parse, call one prevention operation (recovery, watch, checks,
habits), answer. Their InvalidInput becomes a 422 in the common error shape; a check
or a watched place that is not the person's is a 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, Field

from unknot.core import insights as core_insights
from unknot.core import workstation as ws
from unknot.web.api.errors import NotFound
from unknot.web.api.knots import clock, owner
from unknot.web.api.schemas import ErrorOut, StrictIn
from unknot.web.prevention import checks, habits, recovery, watch

router = Router(tags=["prevention"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


class EntryIn(StrictIn):
    """Every field may be null (not logged); at least one must be given."""

    sleep_hours: float | int | None = Field(None, description="Last night's sleep, 0-24 hours.")
    sleep_quality: int | None = Field(None, description="1 (very poor) to 5 (very good).")
    water: float | int | None = Field(None, description="Glasses or litres (see water_unit).")
    water_unit: str | None = Field(None, description="glasses or litres; your setting if null.")
    stress: int | None = Field(None, description="0 (calm) to 10.")
    exercise_minutes: int | None = Field(None, description="0-600.")
    exercise_kind: str | None = Field(None, description="walk, yoga ... in your words.")


class EntriesQuery(BaseModel):
    limit: int = Field(60, ge=1, le=366)
    before: date | None = Field(None, description="Only the days before this date.")


class AreaIn(StrictIn):
    region: str = Field(description="Region id, e.g. shoulder_top.")
    side: str | None = Field(None, description="left, right, both, center or null.")


class AreaCheckInIn(AreaIn):
    pain: int | None = Field(None, description="0-10; null with skip=true to skip today.")
    skip: bool = Field(False, description="Skip today's question for this area.")


class SpotIn(AreaIn):
    pain: int = Field(description="How much it hurts now, 0-10.")


class QuietIn(StrictIn):
    area: str = Field(description="The area key, e.g. shoulder_top:right.")


class SettingsIn(StrictIn):
    every_days: int | None = Field(None, description="Ask about each area every N days, 1-14.")
    per_day: int | None = Field(None, description="At most this many questions a day, 1-5.")
    water_unit: str | None = Field(None, description="glasses or litres.")


class WorkstationIn(StrictIn):
    answers: dict[str, str] = Field(
        description="Checklist item id -> option id; items left out are skipped.",
        examples=[{"chair_height": "level", "monitor_height": "too_low"}],
    )


# --- the recovery and stress log ---------------------------------------------------------


def _unit(request: HttpRequest) -> str:
    return recovery.settings_of(owner(request)).water_unit


@router.get("/prevention/log", response={200: dict[str, Any], **ERRORS})
def list_entries(request: HttpRequest, query: Query[EntriesQuery]) -> dict[str, Any]:
    """The log, newest day first (water in your unit)."""
    unit = _unit(request)
    rows = recovery.entries(owner(request), query.limit, query.before)
    items = [recovery.view(e, unit).to_json() for e in rows]
    more = len(rows) == query.limit
    return {"items": items, "next": rows[-1].day.isoformat() if more and rows else None}


@router.put("/prevention/log/{day}", response={200: dict[str, Any], **ERRORS})
def put_entry(request: HttpRequest, day: str, payload: EntryIn) -> dict[str, Any]:
    """Write a day's entry: `today`, `yesterday` or that date (only those two days can be
    written). The fields sent replace the day's values; the others keep theirs."""
    values = payload.model_dump(exclude_unset=True)
    unit = values.pop("water_unit", None)
    entry = recovery.save_entry(
        owner(request), values, day=day, partial=True, water_unit=unit, clock=clock()
    )
    return recovery.view(entry, _unit(request)).to_json()


@router.get("/prevention/log/{day}", response={200: dict[str, Any], **ERRORS})
def get_entry(request: HttpRequest, day: date) -> dict[str, Any]:
    entry = recovery.entry_for(owner(request), day)
    if entry is None:
        raise NotFound(f"Nothing is logged for {day.isoformat()}.")
    return recovery.view(entry, _unit(request)).to_json()


@router.get("/prevention/settings", response={200: dict[str, Any], **ERRORS})
def get_settings(request: HttpRequest) -> dict[str, Any]:
    found = recovery.settings_of(owner(request))
    return {
        "every_days": found.every_days,
        "per_day": found.per_day,
        "water_unit": found.water_unit,
    }


@router.put("/prevention/settings", response={200: dict[str, Any], **ERRORS})
def put_settings(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    """Change the fields sent; the others keep their values."""
    recovery.update_settings(owner(request), payload.model_dump(exclude_unset=True))
    return get_settings(request)


# --- early warnings ---------------------------------------------------------------------------


def _area_json(area: Any, state: watch.WatchState) -> dict[str, Any]:
    latest = state.latest(area)
    return {
        "key": area.key,
        "region": area.region,
        "side": area.side or None,
        "origin": area.origin.value,
        "is_asked": area.is_asked,
        "latest": {"day": latest.day.isoformat(), "pain": latest.pain} if latest else None,
    }


def _nudge_json(nudge: watch.Nudge) -> dict[str, Any]:
    found, early = nudge.signal, nudge.early
    return {
        "area": found.area.key,
        "place": nudge.place,
        "kind": found.kind.value,
        "pain": found.pain,
        "recent_mean": found.recent_mean,
        "earlier_mean": found.earlier_mean,
        "since": found.since.isoformat(),
        "muscle": early.muscle,
        "triage": early.triage.to_json(),
        "plan": early.plan.to_json() if early.plan else None,
    }


@router.get("/prevention/warnings", response={200: dict[str, Any], **ERRORS})
def get_warnings(request: HttpRequest) -> dict[str, Any]:
    """Your risk areas, what to ask about today, and nudges with their early plan (a plan
    only when triage allows self-care; `triage` says what to do otherwise)."""
    state = watch.state(owner(request), clock())
    return {
        "today": state.today.isoformat(),
        "areas": [_area_json(a, state) for a in state.areas],
        "due": [{"area": a.key, "question": watch.question(a)} for a in state.due],
        "nudges": [_nudge_json(n) for n in state.nudges],
    }


@router.post("/prevention/checkins", response={201: dict[str, Any], **ERRORS})
def post_checkin(request: HttpRequest, payload: AreaCheckInIn) -> Status[Any]:
    """Today's answer for a risk area (answering again the same day replaces it)."""
    found = watch.record(owner(request), **payload.model_dump(), clock=clock())
    return Status(201, _checkin_json(found))


def _checkin_json(found: Any) -> dict[str, Any]:
    return {
        "area": f"{found.region}:{found.side}" if found.side else found.region,
        "day": found.day.isoformat(),
        "pain": found.pain,
        "skipped": found.pain is None,
    }


@router.get("/prevention/checkins", response={200: dict[str, Any], **ERRORS})
def list_checkins(request: HttpRequest) -> dict[str, Any]:
    """Risk-area answers of the last 60 days, oldest first (pain null: skipped)."""
    since = clock().today() - timedelta(days=watch.HISTORY_DAYS)
    return {"items": [_checkin_json(c) for c in watch.checkins_since(owner(request), since)]}


@router.post("/prevention/areas", response={201: dict[str, Any], **ERRORS})
def post_area(request: HttpRequest, payload: AreaIn) -> Status[Any]:
    """Watch a place of your own."""
    found = watch.add_area(owner(request), **payload.model_dump(), clock=clock())
    return Status(201, {"id": found.pk, "region": found.region, "side": found.side or None})


@router.delete("/prevention/areas/{int:area_id}", response={204: None, **ERRORS})
def delete_area(request: HttpRequest, area_id: int) -> Status[None]:
    if not watch.remove_area(owner(request), area_id):
        raise NotFound(f"You do not watch a place {area_id}.")
    return Status(204, None)


@router.post("/prevention/spots", response={201: dict[str, Any], **ERRORS})
def post_spot(request: HttpRequest, payload: SpotIn) -> Status[Any]:
    """A new sore spot: the place is watched and today's pain there is logged."""
    found = watch.new_spot(owner(request), **payload.model_dump(), clock=clock())
    return Status(201, _checkin_json(found))


@router.post("/prevention/quiet", response={200: dict[str, Any], **ERRORS})
def post_quiet(request: HttpRequest, payload: QuietIn) -> dict[str, Any]:
    """ "Not now": the nudge for an area stays away for a week."""
    until = watch.quiet(owner(request), payload.area, clock())
    return {"area": payload.area, "quiet_until": until.isoformat()}


# --- workstation checks -------------------------------------------------------------------------


@router.get("/prevention/workstation/items", response={200: dict[str, Any], **ERRORS})
def get_items(request: HttpRequest) -> dict[str, Any]:
    """The checklist: questions, answers (points 2 fits, 1 partly, 0 change; null: does not
    apply) and their recommendations."""
    return {
        "items": [
            {
                "id": item.id,
                "title": item.title,
                "question": item.question,
                "why": item.why,
                "sources": list(item.sources),
                "options": [
                    {
                        "id": o.id,
                        "label": o.label,
                        "points": o.points,
                        "recommendation": o.recommendation or None,
                    }
                    for o in item.options
                ],
            }
            for item in ws.default_items()
        ]
    }


@router.post("/prevention/workstation/checks", response={201: dict[str, Any], **ERRORS})
def post_check(request: HttpRequest, payload: WorkstationIn) -> Status[Any]:
    """Score a run through the checklist and keep it; the answer compares it with your
    check before it."""
    found = checks.save_check(owner(request), payload.answers, clock())
    return Status(201, checks.report(found).to_json())


@router.get("/prevention/workstation/checks", response={200: dict[str, Any], **ERRORS})
def list_checks(request: HttpRequest) -> dict[str, Any]:
    """Your checks, newest first."""
    return {
        "items": [
            {"id": c.pk, "day": c.day.isoformat(), "score": c.score}
            for c in checks.checks_of(owner(request))
        ]
    }


@router.get(
    "/prevention/workstation/checks/{int:check_id}", response={200: dict[str, Any], **ERRORS}
)
def get_check(request: HttpRequest, check_id: int) -> dict[str, Any]:
    found = checks.find_check(owner(request), check_id)
    if found is None:
        raise NotFound(f"There is no workstation check {check_id}.")
    return checks.report(found).to_json()


# --- insights ------------------------------------------------------------------------------------


@router.get("/prevention/insights", response={200: dict[str, Any], **ERRORS})
def get_insights(request: HttpRequest) -> dict[str, Any]:
    """How each habit goes with the pain of the day after. Below `needed` days only the
    count is given. Association, not proof: test a habit with a personal experiment."""
    return {
        "caveat": "Association, not proof: these show what tends to happen together.",
        "needed": core_insights.MIN_DAYS,
        "items": [habits.insight_json(a) for a in habits.person_insights(owner(request), clock())],
    }
