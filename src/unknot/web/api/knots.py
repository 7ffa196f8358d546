"""Knots, their check-ins and their self-care sessions.

Each endpoint parses its input and makes one call to the journal services,
which hold every rule about what may be stored; their InvalidInput becomes a
422 in the common error shape. Another person's knot is "not found", never
"forbidden": the API does not reveal that it exists.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import BaseModel, Field

from unknot.core.clock import Clock, SystemClock
from unknot.web.api import paging
from unknot.web.api.errors import NotFound
from unknot.web.api.schemas import (
    CheckInIn,
    CheckInOut,
    CheckInPage,
    ErrorOut,
    KnotIn,
    KnotList,
    KnotOut,
    KnotPatch,
    SessionIn,
    SessionOut,
    SessionPage,
    StatusOut,
)
from unknot.web.journal import services
from unknot.web.journal.models import CheckIn, Knot, Session

router = Router(tags=["knots"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}
MAX_ID = 2**63 - 1  # the largest id a database row can have


def clock() -> Clock:
    """The API's one seam for time (tests move it with time_machine)."""
    return SystemClock()


def owner(request: HttpRequest) -> Any:
    user = request.user
    if not user.is_authenticated:
        raise HttpError(401, "Please sign in first")
    return user


def owned_knot(request: HttpRequest, knot_id: int) -> Knot:
    knot = None
    if 0 < knot_id <= MAX_ID:
        query = Knot.objects.filter(pk=knot_id, owner=owner(request))
        knot = query.prefetch_related("activities").first()
    if knot is None:
        raise NotFound(f"There is no knot {knot_id}.")
    return knot


def knot_out(knot: Knot) -> dict[str, Any]:
    fields = [f.attname for f in Knot._meta.concrete_fields if f.attname != "owner_id"]
    out = {name: getattr(knot, name) for name in fields}
    out["activities"] = [
        {"id": a.pk, "name": a.name, "position": a.position} for a in knot.activities.all()
    ]
    return out


# --- knots ---------------------------------------------------------------------------------


@router.get("/knots", response=KnotList, summary="List knots")
def list_knots(request: HttpRequest, archived: bool = False) -> dict[str, Any]:
    knots = Knot.objects.filter(owner=owner(request), is_archived=archived)
    return {"items": [knot_out(k) for k in knots.prefetch_related("activities")]}


@router.post("/knots", response={201: KnotOut, **ERRORS}, summary="Start tracking a knot")
def create_knot(request: HttpRequest, response: HttpResponse, payload: KnotIn) -> Status[Any]:
    data = services.KnotInput(**payload.model_dump())
    knot = services.create_knot(owner(request), data, clock=clock())
    response["Location"] = reverse("api-v1:get_knot", kwargs={"knot_id": knot.pk})
    return Status(201, knot_out(knot))


@router.get("/knots/{int:knot_id}", response={200: KnotOut, **ERRORS}, summary="One knot")
def get_knot(request: HttpRequest, knot_id: int) -> dict[str, Any]:
    return knot_out(owned_knot(request, knot_id))


@router.patch("/knots/{int:knot_id}", response={200: KnotOut, **ERRORS}, summary="Edit a knot")
def update_knot(request: HttpRequest, knot_id: int, payload: KnotPatch) -> dict[str, Any]:
    knot = owned_knot(request, knot_id)
    current = knot_out(knot)
    current["activities"] = [a["name"] for a in current["activities"]]
    fields = services.KnotInput.__dataclass_fields__
    merged = {name: current[name] for name in fields} | payload.model_dump(exclude_unset=True)
    services.update_knot(knot, services.KnotInput(**merged), clock=clock())
    return knot_out(owned_knot(request, knot_id))


def _archive(request: HttpRequest, knot_id: int, archived: bool) -> dict[str, Any]:
    return knot_out(services.set_archived(owned_knot(request, knot_id), archived))


@router.post("/knots/{int:knot_id}/archive", response={200: KnotOut, **ERRORS})
def archive_knot(request: HttpRequest, knot_id: int) -> dict[str, Any]:
    """Put a knot away: it leaves the lists but keeps its history."""
    return _archive(request, knot_id, True)


