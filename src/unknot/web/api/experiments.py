"""Personal experiments: create one, list them, read one with its results, today's
assignments, record an outcome (or a missed period), and stop early.

Thin like knots.py: parse, call one experiments service, answer. Their InvalidInput
becomes a 422 in the common error shape; another person's experiment is "not found".
The comparison (analysis) is null while an experiment runs, as on its pages: it opens
when the experiment ends.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router
from ninja.responses import Status
from pydantic import Field

from unknot.web.api.errors import NotFound
from unknot.web.api.knots import clock, owned_knot, owner
from unknot.web.api.schemas import ErrorOut, StrictIn
from unknot.web.experiments import services
from unknot.web.experiments.baseline import baseline_of
from unknot.web.experiments.models import Experiment
from unknot.web.experiments.models import Status as ExperimentStatus

router = Router(tags=["experiments"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


class ExperimentIn(StrictIn):
    knot_id: int | None = Field(None, description="The knot it is for; null for a general one.")
    option_a: str = Field("heat", description="What to compare: a strategy, tool or time id.")
    option_b: str = Field("cold", description="The other option.")
    outcome: str = Field("session_relief", description="session_relief or next_morning_pain.")
    blocks: int = Field(6, description="Pairs of periods, 3 to 12.")
    unit: str = Field("day", description="A period is a day or a session.")
    washout_days: int = Field(0, description="Rest days between periods, 0 to 3 (days only).")
    smallest_difference: float = Field(1.0, description="Points that matter, 0.5 to 5.")
    seed: int | None = Field(None, description="The random draw's seed; drawn when left out.")


class OutcomeIn(StrictIn):
    value: int | None = Field(
        None, description="Relief (pain before minus after, -10 to 10) or next-morning pain."
    )
    pain_before: int | None = Field(None, description="Session relief: pain before, 0-10.")
    pain_after: int | None = Field(None, description="Session relief: pain after, 0-10.")
    period: int | None = Field(None, description="The period's number; the one due when left out.")
    missed: bool = Field(False, description="true: the period was missed (it gets no value).")


def owned_experiment(request: HttpRequest, experiment_id: int) -> Experiment:
    exp = services.find_experiment(owner(request), experiment_id)
    if exp is None:
        raise NotFound(f"There is no experiment {experiment_id}.")
    return exp


def experiment_out(exp: Experiment) -> dict[str, Any]:
    result = services.results(exp, clock())
    now = result.progress
    ended = exp.status != ExperimentStatus.RUNNING
    return {
        "id": exp.pk,
        "knot_id": exp.knot_id,
        "title": services.title(exp),
        "option_a": {"id": exp.option_a, "label": exp.option_a_label},
        "option_b": {"id": exp.option_b, "label": exp.option_b_label},
        "outcome": exp.outcome,
        "blocks": exp.blocks,
        "unit": exp.unit,
        "washout_days": exp.washout_days,
        "seed": exp.seed,
        "smallest_difference": exp.smallest_difference,
        "status": exp.status,
        "started_on": exp.started_on,
        "stopped_on": exp.stopped_on,
        "plan_note": exp.plan_note or None,
        "baseline": baseline.to_json() if (baseline := baseline_of(exp)) else None,
        "periods": [
            {
                "number": p.number,
                "block": p.block,
                "position": p.position,
                "option": p.option,
                "planned_on": p.planned_on,
                "state": now.states[p.number].value,
                "value": p.value,
                "pain_before": p.pain_before,
                "pain_after": p.pain_after,
                "recorded_at": p.recorded_at,
            }
            for p in now.periods
        ],
        "verdict": result.verdict.to_json(),
        "analysis": result.analysis.to_json() if ended else None,
    }


@router.post("/experiments", response={201: dict[str, Any], **ERRORS})
def create_experiment(
    request: HttpRequest, response: HttpResponse, payload: ExperimentIn
) -> Status[Any]:
    """Design and start an experiment today: a randomised schedule of pairs of periods."""
    data = payload.model_dump()
    knot_id = data.pop("knot_id")
    knot = owned_knot(request, knot_id) if knot_id is not None else None
    exp = services.create_experiment(owner(request), services.Setup(**data), knot, clock())
    response["Location"] = reverse("api-v1:get_experiment", kwargs={"experiment_id": exp.pk})
    return Status(201, experiment_out(exp))


@router.get("/experiments", response=dict[str, Any])
def list_experiments(request: HttpRequest, knot_id: int | None = None) -> dict[str, Any]:
    """Every experiment, newest first, as the report summarises them."""
    knot = owned_knot(request, knot_id) if knot_id is not None else None
    found = services.summaries(owner(request), knot)
    return {"items": [_summary_out(s) for s in found]}


def _summary_out(s: services.ExperimentSummary) -> dict[str, Any]:
    out = dict(s.__dict__)
    out["interval"] = list(s.interval) if s.interval else None
    return out


@router.get("/experiments/today", response=dict[str, Any])
def today(request: HttpRequest) -> dict[str, Any]:
    """What to use today, and which outcome is due, in each running experiment."""
    items = []
    for a in services.today_assignments(owner(request), clock()):
        items.append(
            {
                "experiment_id": a.experiment.pk,
                "title": services.title(a.experiment),
                "use": {"period": a.use.number, "option": a.label(a.use)} if a.use else None,
                "rate": {"period": a.rate.number, "option": a.label(a.rate)} if a.rate else None,
                "next": (
                    {"period": a.upcoming.number, "option": a.label(a.upcoming)}
                    if a.upcoming
                    else None
                ),
                "outcome": a.experiment.outcome,
            }
        )
    return {"items": items}


@router.get("/experiments/{int:experiment_id}", response={200: dict[str, Any], **ERRORS})
def get_experiment(request: HttpRequest, experiment_id: int) -> dict[str, Any]:
    """One experiment: its design, every period, and its verdict (and numbers, once ended)."""
    return experiment_out(owned_experiment(request, experiment_id))


@router.post("/experiments/{int:experiment_id}/outcomes", response={200: dict[str, Any], **ERRORS})
def record(request: HttpRequest, experiment_id: int, payload: OutcomeIn) -> dict[str, Any]:
    """Record the due period's outcome, or that it was missed (missed periods get no value)."""
    exp = owned_experiment(request, experiment_id)
    data = payload.model_dump()
    if data.pop("missed"):
        services.mark_missed(exp, period=data["period"], clock=clock())
    else:
        services.record_outcome(exp, **data, clock=clock())
    return experiment_out(exp)


@router.post("/experiments/{int:experiment_id}/stop", response={200: dict[str, Any], **ERRORS})
def stop(request: HttpRequest, experiment_id: int) -> dict[str, Any]:
    """Stop early: what was recorded is analysed; the rest is reported as not run."""
    exp = owned_experiment(request, experiment_id)
    services.stop_experiment(exp, clock())
    return experiment_out(exp)
