"""Movement breaks: the next break, recording how one went, the settings and statistics.

Thin like knots.py: parse, call one breaks service, answer. InvalidInput becomes a 422 in
the common error shape.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, Field

from unknot.web.api.knots import clock, owner
from unknot.web.api.schemas import ErrorOut, StrictIn
from unknot.web.breaks import services
from unknot.web.breaks.models import BreakEvent, BreakSettings
from unknot.web.journal.services import InvalidInput

router = Router(tags=["movement breaks"])
ERRORS: dict[int, Any] = {422: ErrorOut}
LONGEST_RANGE_DAYS = 366


class OutcomeIn(StrictIn):
    kind: str = Field(description="micro, long, sit_stand, water or posture_reset.")
    outcome: str = Field(description="done, skipped, postponed, natural or unanswered.")
    movements: list[str] = Field(default_factory=list, description="Movement ids shown.")
    seconds: int | None = Field(None, description="How long the break took, in seconds.")
    felt: str = Field("", description="fine, hurt or disliked (hurt and disliked drop them).")
    at: datetime | None = Field(None, description="When the break began; now when left out.")


class SettingsIn(StrictIn):
    """Only the fields sent change; the others keep their values."""

    is_enabled: bool | None = None
    hours: list[list[list[str]]] | None = Field(
        None, description='Seven days (Monday first) of up to three ["09:00", "17:30"] spans.'
    )
    micro_every_min: int | None = None
    micro_min_s: int | None = None
    micro_max_s: int | None = None
    long_every_min: int | None = None
    long_min_s: int | None = None
    long_max_s: int | None = None
    min_gap_min: int | None = None
    postpone_min: int | None = None
    max_postpones: int | None = None
    idle_threshold_s: int | None = None
    kinds: list[str] | None = Field(None, description="Mixed in: sit_stand, water, posture_reset.")
    equipment: list[str] | None = None
    notify: str | None = Field(None, description="overlay, notification or quiet.")


class StatsQuery(BaseModel):
    start: date | None = Field(None, description="First day (default: 13 days before end).")
    end: date | None = Field(None, description="Last day, included (default: today).")
    weeks: int = Field(8, ge=1, le=52, description="Weeks in the weekly table.")


def settings_out(stored: BreakSettings) -> dict[str, Any]:
    return {name: getattr(stored, name) for name in services.SETTINGS_FIELDS}


def event_out(event: BreakEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": event.at.isoformat(),
        "kind": event.kind,
        "movements": list(event.movements),
        "outcome": event.outcome,
        "seconds": event.seconds,
        "felt": event.felt or None,
    }


@router.get("/breaks/next", response={200: dict[str, Any]})
def get_next(request: HttpRequest) -> dict[str, Any]:
    """The next break in your working hours (null when breaks are off or none lies ahead)."""
    now = clock().now()
    upcoming = services.next_break_for(owner(request), clock())
    if upcoming is None:
        return {"break": None, "seconds_until": None, "is_due": False}
    return {
        "break": upcoming.to_json(),
        "seconds_until": max(int((upcoming.at - now).total_seconds()), 0),
        "is_due": services.is_due(upcoming, now),
    }


@router.post("/breaks/events", response={201: dict[str, Any], **ERRORS})
def post_event(request: HttpRequest, payload: OutcomeIn) -> Status[dict[str, Any]]:
    """Record how a break went; "hurt" or "disliked" takes its movements out of rotation."""
    data = services.OutcomeInput(
        payload.kind, payload.outcome, payload.movements, payload.seconds, payload.felt, payload.at
    )
    event = services.record_outcome(owner(request), data, clock())
    return Status(201, event_out(event))


@router.get("/breaks/settings", response={200: dict[str, Any]})
def get_settings(request: HttpRequest) -> dict[str, Any]:
    return settings_out(services.settings_of(owner(request)))


@router.put("/breaks/settings", response={200: dict[str, Any], **ERRORS})
def put_settings(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    """Change the settings; they are checked together before anything is stored."""
    changes = payload.model_dump(exclude_unset=True)
    return settings_out(services.save_settings(owner(request), changes))


@router.get("/breaks/stats", response={200: dict[str, Any], **ERRORS})
def get_stats(request: HttpRequest, query: Query[StatsQuery]) -> dict[str, Any]:
    """Breaks done, skipped and put off per day (every day in the range) and per week."""
    end = query.end or clock().now().date()
    start = query.start or end - timedelta(days=13)
    if start > end or (end - start).days >= LONGEST_RANGE_DAYS:
        raise InvalidInput(
            {"start": [f"Use a start on or before the end, within {LONGEST_RANGE_DAYS} days."]}
        )
    person = owner(request)
    return {
        "days": [t.to_json() for t in services.day_tallies(person, start, end, clock())],
        "weeks": [t.to_json() for t in services.week_tallies(person, query.weeks, clock())],
    }