@router.post("/knots/{int:knot_id}/unarchive", response={200: KnotOut, **ERRORS})
def unarchive_knot(request: HttpRequest, knot_id: int) -> dict[str, Any]:
    """Bring an archived knot back."""
    return _archive(request, knot_id, False)


@router.get("/knots/{int:knot_id}/status", response={200: StatusOut, **ERRORS})
def knot_status(request: HttpRequest, knot_id: int) -> dict[str, Any]:
    """Latest pain, the trend of the last weeks, and triage with the trend applied."""
    status = services.knot_status(owned_knot(request, knot_id), clock=clock())
    verdict = status.verdict
    return {
        "knot": knot_id,
        "latest_pain": status.latest_pain,
        "last_checkin": status.last_checkin,
        "verdict": {
            "trend": verdict.trend.value if verdict.trend else None,
            "change": verdict.change,
            "is_meaningful": verdict.is_meaningful,
            "summary": verdict.summary,
        },
        "needs_attention": status.needs_attention,
        "triage": status.triage.to_json(),
    }


# --- check-ins and sessions ----------------------------------------------------------------


class PageQuery(BaseModel):
    limit: int = Field(paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)
    before: datetime | None = Field(None, description="ISO datetime: only what came before.")


def checkin_out(checkin: CheckIn) -> dict[str, Any]:
    scores = {str(s.activity_id): s.score for s in checkin.scores.all()}
    return {
        "id": checkin.pk,
        "at": checkin.at,
        "pain": checkin.pain,
        "notes": checkin.notes,
        "scores": scores,
    }


def session_out(session: Session) -> dict[str, Any]:
    names = ("at", "strategy", "tool", "minutes", "pain_before", "pain_after", "notes")
    return {"id": session.pk} | {name: getattr(session, name) for name in names}


@router.get("/knots/{int:knot_id}/checkins", response={200: CheckInPage, **ERRORS})
def list_checkins(request: HttpRequest, knot_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    """Check-ins, newest first, a page at a time."""
    knot = services.find_knot(owner(request), knot_id)  # the knot alone: no activities needed
    if knot is None:
        raise NotFound(f"There is no knot {knot_id}.")
    # Plain rows rather than model instances, and the page's scores in one flat read:
    # building objects costs far more than the rows themselves.
    rows = knot.checkins.values_list("pk", "at", "pain", "notes", named=True)
    items, after = paging.page(rows, query.before, query.limit)
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for checkin_id, activity_id, _name, score in services.function_scores([c.pk for c in items]):
        scores[checkin_id][str(activity_id)] = score
    return {
        "items": [
            {"id": c.pk, "at": c.at, "pain": c.pain, "notes": c.notes, "scores": scores[c.pk]}
            for c in items
        ],
        "next": after,
    }


@router.post("/knots/{int:knot_id}/checkins", response={201: CheckInOut, **ERRORS})
def add_checkin(request: HttpRequest, knot_id: int, payload: CheckInIn) -> Status[Any]:
    """Record how the knot feels now (or at `at`)."""
    knot = owned_knot(request, knot_id)
    checkin = services.add_checkin(knot, **payload.model_dump(), clock=clock())
    return Status(201, checkin_out(checkin))


@router.get("/knots/{int:knot_id}/sessions", response={200: SessionPage, **ERRORS})
def list_sessions(request: HttpRequest, knot_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    """Self-care sessions, newest first, a page at a time."""
    rows = owned_knot(request, knot_id).sessions.all()
    items, after = paging.page(rows, query.before, query.limit)
    return {"items": [session_out(s) for s in items], "next": after}


@router.post("/knots/{int:knot_id}/sessions", response={201: SessionOut, **ERRORS})
def add_session(request: HttpRequest, knot_id: int, payload: SessionIn) -> Status[Any]:
    """Record a self-care session: what was done, for how long, pain before and after."""
    knot = owned_knot(request, knot_id)
    session = services.add_session(knot, **payload.model_dump(), clock=clock())
    return Status(201, session_out(session))
