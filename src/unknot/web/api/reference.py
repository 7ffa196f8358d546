"""Triage, "where does it hurt?" and the muscle library: the core's answers over HTTP.

Nothing here is stored. The triage and where bodies and answers are the
contract's JSON (shared/spec/triage-and-where.md), byte for byte what the CLI
prints with --format json; the core checks facts and ids and names the
closest known id on a typo (FactsError, a 422 "invalid_facts").
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router
from pydantic import ValidationError as PydanticError

from unknot.core import api as core
from unknot.core.cards import muscle_json
from unknot.core.facts import closest
from unknot.core.kb import default_kb
from unknot.core.search import search_muscles
from unknot.web.api.errors import NotFound, fields_of
from unknot.web.api.knots import clock
from unknot.web.api.schemas import ErrorOut, TextIn, WhereIn
from unknot.web.journal.services import InvalidInput

router = Router(tags=["triage and muscles"])
ERRORS: dict[int, Any] = {422: ErrorOut}

FACTS_EXAMPLE = {
    "locations": [{"region": "calf", "side": "left"}],
    "pain": 6,
    "days": 3,
    "symptoms": ["swelling", "warmth"],
    "conditions": ["recent_long_travel"],
}

FACTS_BODY = Body(..., examples=[FACTS_EXAMPLE, {"text": "sore calf after a long flight"}])


def _text_of(payload: dict[str, Any]) -> str:
    try:
        return TextIn.model_validate(payload).text
    except PydanticError as exc:
        raise InvalidInput(fields_of(exc.errors(), from_ninja=False)) from None


@router.post("/triage", response={200: dict[str, Any], **ERRORS})
def triage(
    request: HttpRequest,
    payload: dict[str, Any] = FACTS_BODY,
) -> dict[str, Any]:
    """How urgent is it? Send the contract's facts object, or {"text": "your own words"}."""
    if "text" in payload:
        return core.triage_text(_text_of(payload), clock=clock()).to_json()
    return core.triage_facts(payload).to_json()


@router.post("/where", response={200: dict[str, Any], **ERRORS})
def where(request: HttpRequest, payload: WhereIn) -> dict[str, Any]:
    """Which muscles may be involved? Send {"regions": [...]} or {"text": "..."}."""
    if payload.text is not None:
        return core.rank_text(payload.text, clock=clock()).to_json()
    return core.where(payload.location_objects()).to_json()


@router.get("/muscles", response=dict[str, list[dict[str, Any]]])
def list_muscles(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Every muscle card, by name; `?q=` searches names, aliases, regions and summaries."""
    kb = default_kb()
    found = search_muscles(q, kb, limit=len(kb.muscles)) if q.strip() else None
    muscles = found if found is not None else sorted(kb.muscles.values(), key=lambda m: m.name)
    return {"items": [muscle_json(m, kb) for m in muscles]}


@router.get("/muscles/{muscle_id}", response={200: dict[str, Any], 404: ErrorOut})
def get_muscle(request: HttpRequest, muscle_id: str) -> dict[str, Any]:
    """One muscle card."""
    kb = default_kb()
    if muscle_id not in kb.muscles:
        near = closest(muscle_id, kb.muscles)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        raise NotFound(f"There is no muscle {muscle_id!r}.{hint}")
    return muscle_json(kb.muscles[muscle_id], kb)
