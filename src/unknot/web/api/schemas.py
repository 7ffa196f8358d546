"""The JSON edge: what the API accepts and returns.

Inputs are strict (a string is not a number, a number is not a boolean) and
refuse unknown fields, so a client's mistake is a 422 naming the field rather
than a silent guess. They check types only: ranges, known ids and dates are
the journal services' rules, checked there once for the pages and the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_TEXT = 2000  # a description in the person's own words; more is not a description


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# --- inputs --------------------------------------------------------------------------------


class KnotIn(StrictIn):
    region: str = Field(description="Region id from the knowledge base, e.g. neck_side.")
    side: str | None = Field(None, description="left, right, both or center.")
    muscle: str | None = Field(None, description="Suspected muscle id, if known.")
    size: str | None = Field(None, description="pinhead, pea, fingertip or thumbprint.")
    feel: list[str] = Field(default_factory=list, description="dull, achy, sharp, radiating.")
    symptoms: list[str] = Field(default_factory=list, description="Symptom ids.")
    limits: str = Field("", description="What the knot stops you doing, in your words.")
    limits_daily_activities: bool = False
    recurring: bool = False
    started_on: str | None = Field(None, description="ISO date; today when left out.")
    notes: str = ""
    activities: list[str] = Field(
        default_factory=list, description="Up to five activities to rate at each check-in."
    )


class KnotPatch(StrictIn):
    """Only the fields sent change; the others keep their values."""

    region: str | None = None
    side: str | None = None
    muscle: str | None = None
    size: str | None = None
    feel: list[str] | None = None
    symptoms: list[str] | None = None
    limits: str | None = None
    limits_daily_activities: bool | None = None
    recurring: bool | None = None
    started_on: str | None = None
    notes: str | None = None
    activities: list[str] | None = None


class CheckInIn(StrictIn):
    pain: int = Field(description="0 (no pain) to 10 (worst imaginable).")
    scores: dict[str, int] = Field(
        default_factory=dict,
        description="Function score (0-10) per activity id of this knot.",
    )
    notes: str = ""
    at: str | None = Field(None, description="ISO date and time; now when left out.")


class SessionIn(StrictIn):
    strategy: str = Field(description="self_release, heat, cold, movement, stretch, ...")
    minutes: int = Field(description="1 to 240.")
    tool: str | None = Field(None, description="Tool id from the knowledge base.")
    pain_before: int | None = None
    pain_after: int | None = None
    notes: str = ""
    at: str | None = Field(None, description="ISO date and time; now when left out.")


class LocationIn(StrictIn):
    region: str
    side: str | None = None


class WhereIn(StrictIn):
    """Either region ids (with an optional side) or a description in plain words."""

    regions: list[str | LocationIn] | None = Field(None, examples=[["base_of_skull"]])
    text: str | None = Field(None, max_length=MAX_TEXT, examples=["ache behind my eye"])

    @field_validator("regions")
    @classmethod
    def _some_regions(cls, value: list[Any] | None) -> list[Any] | None:
        if value is not None and not value:
            raise ValueError("Choose at least one region")
        return value

    @field_validator("text")
    @classmethod
    def _some_text(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("Describe where it hurts in a few words")
        return value

    @model_validator(mode="after")
    def _one_of(self) -> WhereIn:
        if (self.regions is None) == (self.text is None):
            raise ValueError('Send either "regions" or "text", not both and not neither')
        return self

    def location_objects(self) -> list[Any]:
        return [r if isinstance(r, str) else r.model_dump() for r in self.regions or []]


class TextIn(StrictIn):
    text: str = Field(max_length=MAX_TEXT)

    @field_validator("text")
    @classmethod
    def _some_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Describe where it hurts and how it feels in a few words")
        return value


# --- outputs -------------------------------------------------------------------------------


class ActivityOut(BaseModel):
    id: int
    name: str
    position: int


class KnotOut(BaseModel):
    id: int
    region: str
    side: str
    muscle: str
    size: str
    feel: list[str]
    symptoms: list[str]
    limits: str
    limits_daily_activities: bool
    recurring: bool
    started_on: date
    notes: str
    activities: list[ActivityOut]
    is_archived: bool
    is_sample: bool
    created_at: datetime
    updated_at: datetime


class KnotList(BaseModel):
    items: list[KnotOut]


class VerdictOut(BaseModel):
    trend: str | None = Field(description="better, same, worse, or null: too few check-ins.")
    change: float | None = Field(description="Recent mean pain minus the earlier mean.")
    is_meaningful: bool
    summary: str


class StatusOut(BaseModel):
    knot: int
    latest_pain: int | None
    last_checkin: datetime | None
    verdict: VerdictOut
    needs_attention: bool
    triage: dict[str, Any] = Field(description="The triage contract's JSON for this knot.")


class CheckInOut(BaseModel):
    id: int
    at: datetime
    pain: int
    notes: str
    scores: dict[str, int]


class SessionOut(BaseModel):
    id: int
    at: datetime
    strategy: str
    tool: str
    minutes: int
    pain_before: int | None
    pain_after: int | None
    notes: str


class CheckInPage(BaseModel):
    items: list[CheckInOut]
    next: str | None = Field(description="Pass as ?before= for the next (older) page.")


class SessionPage(BaseModel):
    items: list[SessionOut]
    next: str | None = Field(description="Pass as ?before= for the next (older) page.")


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(BaseModel):
    error: ErrorBody
